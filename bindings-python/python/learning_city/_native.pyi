"""Type stubs for learning_city._native, the compiled core of learning_city."""

import os
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Tuple, TypedDict, Union, overload

__version__: str
#: The name of the rulebook used when none is given: "standard".
DEFAULT_RULEBOOK: str
#: The default relative change of each weight for sensitivity(): 0.1 (+/-10 %).
DEFAULT_CHANGE: float

class Text(TypedDict):
    """A text in Chinese (zh) and English (en)."""

    zh: str
    en: str

class GapDict(TypedDict):
    """What an unmet indicator lacks: an amount in its own unit and a sentence."""

    amount: float
    text: Text

class IndicatorDict(TypedDict):
    """One indicator's result."""

    id: str
    label: Text
    status: Literal["met", "unmet", "no_data"]
    met: bool
    #: A number, or a date "YYYY-MM-DD" for deadline rules; None without data.
    value: Union[float, str, None]
    target: Union[float, str]
    points: float
    max: float
    veto: bool
    bonus: bool
    why: Text
    gap: Optional[GapDict]

class WorkItemDict(TypedDict):
    """One action on the work list (以评促建)."""

    indicator: str
    label: Text
    action: Text
    missing: Optional[float]
    department: Optional[Text]
    points_at_stake: float
    veto: bool

class AssessmentDict(TypedDict):
    """The appraisal of one record, as assess() returns it."""

    unit: str
    period: str
    rulebook: str
    score: float
    max_score: float
    grade: str
    grade_label: Text
    vetoed: bool
    indicators: List[IndicatorDict]
    work_list: List[WorkItemDict]

class ErrorDict(TypedDict):
    """An error as data: the attributes of LearningCityError."""

    kind: str
    code: str
    path: str
    reason: str

class FailureDict(TypedDict):
    """A record of a batch that could not be assessed."""

    unit: Optional[str]
    error: ErrorDict

Outcome = Union[AssessmentDict, FailureDict]
RulebookSpec = Union["Rulebook", str, Mapping[str, Any], None]
#: One rulebook, or (for assess_many) a list of versions of one rulebook.
RulebookOrVersions = Union[RulebookSpec, List[Union["Rulebook", str, Mapping[str, Any]]]]
Document = Any

class LearningCityError(ValueError):
    """Base of every error learning_city raises for bad input."""

    #: The concern: "record", "rulebook", "network", ...
    kind: str
    #: A stable machine-readable code: "negative", "bad_date", "missing_column", ...
    code: str
    #: Where the bad value is: "records[3].residents" ("" for the whole input).
    path: str
    #: Why it is bad, in English.
    reason: str

class RulebookError(LearningCityError):
    """A rulebook that cannot be used."""

class RecordError(LearningCityError):
    """A record that cannot be assessed."""

class NetworkError(LearningCityError):
    """A network document that cannot be read."""

class DesignationError(LearningCityError):
    """A designation round or nomination that cannot be used."""

class MoneyError(LearningCityError):
    """Funding or expense documents that cannot be read."""

class ActivityError(LearningCityError):
    """Activities that cannot be counted."""

class InputError(LearningCityError):
    """An argument that cannot be read as a whole (not JSON, too large, too many)."""

class DistrictError(LearningCityError):
    """A district document that cannot be read."""

