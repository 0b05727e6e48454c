// Bad input through the JavaScript API: every entry of conformance/bad-input.json
// (the table core/tests/bad_input.rs runs too) gives a LearningCityError with the
// table's exact path and code, and none of them traps the WebAssembly instance: after
// each one, a good call still gives the very same answer. Each bad record also goes
// through scoreMany, which must give assessMany's error (path and code). A batch
// mixing good records with every bad one gives one outcome per record. Hostile rulebooks (100 000
// indicators, 10 000-deep nesting, 1e308 and non-finite numbers, negative weights, a
// 10 MB id) are refused with a typed error.
//
// How each `call` of the table is made, and which error is compared, follows
// conformance/README.md ("Bad input"). A call this file does not know fails.

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
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
} from "learning-city";
import { ROOT, sampleRecord, throwsLC } from "./support.mjs";

const TABLE = process.env.LEARNING_CITY_BAD_INPUT ?? join(ROOT, "conformance", "bad-input.json");
const ENTRIES = existsSync(TABLE) ? JSON.parse(readFileSync(TABLE, "utf8")) : null;

const good = sampleRecord();
const BASELINE = JSON.stringify(assess(good, "standard"));

/** The instance still works and gives the very same answer as before. */
function stillWorks(after) {
  let now;
  try {
    now = JSON.stringify(assess(good, "standard"));
  } catch (e) {
    assert.fail(`after ${after}: a good call fails (the instance trapped?): ${e?.name}: ${e?.message}`);
  }
  assert.equal(now, BASELINE, `after ${after}: a good call gives another answer`);
  assert.equal(JSON.stringify(assessMany([good])[0]), BASELINE, `after ${after}: assessMany`);
  const { score, grade } = JSON.parse(BASELINE);
  const [s] = scoreMany([good]);
  assert.deepEqual([s?.score, s?.grade], [score, grade], `after ${after}: scoreMany`);
}

const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
const arg = (input, name) => (input !== null && typeof input === "object" ? input[name] : undefined);

/** The first failed outcome's error, or undefined. */
const firstFailed = (outcomes) => outcomes.find((o) => o.error)?.error;

/**
 * Each call of the table through the public API: returns the errors found in the
 * call's report (a batch's failed outcome, a workflow's error, findings, ...); a
 * thrown error propagates.
 */
const CALLS = {
  assess: (i) => {
    const outcomes = assessMany([arg(i, "record")], arg(i, "rulebook"));
    assert.equal(outcomes.length, 1, "one record in, one outcome out");
    return outcomes.filter((o) => o.error).map((o) => o.error);
  },
  rulebook: (i) => {
    // A string is JSON text (NaN, 1e400, a lone surrogate, cut-off text).
    const rb = typeof i === "string" ? Rulebook.fromJson(i) : Rulebook.fromObject(i);
    rb.free();
    return [];
  },
  network: (i) =>
    checkNetwork(arg(i, "units"), arg(i, "members")).map((f) => ({
      kind: "network",
      code: f.code,
      path: f.path,
      reason: f.message.en,
    })),
  round: (i) => {
    fillRound(arg(i, "round"), arg(i, "candidates"));
    return [];
  },
  workflow: (i) => {
    const w = runSteps(arg(i, "nomination"), arg(i, "steps"));
    return w.error ? [w.error] : [];
  },
  money: (i) => {
    const target = arg(i, "at_least_per_capita");
    const review = reviewMoney(
      arg(i, "units"),
      arg(i, "fundings"),
      arg(i, "expenses"),
      arg(i, "members"),
      typeof target === "number" ? target : 2.0,
    );
    return review.errors.slice(0, 1);
  },
  district: (i) => {
    const district = arg(i, "district");
    const report = appraiseDistrict(arg(i, "rulebook"), district);
    const records = arg(district, "records");
    assert.equal(report.outcomes.length, Array.isArray(records) ? records.length : 0, "N records in, N outcomes out");
    const first = firstFailed(report.outcomes) ?? report.round_errors?.[0] ?? report.money?.errors?.[0];
    return first ? [first] : [];
  },
};

/** The errors an entry's call gives: the one it throws (checked to be a whole
 * LearningCityError, not a trap) or those in its report. */
function errorsOf(entry) {
  const call = CALLS[entry.call];
  assert.ok(call, `unknown call ${JSON.stringify(entry.call)}: add it to CALLS`);
  let thrown;
  let got;
  try {
    got = call(clone(entry.input));
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) return got;
  assert.ok(thrown instanceof Error, `${entry.name}: threw ${String(thrown)}`);
  assert.equal(thrown.name, "LearningCityError", `${entry.name}: ${thrown.name}: ${thrown.message}`);
  const e = throwsLC(() => {
    throw thrown;
  }, {});
  return [{ kind: e.kind, code: e.code, path: e.path, reason: e.reason }];
}

