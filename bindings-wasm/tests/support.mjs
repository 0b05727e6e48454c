// Shared by the Node tests: where things are, the conformance cases, error checks.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const CRATE = join(dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = join(CRATE, "..");
export const CASES_DIR = join(ROOT, "conformance", "cases");
export const SAMPLE_DISTRICT = join(ROOT, "examples", "data", "sample-district.json");

/** Every conformance case, parsed, with its file name; fails when there are none. */
export function loadCases() {
  const files = readdirSync(CASES_DIR).filter((f) => f.endsWith(".json")).sort();
  assert.ok(files.length > 0, `no conformance cases in ${CASES_DIR}`);
  return files.map((file) => ({ file, ...JSON.parse(readFileSync(join(CASES_DIR, file), "utf8")) }));
}

/** A small valid record under the `standard` rulebook. */
export function sampleRecord() {
  return {
    unit: "c-017",
    period: "2024",
    residents: 4200,
    participants: 1130,
    surveyed: 300,
    aware: 231,
    recognising: 220,
    satisfied: 170,
    funding_cny: 9000,
    activities_by_month: [2, 3, 2, 2, 1, 2, 4, 2, 2, 3, 2, 2],
    reports: ["2024-01-20", "2024-02-24", "2024-03-26"],
    staff_trainings: 2,
    leading_group_meetings: 1,
    centre_organised_on: "2024-05-10",
    signature_courses: 1,
  };
}

/**
 * Runs `fn`, which must throw a LearningCityError with the given `code`, `path` and
 * `kind`; checks the error's whole shape and returns it.
 */
export function throwsLC(fn, { code, path, kind }) {
  let error;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error !== undefined, "expected a LearningCityError, nothing was thrown");
  assert.ok(error instanceof Error, `expected an Error, got ${String(error)}`);
  assert.equal(error.name, "LearningCityError", String(error));
  for (const key of ["kind", "code", "path", "reason"]) {
    assert.ok(Object.hasOwn(error, key), `own property ${key}`);
    assert.equal(typeof error[key], "string", key);
  }
  assert.ok(error.reason.length > 0, "a reason");
  assert.equal(error.message, error.path === "" ? error.reason : `${error.path}: ${error.reason}`);
  if (code !== undefined) assert.equal(error.code, code, error.message);
  if (path !== undefined) assert.equal(error.path, path, error.message);
  if (kind !== undefined) assert.equal(error.kind, kind, error.message);
  return error;
}

/** `records[3].residents` → `residents`: a batch path seen from inside the record. */
export function pathInRecord(path) {
  return path.replace(/^records\[\d+\]\.?/, "");
}

/**
 * The case kinds of conformance/README.md: how each is called through the JS API,
 * the TypeScript type of its output, and of its arguments when the call succeeds.
 * A kind missing here fails its cases.
 */
export function caseKinds(lc) {
  const input = (c) => c.input ?? {};
  return {
    assess: {
      run: (c) => lc.assessMany(c.records, c.rulebook),
      output: "Outcome[]",
    },
    assess_versioned: {
      run: (c) => lc.assessMany(input(c).records, input(c).rulebooks),
      output: "Outcome[]",
      inputs: { rulebooks: "RulebookDoc[]" },
    },
    assess_batch: {
      run: (c) => {
        const i = input(c);
        return lc.assessMany(i.records, i.rulebook, { explain: i.explain, shape: i.shape });
      },
      output: "Outcome[] | CompactBatch",
    },
    network: {
      run: (c) => lc.checkNetwork(input(c).units, input(c).members),
      output: "Finding[]",
      inputs: { units: "UnitDoc[]", members: "MemberDoc[] | null" },
    },
    designation: {
      run: (c) => lc.fillRound(input(c).round, input(c).candidates),
      output: "RoundResult",
      inputs: { round: "Round", candidates: "Candidate[] | null" },
    },
    workflow: {
      run: (c) => lc.runSteps(input(c).nomination, input(c).steps),
      output: "Workflow",
      inputs: { nomination: "Nomination", steps: "Step[]" },
    },
    sensitivity: {
      run: (c) => lc.sensitivity(input(c).rulebook, input(c).records, input(c).change),
      output: "Sensitivity",
      inputs: { change: "number" },
    },
    money: {
      run: (c) => {
        const i = input(c);
        return lc.reviewMoney(i.units, i.fundings, i.expenses, i.members, i.at_least_per_capita);
      },
      output: "MoneyReview",
      inputs: { units: "UnitDoc[]", fundings: "Funding[]", expenses: "Expense[]", members: "MemberDoc[]" },
    },
    district: {
      run: (c) => lc.appraiseDistrict(input(c).rulebook, input(c).district),
      output: "DistrictReport",
      inputs: { district: "DistrictDoc" },
    },
  };
}

/** Runs `fn`; a thrown LearningCityError comes back as `{error: {kind, code, path, reason}}`. */
export function outcomeOf(fn) {
  try {
    return fn();
  } catch (e) {
    if (e?.name !== "LearningCityError") throw e;
    return { error: { kind: e.kind, code: e.code, path: e.path, reason: e.reason } };
  }
}