class Rulebook:
    """An appraisal standard (a rulebook): named, versioned, immutable, picklable."""

    @classmethod
    def builtin(cls, name: str) -> "Rulebook":
        """A built-in rulebook by name ("standard", "national-2010")."""
    @classmethod
    def default(cls) -> "Rulebook":
        """The rulebook used when none is named (DEFAULT_RULEBOOK)."""
    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> "Rulebook":
        """A rulebook from its document as Python data; raises RulebookError."""
    @classmethod
    def from_json(cls, text: str) -> "Rulebook":
        """A rulebook from JSON text; raises RulebookError."""
    @classmethod
    def from_file(cls, path: Union[str, "os.PathLike[str]"]) -> "Rulebook":
        """A rulebook from a JSON file; raises OSError or RulebookError."""
    @property
    def id(self) -> str:
        """The short name, e.g. "standard"."""
    @property
    def version(self) -> str:
        """The version, e.g. "2020"."""
    @property
    def citation(self) -> str:
        """"id@version": "standard@2020"."""
    @property
    def fields(self) -> List[str]:
        """The record fields some indicator reads, in indicator order."""
    @property
    def field_shapes(self) -> List[Tuple[str, str]]:
        """Each field some indicator reads with the shape of value it needs:
        "count", "months", "date", "dates", "date_pairs" or "flag"."""
        ...
    @property
    def indicator_ids(self) -> List[str]:
        """The indicator ids in order: ["T1", "T2", ...]."""
    def to_dict(self) -> Dict[str, Any]:
        """The rulebook's document as plain Python data."""
    def to_json(self, pretty: bool = False) -> str:
        """The rulebook's document as JSON text."""
    def __eq__(self, other: object) -> bool: ...
    def __reduce__(self) -> Any: ...

def error_codes() -> List[Tuple[str, str]]:
    """Every (kind, code) pair the core can give, sorted."""

def builtin_names() -> List[str]:
    """The names of the built-in rulebooks."""

def load_rulebook(rulebook: RulebookSpec = None) -> Rulebook:
    """The rulebook meant by a rulebook= argument (None: the default)."""

def assess(record: Mapping[str, Any], rulebook: RulebookSpec = None) -> AssessmentDict:
    """Assess one record; raises RecordError for impossible data."""

@overload
def assess_many(
    records: Iterable[Mapping[str, Any]],
    rulebook: RulebookOrVersions = None,
    explain: Optional[Literal["both"]] = None,
    shape: Optional[Literal["full"]] = None,
) -> List[Outcome]:
    """Assess a batch: one outcome per record, in order."""
@overload
def assess_many(
    records: Iterable[Mapping[str, Any]],
    rulebook: RulebookOrVersions = None,
    explain: Optional[Literal["none", "zh", "en", "both"]] = None,
    shape: Literal["compact"] = ...,
) -> Dict[str, Any]:
    """The compact shape: the indicators once, then per record lists."""

def sensitivity(
    records: Iterable[Mapping[str, Any]],
    rulebook: RulebookSpec = None,
    change: float = 0.1,
) -> Dict[str, Any]:
    """How grades and ranks move when each weight moves by +/- change."""

def check_network(units: Document, members: Document = None) -> List[Dict[str, Any]]:
    """The findings of the network rules N1-N5; raises NetworkError."""

def fill_round(round: Document, candidates: Document = None) -> Dict[str, Any]:
    """Fill a designation round's quota by rank; raises DesignationError."""

def run_steps(nomination: Document, steps: Document) -> Dict[str, Any]:
    """Apply workflow steps to a nomination; raises DesignationError."""

def review_money(
    units: Document = None,
    fundings: Document = None,
    expenses: Document = None,
    members: Document = None,
    *,
    at_least_per_capita: float,
) -> Dict[str, Any]:
    """Review funding and expenses; raises MoneyError."""

def appraise_district(district: Document, rulebook: RulebookSpec = None) -> Dict[str, Any]:
    """The whole district report; raises DistrictError."""

def _columns_read(rulebook: Rulebook, names: List[str], missing_columns: str) -> List[str]:
    """The frame columns the rulebook reads (assess_frame's first step); raises RecordError."""

def _score_frame(
    rulebook: Rulebook,
    rows: int,
    columns: List[Tuple[str, Any]],
    missing_columns: str,
    explain: Optional[str],
) -> Dict[str, Any]:
    """assess_frame's result columns: float64/bool buffers and lists (see frame.py)."""
