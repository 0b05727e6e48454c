// Bad input: every bad call throws a LearningCityError naming the path, and none of
// them traps the WebAssembly instance (the next good call still gives the same answer).

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  appraiseDistrict,
  assess,
  assessMany,
  checkNetwork,
  fillRound,
  reviewMoney,
  Rulebook,
  runSteps,
  scoreMany,
  sensitivity,
} from "learning-city";
import { sampleRecord, throwsLC } from "./support.mjs";

const good = sampleRecord();
const BASELINE = JSON.stringify(assess(good, "standard"));

/** The instance still works and gives the very same answer as before. */
function stillWorks() {
  assert.equal(JSON.stringify(assess(good, "standard")), BASELINE);
  assert.equal(JSON.stringify(assessMany([good])[0]), BASELINE);
  const { unit, period, score, grade, vetoed } = JSON.parse(BASELINE);
  assert.deepEqual(scoreMany([good]), [{ unit, period, score, grade, vetoed }]);
  const rb = Rulebook.builtin("national-2010");
  assert.equal(rb.citation, "national-2010@2010");
  rb.free();
}

function nested(depth) {
  let v = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

function cyclic() {
  const r = { ...good };
  r.self = r;
  return r;
}

function standardDoc() {
  const rb = Rulebook.builtin("standard");
  const doc = rb.toObject();
  rb.free();
  return doc;
}

const freed = Rulebook.builtin("standard");
freed.free();

/** [what, call, expected error] — each call must throw that LearningCityError. */
const BAD_CALLS = [
  // records of the wrong JavaScript type
  ["a number as the record", () => assess(42), { kind: "record", code: "wrong_type", path: "" }],
  ["null as the record", () => assess(null), { code: "wrong_type", path: "" }],
  ["undefined as the record", () => assess(undefined), { code: "wrong_type", path: "" }],
  ["text as the record", () => assess("c-017"), { code: "wrong_type", path: "" }],
  ["a list as the record", () => assess([good]), { code: "wrong_type", path: "" }],
  ["no unit", () => assess({ period: "2024" }), { code: "missing", path: "unit" }],
  ["a number as unit", () => assess({ unit: 7, period: "2024" }), { code: "wrong_type", path: "unit" }],
  // values JSON cannot hold
  ["NaN", () => assess({ ...good, residents: NaN }), { code: "not_finite", path: "residents" }],
  [
    "Infinity in a month",
    () => assess({ ...good, activities_by_month: [2, 2, 2, Infinity, 2, 2, 2, 2, 2, 2, 2, 2] }),
    { code: "not_finite", path: "activities_by_month[3]" },
  ],
  ["-Infinity in an unused field", () => assess({ ...good, extra: { deep: [-Infinity] } }), {
    code: "not_finite",
    path: "extra.deep[0]",
  }],
  ["a BigInt", () => assess({ ...good, residents: 4200n }), { code: "not_json", path: "residents" }],
  ["a function", () => assess({ ...good, funding_cny: () => 9000 }), { code: "not_json", path: "funding_cny" }],
  ["a symbol", () => assess({ ...good, unit: Symbol("c") }), { code: "not_json", path: "unit" }],
  ["a cycle", () => assess(cyclic()), { code: "not_json", path: "" }],
  ["nested 300 deep (past serde_json's limit)", () => assess({ ...good, x: nested(300) }), { code: "not_json", path: "" }],
  ["nested 200 000 deep (past the JS stack)", () => assess({ ...good, x: nested(200_000) }), { code: "not_json", path: "" }],
  ["a getter that throws", () => assess({ ...good, get residents() { throw new Error("boom"); } }), {
    code: "not_json",
    path: "",
  }],
  ["a revoked proxy", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return assess(proxy);
  }, { code: "not_json", path: "" }],
  // impossible data (the core's checks)
  ["negative residents", () => assess({ ...good, residents: -5 }), { code: "negative", path: "residents" }],
  ["aware above surveyed", () => assess({ ...good, aware: 301 }), { code: "part_exceeds_whole", path: "aware" }],
  ["11 months", () => assess({ ...good, activities_by_month: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }), {
    code: "wrong_length",
    path: "activities_by_month",
  }],
  ["30 February", () => assess({ ...good, reports: ["2024-01-20", "2024-02-30"] }), {
    code: "bad_date",
    path: "reports[1]",
  }],
  ["a 10 MB unit", () => assess({ ...good, unit: "x".repeat(10_000_000) }), { code: "too_long", path: "unit" }],
  ["a 10 MB date", () => assess({ ...good, centre_organised_on: "9".repeat(10_000_000) }), {
    code: "bad_date",
    path: "centre_organised_on",
  }],
  ["a million months", () => assess({ ...good, activities_by_month: new Array(1_000_000).fill(2) }), {
    code: "too_long",
    path: "activities_by_month",
  }],
  // rulebooks
  ["an unknown built-in", () => assess(good, "gold"), { kind: "rulebook", code: "unknown_builtin", path: "" }],
  ["a number as the rulebook", () => assess(good, 42), { kind: "rulebook", code: "malformed", path: "" }],
  ["an empty rulebook object", () => assess(good, {}), { kind: "rulebook", code: "malformed" }],
  ["a rulebook target of NaN", () => {
    const doc = standardDoc();
    doc.indicators[0].rule.ratio.at_least = NaN;
    return assess(good, doc);
  }, { kind: "rulebook", code: "malformed", path: "indicators[0].rule.ratio.at_least" }],
  ["a rulebook target out of range", () => {
    const doc = standardDoc();
    doc.indicators[0].rule.ratio.at_least = 1.5;
    return assess(good, doc);
  }, { kind: "rulebook", code: "out_of_range", path: "indicators[0].rule.ratio.at_least" }],
  ["a misspelt rulebook key", () => {
    const doc = standardDoc();
    doc.indicators[1].wieght = 3;
    return Rulebook.fromObject(doc);
  }, { kind: "rulebook", code: "malformed", path: "indicators[1].wieght" }],
  ["201 indicators", () => {
    const doc = standardDoc();
    doc.indicators = Array.from({ length: 201 }, (_, i) => ({ ...doc.indicators[0], id: `X${i}` }));
    return Rulebook.fromObject(doc);
  }, { kind: "rulebook", code: "too_many", path: "indicators" }],
  ["a cyclic rulebook", () => {
    const doc = standardDoc();
    doc.title.self = doc;
    return Rulebook.fromObject(doc);
  }, { kind: "rulebook", code: "malformed", path: "" }],
  ["a freed Rulebook", () => assess(good, freed), { kind: "rulebook", code: "malformed", path: "" }],
  ["Rulebook.builtin(42)", () => Rulebook.builtin(42), { kind: "rulebook", code: "malformed", path: "" }],
  ["Rulebook.builtin()", () => Rulebook.builtin(), { kind: "rulebook", code: "malformed", path: "" }],
  ["Rulebook.fromJson of broken text", () => Rulebook.fromJson("{"), { kind: "rulebook", code: "malformed" }],
  ["Rulebook.fromJson of an object", () => Rulebook.fromJson({}), { kind: "rulebook", code: "malformed", path: "" }],
  ["Rulebook.fromJson of 2 MB", () => Rulebook.fromJson(" ".repeat(2_000_000)), {
    kind: "rulebook",
    code: "too_long",
    path: "",
  }],
  // batches that are not lists
  ["assessMany(42)", () => assessMany(42), { kind: "record", code: "wrong_type", path: "records" }],
  ["assessMany({})", () => assessMany({ 0: good, length: 1 }), { code: "wrong_type", path: "records" }],
  ["assessMany(null)", () => assessMany(null), { code: "wrong_type", path: "records" }],
  ["assessMany(NaN)", () => assessMany(NaN), { code: "not_finite", path: "records" }],
  ["assessMany with a bad rulebook", () => assessMany([good], "gold"), { kind: "rulebook", code: "unknown_builtin" }],
  ["scoreMany(42)", () => scoreMany(42), { kind: "record", code: "wrong_type", path: "records" }],
  ["scoreMany({})", () => scoreMany({ 0: good, length: 1 }), { code: "wrong_type", path: "records" }],
  ["scoreMany(null)", () => scoreMany(null), { code: "wrong_type", path: "records" }],
  ["scoreMany(NaN)", () => scoreMany(NaN), { code: "not_finite", path: "records" }],
  ["scoreMany of a cyclic object", () => scoreMany(cyclic()), { code: "not_json", path: "records" }],
  ["scoreMany with a bad rulebook", () => scoreMany([good], "gold"), { kind: "rulebook", code: "unknown_builtin" }],
  ["scoreMany with a list of versions", () => scoreMany([good], [standardDoc()]), {
    kind: "rulebook",
    code: "malformed",
    path: "rulebook",
  }],
  ["scoreMany with a freed Rulebook", () => scoreMany([good], freed), { kind: "rulebook", code: "malformed", path: "" }],
  // lists of rulebook versions
  ["an empty list of versions", () => assessMany([good], []), { kind: "rulebook", code: "empty" }],
  ["a number among the versions", () => assessMany([good], [standardDoc(), 42]), {
    kind: "rulebook",
    code: "malformed",
    path: "rulebooks[1]",
  }],
  ["NaN among the versions", () => {
    const doc = standardDoc();
    doc.bonus_cap = NaN;
    return assessMany([good], [doc]);
  }, { kind: "rulebook", code: "malformed", path: "rulebooks[0].bonus_cap" }],
  // the other documents
  ["checkNetwork(42)", () => checkNetwork(42), { kind: "network", code: "malformed", path: "units" }],
  ["checkNetwork()", () => checkNetwork(), { kind: "network", code: "malformed", path: "units" }],
  ["a NaN resident count in a unit", () => checkNetwork([{ id: "d", level: "district", residents: NaN }]), {
    kind: "network",
    code: "malformed",
    path: "units[0].residents",
  }],
  ["a cyclic unit list", () => {
    const units = [{ id: "d", level: "district" }];
    units.push(units);
    return checkNetwork(units);
  }, { kind: "network", code: "malformed", path: "units" }],
  ["a text member list", () => checkNetwork([{ id: "d", level: "district" }], "m"), {
    kind: "network",
    code: "malformed",
    path: "members",
  }],
  ["fillRound(undefined)", () => fillRound(undefined), { kind: "designation", code: "malformed", path: "round" }],
  ["a quota of 0", () => fillRound({ category: "estate", year: 2024, quota: 0 }, []), {
    kind: "designation",
    code: "no_quota",
    path: "round.quota",
  }],
  ["a BigInt score", () => fillRound({ category: "estate", year: 2024, quota: 1 }, [{ id: "e", score: 9n }]), {
    kind: "designation",
    code: "malformed",
    path: "candidates[0].score",
  }],
  ["runSteps with a function", () => runSteps({ id: "n" }, () => []), { kind: "designation", code: "malformed", path: "steps" }],
  ["a money target as text", () => reviewMoney(null, [], [], null, "2"), {
    kind: "money",
    code: "malformed",
    path: "at_least_per_capita",
  }],
  ["a money target of NaN", () => reviewMoney(null, [], [], null, NaN), {
    kind: "money",
    code: "malformed",
    path: "at_least_per_capita",
  }],
  ["a funding amount as text", () => reviewMoney(null, [{ unit: "c", channel: "x", amount: "lots" }], null, null, 2), {
    kind: "money",
    code: "malformed",
    path: "fundings[0].amount",
  }],
  ["appraiseDistrict of a number", () => appraiseDistrict("standard", 5), {
    kind: "district",
    code: "malformed",
    path: "district",
  }],
  ["appraiseDistrict with an unknown rulebook", () => appraiseDistrict("gold", {}), {
    kind: "rulebook",
    code: "unknown_builtin",
  }],
  ["sensitivity with a change of NaN", () => sensitivity("standard", [good], NaN), {
    kind: "rulebook",
    code: "malformed",
    path: "change",
  }],
  ["sensitivity with a change of 2", () => sensitivity("standard", [good], 2), {
    kind: "rulebook",
    code: "out_of_range",
    path: "change",
  }],
  ["sensitivity of records that are not a list", () => sensitivity("standard", good, 0.1), {
    kind: "record",
    code: "wrong_type",
    path: "records",
  }],
];

