// scoreMany: the scores, grades and errors of assessMany without the reasons. It must
// agree with assessMany on every record of every `assess` conformance case, keep a
// bad JavaScript element as that element's outcome (N in, N out), refuse a list of
// rulebook versions and anything that is not a list, and never trap the instance.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assess, assessMany, Rulebook, scoreMany } from "learning-city";
import { loadCases, sampleRecord, throwsLC } from "./support.mjs";

const good = sampleRecord();
const BASELINE = JSON.stringify(assess(good, "standard"));

/** What scoreMany must give for an outcome of assessMany. */
function expectedScore(o) {
  if ("error" in o) return { unit: o.unit, error: o.error };
  return { unit: o.unit, period: o.period, score: o.score, grade: o.grade, vetoed: o.vetoed };
}

/** scoreMany(records, rulebook) equals assessMany(records, rulebook) entry by entry, keys in order. */
function agrees(records, rulebook, what) {
  const assessed = assessMany(records, rulebook);
  const scored = scoreMany(records, rulebook);
  assert.equal(scored.length, assessed.length, `${what}: ${assessed.length} outcomes from assessMany`);
  scored.forEach((s, i) => {
    assert.equal(JSON.stringify(s), JSON.stringify(expectedScore(assessed[i])), `${what}: records[${i}]`);
  });
  return { scored, assessed };
}

/** The instance still works: the same answers as before, from both batch calls. */
function stillWorks(after) {
  assert.equal(JSON.stringify(assess(good, "standard")), BASELINE, `after ${after}`);
  assert.equal(JSON.stringify(scoreMany([good])), JSON.stringify([expectedScore(JSON.parse(BASELINE))]), `after ${after}`);
}

function cyclic() {
  const r = { ...good, unit: "c-cycle" };
  r.self = r;
  return r;
}

