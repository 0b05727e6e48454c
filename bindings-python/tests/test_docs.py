"""Docstrings, help(), the doctest examples they show, and the type stub."""

import ast
import doctest
import inspect
import pathlib
import pydoc

import learning_city as lc
from learning_city import _native, frame

PACKAGE = pathlib.Path(lc.__file__).parent
CONSTANTS = {"DEFAULT_RULEBOOK", "DEFAULT_CHANGE", "__version__"}


def test_every_public_name_has_a_docstring():
    for name in lc.__all__:
        if name in CONSTANTS:
            continue
        doc = inspect.getdoc(getattr(lc, name))
        assert doc and len(doc) > 40, name
    for name, member in vars(lc.Rulebook).items():
        if not name.startswith("_"):
            assert inspect.getdoc(member), f"Rulebook.{name}"


def test_help_says_what_assess_needs():
    text = pydoc.render_doc(lc.assess)
    for needed in ("record", "rulebook=None", '"unit"', '"period"', "Rulebook.fields", "RecordError", "score", "grade"):
        assert needed in text, needed
    assert list(inspect.signature(lc.assess).parameters) == ["record", "rulebook"]
    assert inspect.signature(lc.assess_many).parameters["rulebook"].default is None
    frame_help = pydoc.render_doc(lc.assess_frame)
    for needed in ("missing_columns", "activities_by_month_1", "points_<id>", "error", "RecordError"):
        assert needed in frame_help, needed


def test_exceptions_are_documented_and_ranked():
    assert issubclass(lc.LearningCityError, ValueError)
    for cls in (lc.RulebookError, lc.RecordError, lc.NetworkError, lc.DesignationError, lc.MoneyError, lc.DistrictError):
        assert issubclass(cls, lc.LearningCityError)
        assert cls.__module__ == "learning_city"
        assert "LearningCityError" in cls.__doc__
    assert "path" in lc.LearningCityError.__doc__ and "reason" in lc.LearningCityError.__doc__


def run_doctests(obj, name, globs):
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = finder.find(obj, name, globs=dict(globs))
    for t in tests:
        runner.run(t)
    return runner.summarize(verbose=False), sum(len(t.examples) for t in tests)


def test_docstring_examples_run():
    globs = {name: getattr(lc, name) for name in lc.__all__}
    attempted = 0
    objects = [(lc, "learning_city"), (frame.assess_frame, "assess_frame")]
    objects += [(getattr(_native, n), n) for n in dir(_native) if not n.startswith("_")]
    for obj, name in objects:
        (failed, tried), examples = run_doctests(obj, name, globs)
        assert failed == 0, name
        attempted += tried
    assert attempted >= 5


def stub_names():
    tree = ast.parse((PACKAGE / "_native.pyi").read_text(encoding="utf-8"))
    names, methods = set(), set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        if isinstance(node, ast.ClassDef) and node.name == "Rulebook":
            methods = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
    return names, methods


def test_the_stub_matches_the_module():
    names, methods = stub_names()
    runtime = {n for n in dir(_native) if not n.startswith("__")} | {"__version__"}
    assert runtime <= names, runtime - names
    # Names only the stub has are its typed-dict and alias helpers.
    assert names - runtime == {
        "Text", "GapDict", "IndicatorDict", "WorkItemDict", "AssessmentDict",
        "ErrorDict", "FailureDict", "Outcome", "RulebookSpec", "RulebookOrVersions", "Document",
    }
    public_methods = {n for n in vars(lc.Rulebook) if not n.startswith("_")}
    assert public_methods == {m for m in methods if not m.startswith("_")}
    assert (PACKAGE / "py.typed").is_file()
