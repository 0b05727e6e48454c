// The JavaScript API: rulebooks, assess and assessMany on good input.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  appraiseDistrict,
  assess,
  assessMany,
  builtinNames,
  checkNetwork,
  Rulebook,
  sensitivity,
} from "learning-city";
import { readFileSync } from "node:fs";
import { SAMPLE_DISTRICT, sampleRecord } from "./support.mjs";

test("builtinNames lists the core's built-ins, each of which loads", () => {
  const names = builtinNames();
  assert.ok(names.includes("standard") && names.includes("national-2010"), names.join());
  for (const name of names) {
    const rb = Rulebook.builtin(name);
    assert.equal(rb.id, name);
    rb.free();
  }
});

test("Rulebook.defaultBuiltin is the rulebook used when none is named", () => {
  const rb = Rulebook.defaultBuiltin();
  assert.equal(rb.citation, "standard@2020");
  assert.equal(JSON.stringify(assess(sampleRecord())), JSON.stringify(assess(sampleRecord(), rb)));
  rb.free();
});

test("Rulebook.builtin gives id, version, citation and fields", () => {
  const rb = Rulebook.builtin("standard");
  assert.equal(rb.id, "standard");
  assert.equal(rb.version, "2020");
  assert.equal(rb.citation, "standard@2020");
  assert.deepEqual(rb.fields, [
    "participants", "residents", "aware", "surveyed", "recognising", "satisfied", "funding_cny",
    "activities_by_month", "reports", "staff_trainings", "leading_group_meetings",
    "centre_organised_on", "signature_courses",
  ]);
  rb.free();
});

test("toObject is a plain document that reads back to the same rulebook", () => {
  for (const name of builtinNames()) {
    const rb = Rulebook.builtin(name);
    const doc = rb.toObject();
    assert.equal(Object.getPrototypeOf(doc), Object.prototype, "a plain object");
    assert.equal(doc.id, rb.id);
    assert.ok(Array.isArray(doc.indicators) && doc.indicators.length > 0);
    assert.deepEqual(doc.indicators[0].label, { zh: doc.indicators[0].label.zh, en: doc.indicators[0].label.en });
    const again = Rulebook.fromObject(doc);
    assert.equal(JSON.stringify(again.toObject()), JSON.stringify(doc));
    const fromText = Rulebook.fromJson(JSON.stringify(doc));
    assert.equal(JSON.stringify(fromText.toObject()), JSON.stringify(doc));
    assert.equal(JSON.stringify(rb), JSON.stringify(doc), "JSON.stringify uses toJSON");
    for (const r of [rb, again, fromText]) r.free();
  }
});

test("a custom rulebook changes the numbers", () => {
  const doc = Rulebook.builtin("standard").toObject();
  doc.id = "strict";
  doc.indicators[0].rule.ratio.at_least = 0.5;
  const record = sampleRecord();
  const strict = assess(record, doc);
  assert.equal(strict.rulebook, "strict@2020");
  assert.equal(strict.indicators[0].met, false);
  assert.ok(strict.indicators[0].gap.text.en.length > 0);
  assert.ok(strict.score < assess(record, "standard").score);
});

test("assess: the rulebook as a name, an instance, a document, or the default", () => {
  const record = sampleRecord();
  const byName = JSON.stringify(assess(record, "standard"));
  const rb = Rulebook.builtin("standard");
  assert.equal(JSON.stringify(assess(record, rb)), byName);
  assert.equal(JSON.stringify(assess(record, rb.toObject())), byName);
  assert.equal(JSON.stringify(assess(record)), byName, "the default built-in is standard");
  assert.equal(JSON.stringify(assess(record, null)), byName);
  assert.equal(JSON.stringify(assess(record, undefined)), byName);
  assert.equal(rb.citation, "standard@2020", "the instance is still usable after being passed");
  rb.free();
  assert.notEqual(JSON.stringify(assess(record, "national-2010")), byName);
});

test("assess returns a plain object with every indicator's reason and gap in zh and en", () => {
  const a = assess(sampleRecord(), "standard");
  assert.equal(Object.getPrototypeOf(a), Object.prototype);
  assert.equal(a.unit, "c-017");
  assert.equal(a.period, "2024");
  assert.equal(a.indicators.length, 11);
  assert.equal(typeof a.score, "number");
  assert.ok(["excellent", "good", "pass", "fail"].includes(a.grade));
  for (const r of a.indicators) {
    assert.ok(r.why.zh.length > 0 && r.why.en.length > 0, r.id);
    assert.ok(r.gap === null || (r.gap.text.zh.length > 0 && typeof r.gap.amount === "number"), r.id);
  }
  // T6: May had one activity; T7: the March report came after the 25th.
  const t6 = a.indicators.find((r) => r.id === "T6");
  assert.equal(t6.met, false);
  assert.ok(t6.gap !== null);
  assert.ok(a.work_list.some((w) => w.indicator === "T6"));
});

