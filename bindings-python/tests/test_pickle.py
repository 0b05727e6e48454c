"""Rulebooks, results and errors pickle, so Dask or Spark workers can receive and
return them."""

import pickle

import pytest

import learning_city as lc


@pytest.mark.parametrize("name", lc.builtin_names())
def test_rulebooks_pickle(name):
    rb = lc.Rulebook.builtin(name)
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(rb, protocol=protocol))
        assert isinstance(back, lc.Rulebook)
        assert back == rb
        assert back.to_dict() == rb.to_dict()


def test_custom_rulebooks_pickle():
    doc = lc.Rulebook.builtin("standard").to_dict()
    doc["id"] = "mine"
    rb = lc.Rulebook.from_dict(doc)
    back = pickle.loads(pickle.dumps(rb))
    assert back.citation == "mine@2020" and back == rb


def test_results_pickle(full_record):
    out = lc.assess_many([full_record, {"unit": "x", "period": "2024", "residents": -1}])
    assert pickle.loads(pickle.dumps(out)) == out
    assert out[1]["error"]["code"] == "negative"


@pytest.mark.parametrize("make", [
    lambda: lc.assess({"unit": "c", "period": "2024", "residents": -1}),
    lambda: lc.Rulebook.builtin("gold"),
])
def test_errors_pickle(make):
    with pytest.raises(lc.LearningCityError) as info:
        make()
    e = info.value
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is type(e)
    assert (back.kind, back.code, back.path, back.reason, str(back)) == (e.kind, e.code, e.path, e.reason, str(e))
