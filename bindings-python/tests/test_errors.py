"""The exception classes against the core's registry of error codes."""

import learning_city as lc

KIND_CLASSES = {
    "record": lc.RecordError,
    "rulebook": lc.RulebookError,
    "network": lc.NetworkError,
    "designation": lc.DesignationError,
    "money": lc.MoneyError,
    "activity": lc.ActivityError,
    "district": lc.DistrictError,
    "input": lc.InputError,
}


def test_every_kind_of_the_registry_has_its_own_class():
    kinds = {kind for kind, _ in lc.error_codes()}
    assert kinds == set(KIND_CLASSES)
    classes = set(KIND_CLASSES.values())
    assert len(classes) == len(KIND_CLASSES)
    for cls in classes:
        assert issubclass(cls, lc.LearningCityError) and cls is not lc.LearningCityError


def test_registry_lists_each_pair_once_in_snake_case():
    codes = lc.error_codes()
    assert len(codes) == len(set(codes))
    assert ("record", "negative") in codes and ("input", "too_many") in codes
    for _, code in codes:
        assert code.replace("_", "").isalpha() and code == code.lower()