// ---------------------------------------------------------------- the table

describe("conformance/bad-input.json", () => {
  test("the table is there, well formed and big enough", () => {
    assert.ok(ENTRIES !== null, `${TABLE} is missing (conformance/make_bad_input.py writes it)`);
    assert.ok(Array.isArray(ENTRIES) && ENTRIES.length >= 60, `${ENTRIES?.length} entries`);
    const names = ENTRIES.map((e) => e.name);
    assert.equal(new Set(names).size, names.length, "entry names are unique");
    for (const e of ENTRIES) {
      for (const key of ["name", "call", "input", "path", "code"]) assert.ok(Object.hasOwn(e, key), `${e.name}: ${key}`);
    }
  });

  test("every call of the table has a function here, and every function is exercised", () => {
    const calls = new Set((ENTRIES ?? []).map((e) => e.call));
    const unknown = [...calls].filter((c) => !(c in CALLS));
    assert.deepEqual(unknown, [], `calls with no JavaScript function here: ${unknown}`);
    assert.deepEqual([...calls].sort(), Object.keys(CALLS).sort());
  });

  for (const entry of ENTRIES ?? []) {
    test(`${entry.call}: ${entry.name}`, () => {
      const got = errorsOf(entry);
      const want = `${entry.path} ${entry.code}`;
      assert.ok(got.length > 0, `${entry.name}: no error; want ${want}`);
      assert.ok(
        got.some((g) => `${g.path} ${g.code}` === want),
        `${entry.name}: got ${JSON.stringify(got.map((g) => [g.path, g.code, g.reason]))}, want ${want}`,
      );
      for (const g of got) assert.ok(g.reason && g.reason.length < 600, `${entry.name}: reason ${g.reason}`);
      stillWorks(entry.name);
    });
  }
});

// ---------------------------------------------------------------- assess, one record

const ASSESS = (ENTRIES ?? []).filter((e) => e.call === "assess");

/** records[0].residents → residents; records[0] → ""; records[0][1] → [1]. */
const relative = (path) => path.replace(/^records\[0\]\.?/, "");

describe("assess(record) on the table's bad records", () => {
  for (const entry of ASSESS) {
    test(entry.name, () => {
      throwsLC(() => assess(clone(entry.input.record), entry.input.rulebook), {
        kind: "record",
        code: entry.code,
        path: relative(entry.path),
      });
      stillWorks(entry.name);
    });
  }
});

// ---------------------------------------------------------------- scoreMany, one record

/** A failed outcome of assessMany as scoreMany gives it; a scored one as its score. */
const asScore = (o) =>
  "error" in o ? { unit: o.unit, error: o.error } : { unit: o.unit, period: o.period, score: o.score, grade: o.grade, vetoed: o.vetoed };

/** The call's outcomes, or the LearningCityError it throws as `{thrown}`. */
function outcomesOrThrown(fn) {
  try {
    return { outcomes: fn() };
  } catch (e) {
    assert.equal(e?.name, "LearningCityError", `${e?.name}: ${e?.message}`);
    return { thrown: { kind: e.kind, code: e.code, path: e.path, reason: e.reason } };
  }
}

describe("scoreMany([record]) on the table's bad records: what assessMany gives", () => {
  for (const entry of ASSESS) {
    test(entry.name, () => {
      const scored = outcomesOrThrown(() => scoreMany([clone(entry.input.record)], entry.input.rulebook));
      const assessed = outcomesOrThrown(() => assessMany([clone(entry.input.record)], entry.input.rulebook));
      if (assessed.thrown) {
        // The rulebook is the bad part: the same error, thrown.
        assert.deepEqual(scored, assessed);
      } else {
        assert.equal(scored.outcomes?.length, 1, JSON.stringify(scored.thrown));
        const [o] = scored.outcomes;
        assert.deepEqual([o.error?.path, o.error?.code], [entry.path, entry.code], JSON.stringify(o));
        assert.deepEqual(o, asScore(assessed.outcomes[0]));
      }
      stillWorks(entry.name);
      assert.equal(JSON.stringify(scoreMany([good])[0]), JSON.stringify(asScore(JSON.parse(BASELINE))));
    });
  }
});

// ---------------------------------------------------------------- batches

/** The table's path for a batch of one (records[0].x) at row i of a batch. */
function within(i, path) {
  assert.ok(path.startsWith("records[0]"), `assess paths start at the row: ${path}`);
  return `records[${i}]${path.slice("records[0]".length)}`;
}

/** The table's bad records whose rulebook loads, grouped by rulebook. */
function recordGroups() {
  const groups = new Map();
  for (const entry of ASSESS) {
    const spec = entry.input.rulebook;
    try {
      assess({ unit: "c-ok", period: "2024" }, spec);
    } catch {
      continue; // the rulebook is the bad part
    }
    const key = JSON.stringify(spec ?? null);
    if (!groups.has(key)) groups.set(key, { spec, entries: [] });
    groups.get(key).entries.push(entry);
  }
  return [...groups.values()];
}