test("sensitivity keeps a record with a cycle in its place with its own error", () => {
  const report = sensitivity("standard", [good, cyclic()], 0.1);
  assert.equal(report.records.length, 2);
  assert.equal(report.records[0].error, null);
  assert.equal(report.records[1].error.code, "not_json");
  assert.equal(report.records[1].error.path, "records[1]");
  stillWorks();
});

describe("bad calls throw a LearningCityError and leave the instance working", () => {
  for (const [what, call, expected] of BAD_CALLS) {
    test(what, () => {
      throwsLC(call, expected);
      stillWorks();
    });
  }
});

test("the thrown error prints as `path: reason`", () => {
  const e = throwsLC(() => assess({ ...good, residents: -5 }), { code: "negative" });
  assert.equal(e.message, "residents: must not be negative (found -5)");
  assert.equal(String(e), "LearningCityError: residents: must not be negative (found -5)");
});

test("using a freed Rulebook's getters throws an Error, not a trap", () => {
  assert.throws(() => freed.citation, Error);
  stillWorks();
});

describe("a batch keeps a bad JavaScript element as that element's outcome", () => {
  test("a cycle, a NaN and a BigInt among good records", () => {
    const outcomes = assessMany(
      [good, cyclic(), { ...good, unit: "c-nan", residents: NaN }, { ...good, unit: "c-big", aware: 1n }, good],
      "standard",
    );
    assert.equal(outcomes.length, 5);
    assert.equal(JSON.stringify(outcomes[0]), BASELINE);
    assert.equal(JSON.stringify(outcomes[4]), BASELINE);
    assert.equal(outcomes[1].unit, "c-017");
    assert.equal(outcomes[1].error.code, "not_json");
    assert.equal(outcomes[1].error.path, "records[1]");
    assert.deepEqual(outcomes[2], {
      unit: "c-nan",
      error: { kind: "record", code: "not_finite", path: "records[2].residents", reason: "must be a finite number" },
    });
    assert.equal(outcomes[3].unit, "c-big");
    assert.equal(outcomes[3].error.path, "records[3].aware");
    stillWorks();
  });

  test("an element that throws when read", () => {
    const boom = {
      get unit() {
        throw new Error("no unit for you");
      },
    };
    const outcomes = assessMany([boom, good]);
    assert.deepEqual(outcomes[0].unit, null);
    assert.equal(outcomes[0].error.path, "records[0]");
    assert.match(outcomes[0].error.reason, /no unit for you/);
    assert.equal(JSON.stringify(outcomes[1]), BASELINE);
  });
});

test("a thousand bad calls between good ones", () => {
  for (let i = 0; i < 1000; i++) {
    throwsLC(() => assess({ ...good, residents: i % 2 ? NaN : -i - 1 }), { path: "residents" });
    throwsLC(() => assess(good, i % 2 ? "gold" : { id: i }), { kind: "rulebook" });
  }
  stillWorks();
});