function nested(depth) {
  let v = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

describe("scoreMany agrees with assessMany on the conformance cases", () => {
  const cases = loadCases().filter((c) => c.kind === "assess");

  test("there are assess cases with scored and failed records", () => {
    const all = cases.flatMap((c) => c.expected);
    assert.ok(cases.length >= 50, `${cases.length} assess cases`);
    assert.ok(all.filter((o) => "error" in o).length >= 5, "failed records among them");
    assert.ok(all.filter((o) => !("error" in o)).length >= 50, "assessed records among them");
    assert.ok(all.some((o) => o.vetoed === true), "a vetoed record among them");
  });

  for (const c of cases) {
    test(`${c.file}`, () => {
      // The rulebook as the case gives it (a name or a document), and as an instance.
      const { assessed } = agrees(c.records, c.rulebook, "as given");
      // assessMany is the Rust engine's recorded output: so is scoreMany's part of it.
      assert.equal(JSON.stringify(assessed), JSON.stringify(c.expected));
      const rb = typeof c.rulebook === "string" ? Rulebook.builtin(c.rulebook) : Rulebook.fromObject(c.rulebook);
      try {
        agrees(c.records, rb, "as a Rulebook");
      } finally {
        rb.free();
      }
    });
  }

  test("all the cases' records in one batch", () => {
    const byRulebook = new Map();
    for (const c of cases) {
      const key = JSON.stringify(c.rulebook);
      if (!byRulebook.has(key)) byRulebook.set(key, { rulebook: c.rulebook, records: [] });
      byRulebook.get(key).records.push(...c.records);
    }
    for (const { rulebook, records } of byRulebook.values()) agrees(records, rulebook, JSON.stringify(rulebook).slice(0, 40));
  });
});

describe("scoreMany's rulebook", () => {
  test("the default, a name, an instance and a document give the same scores", () => {
    const want = JSON.stringify(scoreMany([good], "standard"));
    const rb = Rulebook.builtin("standard");
    const doc = rb.toObject();
    try {
      for (const [how, got] of [
        ["omitted", scoreMany([good])],
        ["undefined", scoreMany([good], undefined)],
        ["null", scoreMany([good], null)],
        ["an instance", scoreMany([good], rb)],
        ["a document", scoreMany([good], doc)],
      ]) {
        assert.equal(JSON.stringify(got), want, how);
      }
    } finally {
      rb.free();
    }
    const national = scoreMany([good], "national-2010");
    assert.equal(JSON.stringify(national), JSON.stringify(assessMany([good], "national-2010").map(expectedScore)));
  });

  test("a list of versions is refused: scoreMany takes one rulebook", () => {
    const rb = Rulebook.builtin("standard");
    const doc = rb.toObject();
    try {
      for (const versions of [[doc], [rb], [], [42]]) {
        const e = throwsLC(() => scoreMany([good], versions), { kind: "rulebook", code: "malformed", path: "rulebook" });
        assert.match(e.reason, /scoreMany takes one rulebook/);
        assert.match(e.reason, /assessMany takes a list of versions/);
        stillWorks("a list of versions");
      }
      // The same list is fine for assessMany.
      assert.equal(assessMany([good], [doc]).length, 1);
    } finally {
      rb.free();
    }
  });

  test("a bad rulebook throws what assessMany throws", () => {
    const doc = Rulebook.builtin("standard").toObject();
    doc.indicators[0].rule.ratio.at_least = NaN;
    for (const bad of ["gold", 42, {}, doc, true]) {
      let want;
      try {
        assessMany([good], bad);
        assert.fail("assessMany accepted it");
      } catch (e) {
        want = e;
      }
      const e = throwsLC(() => scoreMany([good], bad), { kind: want.kind, code: want.code, path: want.path });
      assert.equal(e.reason, want.reason);
      stillWorks(`rulebook ${String(bad)}`);
    }
  });
});

describe("scoreMany on bad input", () => {
  test("records that are not a list throw what assessMany throws", () => {
    for (const records of [42, null, undefined, "c-1", { 0: good, length: 1 }, good, NaN, 7n, () => [good]]) {
      let want;
      try {
        assessMany(records);
        assert.fail(`assessMany accepted ${String(records)}`);
      } catch (e) {
        want = e;
      }
      assert.equal(want.name, "LearningCityError");
      const e = throwsLC(() => scoreMany(records), { kind: want.kind, code: want.code, path: want.path });
      assert.equal(e.reason, want.reason);
      stillWorks(`records ${typeof records}`);
    }
    throwsLC(() => scoreMany(42), { kind: "record", code: "wrong_type", path: "records" });
  });

  test("values JSON cannot hold stay in their element: N in, N out", () => {
    const batch = [
      good,
      { ...good, unit: "c-nan", residents: NaN },
      { ...good, unit: "c-inf", activities_by_month: [2, 2, 2, Infinity, 2, 2, 2, 2, 2, 2, 2, 2] },
      { ...good, unit: "c-big", aware: 1n },
      cyclic(),
      { ...good, unit: "c-fn", reports: [() => "2024-01-20"] },
      { ...good, unit: "c-sym", extra: { deep: [Symbol("s")] } },
      { ...good, unit: "c-neg", residents: -5 },
      good,
    ];
    const { scored } = agrees(batch, "standard", "a mixed batch");
    assert.equal(scored.length, batch.length);
    const at = (i) => [scored[i].unit, scored[i].error?.code, scored[i].error?.path];
    assert.deepEqual(at(1), ["c-nan", "not_finite", "records[1].residents"]);
    assert.deepEqual(at(2), ["c-inf", "not_finite", "records[2].activities_by_month[3]"]);
    assert.deepEqual(at(3), ["c-big", "not_json", "records[3].aware"]);
    assert.deepEqual(at(4), ["c-cycle", "not_json", "records[4]"]);
    assert.deepEqual(at(5), ["c-fn", "not_json", "records[5].reports[0]"]);
    assert.deepEqual(at(6), ["c-sym", "not_json", "records[6].extra.deep[0]"]);
    // A record error of the core, in a batch that was converted element by element.
    assert.deepEqual(at(7), ["c-neg", "negative", "records[7].residents"]);
    assert.deepEqual(scored[0], expectedScore(JSON.parse(BASELINE)));
    assert.deepEqual(scored[8], scored[0]);
    stillWorks("a mixed batch");
  });

  test("what JSON.stringify writes but serde_json refuses stays in its element too", () => {
    // Nesting past serde_json's depth limit, in a field no rule reads; a lone surrogate
    // in the unit (a field the table reads).
    const batch = [good, { ...good, unit: "c-deep", x: nested(300) }, { ...good, unit: "c-\ud800" }, good];
    const { scored } = agrees(batch, "standard", "deep and surrogate");
    assert.equal(scored[1].unit, "c-deep");
    assert.deepEqual([scored[1].error?.code, scored[1].error?.path], ["not_json", "records[1]"]);
    assert.deepEqual([scored[2].error?.code, scored[2].error?.path], ["not_json", "records[2]"]);
    assert.ok(!("error" in scored[0]) && !("error" in scored[3]));
    stillWorks("deep and surrogate");
  });

  test("nesting serde_json reads alone but not inside the list: N in, N out still", () => {
    // A field 126 lists deep: assessMany reads the record alone (127 levels, within
    // serde_json's limit of 128) and assesses it; the core's score_json reads it inside
    // the list (128 levels), so scoreMany reports it as that record's error instead of
    // refusing the whole batch. With and without another bad element.
    for (const batch of [
      [good, { ...good, unit: "c-edge", x: nested(126) }, good],
      [good, { ...good, unit: "c-edge", x: nested(126) }, { ...good, unit: "c-nan", residents: NaN }],
    ]) {
      const scored = scoreMany(batch);
      assert.equal(scored.length, 3);
      assert.deepEqual(scored[0], expectedScore(JSON.parse(BASELINE)));
      assert.deepEqual([scored[1].unit, scored[1].error?.code, scored[1].error?.path], ["c-edge", "not_json", "records[1]"]);
      assert.match(scored[1].error.reason, /recursion limit/);
      assert.equal("error" in assessMany(batch)[1], false, "assessMany reads it");
    }
    // One level less is read by both.
    agrees([good, { ...good, unit: "c-125", x: nested(125) }], "standard", "125 deep");
    stillWorks("nesting at the limit");
  });

  test("nesting past the JavaScript stack, a throwing getter, a revoked proxy", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const boom = {
      get unit() {
        throw new Error("no unit for you");
      },
    };
    const batch = [{ ...good, unit: "c-stack", x: nested(200_000) }, boom, proxy, good];
    const scored = scoreMany(batch);
    assert.equal(scored.length, 4);
    assert.deepEqual([scored[0].unit, scored[0].error?.code, scored[0].error?.path], ["c-stack", "not_json", "records[0]"]);
    assert.deepEqual([scored[1].unit, scored[1].error?.path], [null, "records[1]"]);
    assert.match(scored[1].error.reason, /no unit for you/);
    assert.deepEqual([scored[2].unit, scored[2].error?.path], [null, "records[2]"]);
    assert.deepEqual(scored[3], expectedScore(JSON.parse(BASELINE)));
    // assessMany gives the same failures.
    const assessed = assessMany(batch);
    scored.forEach((s, i) => assert.deepEqual(s, expectedScore(assessed[i]), `records[${i}]`));
    stillWorks("a batch past the stack");
  });

  test("holes, undefined and null elements are records that are not objects", () => {
    const batch = [good, undefined, null, , good]; // eslint-disable-line no-sparse-arrays
    const { scored } = agrees(batch, "standard", "holes");
    assert.equal(scored.length, 5);
    for (const i of [1, 2, 3]) assert.deepEqual([scored[i].error?.code, scored[i].error?.path], ["wrong_type", `records[${i}]`]);
    // With a bad element too, so the batch is converted element by element.
    agrees([...batch, { ...good, residents: NaN }], "standard", "holes and NaN");
  });

  test("an empty list gives no outcomes", () => {
    assert.deepEqual(scoreMany([]), []);
    assert.deepEqual(scoreMany([() => 1]).map((o) => o.error.path), ["records[0]"]);
  });

  test("a thousand bad calls between good ones", () => {
    for (let i = 0; i < 1000; i++) {
      const out = scoreMany([{ ...good, residents: i % 2 ? NaN : -i - 1 }, good]);
      assert.equal(out.length, 2);
      assert.equal(out[0].error.path, "records[0].residents");
      throwsLC(() => scoreMany(i % 2 ? 42 : [good], i % 2 ? undefined : [good]), {});
    }
    stillWorks("a thousand bad calls");
  });
});