describe("batches", () => {
  test("the table has bad records", () => {
    const n = recordGroups().reduce((s, g) => s + g.entries.length, 0);
    assert.ok(n >= 10, `${n} bad records`);
  });

  test("a batch of good records and every bad one gives one outcome per record, in order", () => {
    for (const { spec, entries } of recordGroups()) {
      const standard = spec === undefined || spec === null || spec === "standard";
      const ok = standard ? good : { unit: "c-ok", period: "2024" };
      const expectedGood = JSON.stringify(assess(ok, spec));
      const batch = [];
      const badAt = new Map();
      for (const entry of entries) {
        batch.push(clone(ok));
        badAt.set(batch.length, entry);
        batch.push(clone(entry.input.record));
      }
      batch.push(clone(ok));
      const outcomes = assessMany(batch, spec);
      assert.equal(outcomes.length, batch.length, `${batch.length} records, ${outcomes.length} outcomes`);
      assert.deepEqual(scoreMany(batch, spec), outcomes.map(asScore), `scoreMany under ${JSON.stringify(spec)}`);
      outcomes.forEach((o, i) => {
        const entry = badAt.get(i);
        if (entry) {
          assert.ok(o.error, `${entry.name} at ${i} was assessed`);
          assert.deepEqual([o.error.kind, o.error.path, o.error.code], ["record", within(i, entry.path), entry.code], entry.name);
        } else {
          assert.equal(JSON.stringify(o), expectedGood, `the good record at ${i}`);
        }
      });
      stillWorks(`a batch under ${JSON.stringify(spec)}`);
    }
  });

  test("a batch of only bad records, with values JSON cannot hold among them", () => {
    const entries = recordGroups()
      .filter((g) => g.spec === "standard" || g.spec == null)
      .flatMap((g) => g.entries);
    const extra = [
      [{ ...good, residents: NaN }, "records[N].residents", "not_finite"],
      [{ ...good, funding_cny: 9000n }, "records[N].funding_cny", "not_json"],
      [{ ...good, reports: [() => "2024-01-20"] }, "records[N].reports[0]", "not_json"],
    ];
    const batch = [...entries.map((e) => clone(e.input.record)), ...extra.map((x) => x[0])];
    const outcomes = assessMany(batch);
    assert.equal(outcomes.length, batch.length);
    assert.deepEqual(scoreMany(batch), outcomes.map(asScore), "scoreMany");
    entries.forEach((e, i) => {
      assert.deepEqual([outcomes[i].error?.path, outcomes[i].error?.code], [within(i, e.path), e.code], e.name);
    });
    extra.forEach(([, path, code], k) => {
      const i = entries.length + k;
      assert.deepEqual([outcomes[i].error?.path, outcomes[i].error?.code], [path.replace("N", i), code]);
    });
    stillWorks("a batch of bad records");
  });

  test("a batch longer than one call takes is refused whole, with a typed error, and the instance lives", () => {
    // Each {} is a record without a unit: tiny text, one error outcome each. Eight
    // million of them through scoreMany used to fill the module's memory and trap.
    const empties = (n) => Array.from({ length: n }, () => ({}));
    const tooMany = { kind: "input", code: "too_many", path: "records" };
    throwsLC(() => assessMany(empties(100_001)), tooMany);
    throwsLC(() => scoreMany(empties(1_000_001)), tooMany);
    // Exactly the limits: N in, N out.
    assert.equal(assessMany(empties(100_000)).length, 100_000);
    const scored = scoreMany(empties(1_000_000));
    assert.equal(scored.length, 1_000_000);
    assert.equal(scored[999_999].error.path, "records[999999].unit");
    stillWorks("batches over the limits");
  });
});

// ---------------------------------------------------------------- hostile rulebooks

function standardDoc() {
  const rb = Rulebook.builtin("standard");
  const doc = rb.toObject();
  rb.free();
  return doc;
}

