// Every conformance case through the JavaScript API, compared byte for byte (after
// JSON.stringify) with the Rust engine's output recorded in the case.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as lc from "learning-city";
import { caseKinds, loadCases, outcomeOf, pathInRecord } from "./support.mjs";

const { assess, assessMany, Rulebook } = lc;
const KINDS = caseKinds(lc);

/** `assess` cases also go one record at a time and with the rulebook as an instance. */
function assessEachWay(c) {
  const expected = JSON.stringify(c.expected);
  const rulebook =
    typeof c.rulebook === "string" ? Rulebook.builtin(c.rulebook) : Rulebook.fromObject(c.rulebook);
  try {
    assert.equal(JSON.stringify(assessMany(c.records, rulebook)), expected, "with a Rulebook");
    // One at a time: `assess` gives the same assessment, or throws the same error
    // with the path seen from inside the record.
    c.records.forEach((record, i) => {
      const want = c.expected[i];
      if ("error" in want) {
        const got = outcomeOf(() => assess(record, rulebook));
        assert.deepEqual(got, { error: { ...want.error, path: pathInRecord(want.error.path) } }, `records[${i}]`);
      } else {
        assert.equal(JSON.stringify(assess(record, rulebook)), JSON.stringify(want), `records[${i}]`);
      }
    });
  } finally {
    rulebook.free();
  }
}

describe("conformance cases", () => {
  for (const c of loadCases()) {
    test(`${c.file}: ${c.about ?? c.name}`, () => {
      const kind = KINDS[c.kind];
      assert.ok(kind, `case kind \`${c.kind}\` is unknown to the Node runner: teach it first`);
      assert.ok(c.expected !== null && c.expected !== undefined, "the case has its expected output");
      // Byte for byte, after JSON.stringify, with the Rust engine's output.
      assert.equal(JSON.stringify(outcomeOf(() => kind.run(c))), JSON.stringify(c.expected));
      if (c.kind === "assess") assessEachWay(c);
    });
  }
});
