// The same records give the same JSON in Rust and in Node: the core's own output
// (the `assess_json` example, built by scripts/test-wasm.sh) against the WebAssembly
// build's, for a sample record, the sample district and every conformance case input.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { assessMany } from "learning-city";
import { loadCases, ROOT, SAMPLE_DISTRICT, sampleRecord } from "./support.mjs";

const RUST = process.env.LC_RUST_ASSESS ?? join(ROOT, "target", "debug", "examples", "assess_json");

/** The Rust engine's outcomes for `records`, as JSON text re-serialised by JavaScript. */
function rust(records, rulebook) {
  assert.ok(
    existsSync(RUST),
    `${RUST} is missing: build it with \`cargo build -p learning-city-wasm --example assess_json\``,
  );
  const dir = mkdtempSync(join(tmpdir(), "lc-rust-"));
  try {
    let arg = rulebook;
    if (typeof rulebook !== "string") {
      writeFileSync(join(dir, "rulebook.json"), JSON.stringify(rulebook));
      arg = `@${join(dir, "rulebook.json")}`;
    }
    const out = execFileSync(RUST, [arg], { input: JSON.stringify(records), encoding: "utf8", maxBuffer: 1 << 28 });
    return JSON.stringify(JSON.parse(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a sample record: the same JSON in Rust and Node", () => {
  const records = [sampleRecord(), { ...sampleRecord(), unit: "c-bad", aware: 400 }];
  for (const rulebook of ["standard", "national-2010"]) {
    const node = JSON.stringify(assessMany(records, rulebook));
    assert.equal(node, rust(records, rulebook));
    assert.ok(node.includes('"grade"') && node.includes('"part_exceeds_whole"'));
  }
});

test("the sample district's 64 records: the same JSON in Rust and Node", () => {
  const { records } = JSON.parse(readFileSync(SAMPLE_DISTRICT, "utf8"));
  assert.equal(records.length, 64);
  assert.equal(JSON.stringify(assessMany(records, "standard")), rust(records, "standard"));
});

test("every `assess` conformance case's records: the same JSON in Rust and Node", () => {
  const cases = loadCases().filter((c) => c.kind === "assess");
  assert.ok(cases.length > 50);
  for (const c of cases) {
    assert.equal(JSON.stringify(assessMany(c.records, c.rulebook)), rust(c.records, c.rulebook), c.file);
  }
});