test("numbers keep their JSON form: whole numbers stay whole, period may be a number", () => {
  const a = assess({ ...sampleRecord(), period: 2024 }, "standard");
  assert.equal(a.period, "2024");
  assert.equal(JSON.stringify(a), JSON.stringify(assess(sampleRecord(), "standard")));
});

test("assessMany keeps one outcome per record, in order", () => {
  const good = sampleRecord();
  const outcomes = assessMany(
    [good, { ...good, unit: "c-2", residents: -5 }, 7, { ...good, unit: "c-4" }],
    "standard",
  );
  assert.equal(outcomes.length, 4);
  assert.equal(outcomes[0].unit, "c-017");
  assert.deepEqual(outcomes[1].unit, "c-2");
  assert.equal(outcomes[1].error.path, "records[1].residents");
  assert.equal(outcomes[1].error.code, "negative");
  assert.deepEqual(outcomes[2], {
    unit: null,
    error: { kind: "record", code: "wrong_type", path: "records[2]", reason: outcomes[2].error.reason },
  });
  assert.equal(outcomes[3].unit, "c-4");
  assert.deepEqual(assessMany([], "standard"), []);
});

test("a Date converts as JSON does (its ISO text), which the engine refuses as a date", () => {
  const outcomes = assessMany([{ ...sampleRecord(), centre_organised_on: new Date("2024-05-10") }]);
  assert.equal(outcomes[0].error.path, "records[0].centre_organised_on");
  assert.equal(outcomes[0].error.code, "bad_date");
});

test("assessMany with a list of versions uses the version in force on 1 January", () => {
  const old = Rulebook.builtin("standard").toObject();
  const strict = Rulebook.builtin("standard").toObject();
  strict.version = "2025";
  strict.effective_from = "2025-01-01";
  strict.indicators[0].rule.ratio.at_least = 0.5;
  const records = [sampleRecord(), { unit: "c-017", period: "2025", residents: 4200, participants: 1130 }];
  const [a2024, a2025] = assessMany(records, [old, strict]);
  assert.equal(a2024.rulebook, "standard@2020");
  assert.equal(a2025.rulebook, "standard@2025");
  assert.equal(a2025.indicators[0].met, false);
  const [early] = assessMany([{ ...sampleRecord(), period: "2019" }], [old, strict]);
  assert.equal(early.error.code, "no_version_in_force");
  assert.equal(early.error.path, "records[0].period");
});

test("assess with a list of versions picks the version for the record's year", () => {
  const old = Rulebook.builtin("standard").toObject();
  const strict = { ...Rulebook.builtin("standard").toObject(), version: "2025", effective_from: "2025-01-01" };
  assert.equal(assess(sampleRecord(), [old, strict]).rulebook, "standard@2020");
  const bare = (period) => ({ unit: "c-017", period, residents: 4200, participants: 1130 });
  const next = assess(bare("2025"), [old, strict]);
  assert.equal(next.rulebook, "standard@2025");
  assert.throws(() => assess(bare("2019"), [old, strict]), (e) => {
    assert.equal(e.code, "no_version_in_force");
    assert.equal(e.path, "period");
    return true;
  });
});

test("text over the core's size limit is refused before it reaches the module", () => {
  const huge = { ...sampleRecord(), notes: "x".repeat(70 * 1024 * 1024) };
  assert.throws(() => assess(huge), (e) => {
    assert.equal(e.name, "LearningCityError");
    assert.match(e.reason, /the limit is 67108864/);
    return true;
  });
  assert.equal(assess(sampleRecord()).grade.length > 0, true);
});

test("checkNetwork, appraiseDistrict and sensitivity on the sample district", () => {
  const district = JSON.parse(readFileSync(SAMPLE_DISTRICT, "utf8"));
  const findings = checkNetwork(district.units, district.members);
  assert.deepEqual(findings.map((f) => [f.rule, f.unit]), [["N5", "c-042"]]);
  const report = appraiseDistrict(undefined, district);
  assert.equal(report.rulebook, "standard@2020");
  assert.equal(report.streets.length, 8);
  assert.equal(report.outcomes.length, 64);
  assert.equal(JSON.stringify(report.outcomes), JSON.stringify(assessMany(district.records)));
  assert.equal(report.summary.assessed, 64);
  const moves = sensitivity("standard", district.records, 0.1);
  assert.equal(moves.records.length, 64);
  assert.ok(moves.stable_share > 0 && moves.stable_share <= 1);
});