describe("scoreMany's output", () => {
  test("plain objects, in the declared key order", () => {
    const [s, f] = scoreMany([good, { unit: "c-2" }]);
    assert.equal(Object.getPrototypeOf(s), Object.prototype);
    assert.deepEqual(Object.keys(s), ["unit", "period", "score", "grade", "vetoed"]);
    assert.deepEqual(Object.keys(f), ["unit", "error"]);
    assert.deepEqual(Object.keys(f.error), ["kind", "code", "path", "reason"]);
    assert.deepEqual(f, {
      unit: "c-2",
      error: { kind: "record", code: "missing", path: "records[1].period", reason: "is required" },
    });
    assert.equal(typeof s.score, "number");
    assert.equal(s.score, JSON.parse(BASELINE).score);
  });

  test("a batch of 20 000 agrees with assessMany", () => {
    const records = Array.from({ length: 20_000 }, (_, i) => ({
      ...good,
      unit: `c-${i}`,
      period: i % 3 ? "2024" : 2023,
      participants: (i * 37) % 4200,
      satisfied: (i * 11) % 300,
      reports: i % 5 ? good.reports : ["2024-01-20", "2024-13-01"],
    }));
    const { scored } = agrees(records, "standard", "20 000 records");
    assert.ok(scored.some((o) => "error" in o) && scored.some((o) => o.grade !== scored[0].grade), "a spread of outcomes");
  });
});