function deep(n) {
  let v = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

const withDoc = (edit) => () => {
  const doc = standardDoc();
  edit(doc);
  return doc;
};

const setAllPoints = (v) => (d) => d.indicators.forEach((ind) => (ind.points = v));

// [name, make, codes allowed (null: any), path (null: any)]. A document whose JSON text
// is over the module's limit is refused before it enters (too_long, path "").
const HOSTILE = [
  ["100 000 indicators", withDoc((d) => (d.indicators = Array.from({ length: 100_000 }, (_, i) => ({ ...d.indicators[0], id: `X${i}` })))), ["too_many", "too_long"], null],
  ["10 000-deep nesting in the title", withDoc((d) => (d.title.en = deep(10_000))), null, null],
  ["10 000-deep nesting as an indicator", withDoc((d) => d.indicators.push(deep(10_000))), null, null],
  ["200 000-deep nesting (past the JS stack)", withDoc((d) => (d.title.en = deep(200_000))), null, null],
  ["points of 1e308", withDoc((d) => (d.indicators[0].points = 1e308)), ["out_of_range"], "indicators[0].points"],
  ["every indicator 1e308 points", withDoc(setAllPoints(1e308)), ["out_of_range"], "indicators[0].points"],
  ["a per-capita target of 1e308", withDoc((d) => (d.indicators[4].rule.per_capita.at_least = 1e308)), ["out_of_range"], "indicators[4].rule.per_capita.at_least"],
  ["a ratio target of 1e308", withDoc((d) => (d.indicators[0].rule.ratio.at_least = 1e308)), ["out_of_range"], "indicators[0].rule.ratio.at_least"],
  ["a monthly count target of 1e308", withDoc((d) => (d.indicators[5].rule.count_each_period.at_least = 1e308)), ["out_of_range"], "indicators[5].rule.count_each_period.at_least"],
  ["a grade minimum of -1e308", withDoc((d) => (d.grades[0].min = -1e308)), null, null],
  ["NaN points", withDoc((d) => (d.indicators[0].points = NaN)), null, "indicators[0].points"],
  ["Infinity points", withDoc((d) => (d.indicators[0].points = Infinity)), null, "indicators[0].points"],
  ["-Infinity target", withDoc((d) => (d.indicators[0].rule.ratio.at_least = -Infinity)), null, "indicators[0].rule.ratio.at_least"],
  ['"NaN" as text for points', withDoc((d) => (d.indicators[0].points = "NaN")), ["malformed"], "indicators[0].points"],
  ["a BigInt for points", withDoc((d) => (d.indicators[0].points = 20n)), null, "indicators[0].points"],
  ["negative points", withDoc((d) => (d.indicators[0].points = -20)), ["out_of_range"], "indicators[0].points"],
  ["every weight negative", withDoc(setAllPoints(-1)), ["out_of_range"], "indicators[0].points"],
  ["a negative target", withDoc((d) => (d.indicators[4].rule.per_capita.at_least = -2)), ["out_of_range"], "indicators[4].rule.per_capita.at_least"],
  ["a 10 MB id", withDoc((d) => (d.id = "x".repeat(10_000_000))), ["too_long"], null],
  ["a 10 MB indicator id", withDoc((d) => (d.indicators[0].id = "T".repeat(10_000_000))), ["too_long"], null],
];

describe("hostile rulebooks are refused with a typed error", () => {
  for (const [name, make, codes, path] of HOSTILE) {
    test(name, () => {
      const doc = make();
      const ways = [
        ["Rulebook.fromObject", () => Rulebook.fromObject(doc), path],
        ["assess(record, doc)", () => assess(good, doc), path],
        ["assessMany([record], doc)", () => assessMany([good], doc), path],
        ["assessMany([record], [doc])", () => assessMany([good], [doc]), path && `rulebooks[0].${path}`],
        ["scoreMany([record], doc)", () => scoreMany([good], doc), path],
      ];
      for (const [how, fn, wantPath] of ways) {
        const e = throwsLC(fn, { kind: "rulebook" });
        if (codes) assert.ok(codes.includes(e.code), `${name} through ${how}: ${e.code} at ${e.path.slice(0, 200)}: ${e.reason.slice(0, 200)}`);
        if (wantPath) assert.equal(e.path, wantPath, `${name} through ${how}`);
        assert.ok(e.message.length < 20_000, `${name} through ${how}: a message of ${e.message.length} characters`);
        stillWorks(`${name} through ${how}`);
      }
    });
  }

  test("as JSON text too", () => {
    for (const [name, make] of HOSTILE) {
      let text;
      try {
        // A BigInt is written as digits followed by "n", which is not JSON.
        text = JSON.stringify(make(), (k, v) => (typeof v === "bigint" ? `${v}n` : v));
      } catch {
        text = `{"id": "deep", "title": ${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
      }
      // (NaN and Infinity become null in JSON.stringify: refused as well.)
      try {
        throwsLC(() => Rulebook.fromJson(text), { kind: "rulebook" });
      } catch (e) {
        assert.fail(`${name} as JSON text: ${e.message}`);
      }
      stillWorks(`${name} as text`);
    }
    for (const text of ['{"id": NaN}', '{"points": 1e400}', "[".repeat(10_000), `{"id": "${"x".repeat(10_000_000)}"}`]) {
      throwsLC(() => Rulebook.fromJson(text), { kind: "rulebook" });
      stillWorks(`text ${text.slice(0, 20)}`);
    }
  });
});
