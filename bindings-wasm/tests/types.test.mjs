// Guards the TypeScript definitions against drift from the serde types: every real
// output (all conformance cases, the built-in rulebooks, errors) is written as a typed
// literal into a .ts file and type-checked with `tsc --strict`, whose excess-property
// and null checks catch any key or type the interfaces do not declare. The public
// API of both builds' .d.ts must not use `any`.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as lc from "learning-city";
import { caseKinds, CRATE, loadCases, outcomeOf, pathInRecord } from "./support.mjs";

const { assess, builtinNames, Rulebook, scoreMany } = lc;

const TSC = join(CRATE, "node_modules", "typescript", "bin", "tsc");
const BUILDS = { node: join(CRATE, "pkg-node"), web: join(CRATE, "pkg") };

/** Type-checks `source` (a module importing the build at `pkg`); returns tsc's output, "" when clean. */
function typecheck(source, pkg) {
  const dir = mkdtempSync(join(tmpdir(), "lc-types-"));
  try {
    writeFileSync(join(dir, "check.ts"), source.replaceAll("PKG", JSON.stringify(join(pkg, "learning_city_wasm.js"))));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          target: "es2022",
          module: "esnext",
          moduleResolution: "bundler",
          lib: ["es2022", "esnext.disposable", "dom"],
          types: [],
          skipLibCheck: false,
        },
        files: ["check.ts"],
      }),
    );
    try {
      execFileSync(process.execPath, [TSC, "-p", dir], { encoding: "utf8", stdio: "pipe" });
      return "";
    } catch (e) {
      return `${e.stdout}${e.stderr}`;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Typed literals of every real output: `const v3: Assessment = {...};`. */
function realOutputs() {
  const lines = [];
  let n = 0;
  const add = (type, value) => lines.push(`const v${n++}: ${type} = ${JSON.stringify(value)};`);
  for (const name of builtinNames()) {
    const rb = Rulebook.builtin(name);
    add("RulebookDoc", rb.toObject());
    add("string[]", rb.fields);
    rb.free();
  }
  const kinds = caseKinds(lc);
  for (const c of loadCases()) {
    const kind = kinds[c.kind];
    assert.ok(kind, `case kind ${c.kind} has no TypeScript type here`);
    if (c.kind === "assess" && typeof c.rulebook !== "string") add("RulebookDoc", c.rulebook);
    if (c.kind === "assess") {
      const scores = scoreMany(c.records, c.rulebook);
      add("ScoreOutcome[]", scores);
      for (const o of scores) add("error" in o ? "Failure" : "RowScore", o);
    }
    const out = outcomeOf(() => kind.run(c));
    if ("error" in out && Object.keys(out).length === 1) {
      add("ErrorInfo", out.error);
      continue;
    }
    add(kind.output, out);
    // The arguments of a call that succeeded must fit the declared input types.
    for (const [name, type] of Object.entries(kind.inputs ?? {})) add(type, c.input[name]);
    if (kind.output !== "Outcome[]") continue;
    const records = c.kind === "assess" ? c.records : c.input.records;
    const rulebook = c.kind === "assess" ? c.rulebook : c.input.rulebooks;
    out.forEach((o, i) => {
      if ("error" in o) {
        add("Failure", o);
        if (c.kind !== "assess") return;
        const thrown = outcomeOf(() => assess(records[i], rulebook));
        assert.equal(thrown.error.path, pathInRecord(o.error.path));
        add("ErrorInfo", thrown.error);
      } else {
        add("Assessment", o);
        add("RecordInput", records[i]);
      }
    });
  }
  return { lines, count: n };
}

const API_USE = `
const names: string[] = builtinNames();
const rb: Rulebook = Rulebook.builtin("standard");
const doc: RulebookDoc = rb.toObject();
const same: RulebookDoc = Rulebook.fromJson(JSON.stringify(Rulebook.fromObject(doc))).toJSON();
const record: RecordInput = { unit: "c-1", period: "2024", residents: 4200, participants: 1130 };
const a1: Assessment = assess(record);
const a2: Assessment = assess(record, "national-2010");
const full: Outcome[] = assessMany([record], "standard", { explain: "both" });
const opts: AssessOptions = { explain: "en", shape: "compact" };
const compact: CompactBatch = assessMany([record], "standard", { explain: "en", shape: "compact" });
const compact2: CompactBatch = assessMany([record], rb, { shape: "compact" });
const a3: Assessment = assess(record, rb);
const a4: Assessment = assess(record, doc);
const a5: Assessment = assess(record, null);
const many: Outcome[] = assessMany([record], rb);
const first = many[0];
if (first !== undefined) {
  if ("error" in first) {
    const code: ErrorCode = first.error.code;
    const unit: string | null = first.unit;
  } else {
    const score: number = first.score;
    const why: string = first.indicators[0]?.why.zh ?? "";
  }
}
try { assess(record); } catch (e) {
  if (e instanceof Error && e.name === "LearningCityError") {
    const lc = e as LearningCityError;
    const where: string = lc.path;
    const kind: ErrorKind = lc.kind;
  }
}
const text: string = [rb.id, rb.version, rb.citation, ...rb.fields].join();
const versioned: Outcome[] = assessMany([record], [doc, Rulebook.builtin("standard")]);
const scores: ScoreOutcome[] = scoreMany([record], rb);
const scores2: ScoreOutcome[] = [...scoreMany([record]), ...scoreMany([record], "standard"), ...scoreMany([record], doc), ...scoreMany([record], null)];
const ranked: RowScore[] = scores2.filter((o): o is RowScore => !("error" in o)).sort((a, b) => b.score - a.score);
const firstScore = scores[0];
if (firstScore !== undefined) {
  if ("error" in firstScore) {
    const where: string = firstScore.error.path;
  } else {
    const grade: string = firstScore.grade;
    const vetoed: boolean = firstScore.vetoed;
    const period: string = firstScore.period;
  }
}
const findings: Finding[] = checkNetwork([{ id: "d", level: "district", facilities: ["district_college"] }]);
const round: RoundResult = fillRound({ category: "estate", year: 2024, quota: 1 }, [{ id: "e-1", score: 90 }]);
const flow: Workflow = runSteps(
  { id: "n-1", candidate: "f-1", category: "family", year: 2024, history: [{ stage: "nominated", on: "2024-11-01" }] },
  [{ stage: "submitted", on: "2024-11-02" }],
);
const books: MoneyReview = reviewMoney(null, [{ unit: "c-1", channel: "district", amount: 100 }], [], null, 2);
const report: DistrictReport = appraiseDistrict("standard", { units: [], records: [record] });
const moves: Sensitivity = sensitivity(undefined, [record], 0.1);
`;

const IMPORTS = `import { appraiseDistrict, assess, assessMany, builtinNames, checkNetwork, fillRound, reviewMoney,
  Rulebook, runSteps, scoreMany, sensitivity } from PKG;
import type { AssessOptions, Assessment, Candidate, CompactBatch, DistrictDoc, DistrictReport, ErrorCode, ErrorInfo, ErrorKind,
  Expense, Failure, Finding, Funding, LearningCityError, MemberDoc, MoneyReview, Nomination, Outcome,
  RecordInput, Round, RoundResult, RowScore, RulebookDoc, ScoreOutcome, Sensitivity, Step, UnitDoc,
  Workflow } from PKG;
`;

for (const [build, pkg] of Object.entries(BUILDS)) {
  test(`${build} build: every real output type-checks against the declared interfaces`, () => {
    const { lines, count } = realOutputs();
    assert.ok(count > 200, `checked ${count} values`);
    const out = typecheck(`${IMPORTS}${API_USE}\n${lines.join("\n")}\n`, pkg);
    assert.equal(out, "", out.slice(0, 4000));
  });

  test(`${build} build: the public API of the .d.ts has no \`any\``, () => {
    const dts = readFileSync(join(pkg, "learning_city_wasm.d.ts"), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/\/\/.*$/gm, "")
      // The raw WebAssembly exports of the web build's `init`: not the package's API.
      .replace(/export interface InitOutput \{[\s\S]*?\n\}/, "");
    assert.ok(dts.includes("export function assessMany"), "the declarations are there");
    assert.match(dts, /export function scoreMany\(records: RecordInput\[\], rulebook\?: RulebookArg \| null\): ScoreOutcome\[\];/);
    const anys = dts.split("\n").filter((l) => /\bany\b/.test(l));
    assert.deepEqual(anys, []);
  });
}

test("the check catches drift: an undeclared key, a wrong type, a missing key", () => {
  const a = assess({ unit: "c-1", period: "2024", residents: 100, participants: 30 });
  const { why, ...noWhy } = a.indicators[0];
  const bad = [
    `const x: Assessment = ${JSON.stringify({ ...a, surprise: 1 })};`,
    `const y: Assessment = ${JSON.stringify({ ...a, score: "83.5" })};`,
    `const z: Assessment = ${JSON.stringify({ ...a, indicators: [noWhy] })};`,
    `const w: Assessment = ${JSON.stringify({ ...a, work_list: [{ ...a.work_list[0], department: 7 }] })};`,
    `const s: ScoreOutcome[] = ${JSON.stringify([{ ...scoreMany([{ unit: "c-1", period: "2024" }])[0], surprise: 1 }])};`,
    `const t: ScoreOutcome[] = ${JSON.stringify([{ ...scoreMany([{ unit: "c-1", period: "2024" }])[0], vetoed: "no" }])};`,
  ];
  const out = typecheck(`${IMPORTS}${bad.join("\n")}\n`, BUILDS.node);
  const first = IMPORTS.split("\n").length; // the line of bad[0]
  const errorsOn = (i) =>
    out.split("\n").filter((l) => l.includes(`check.ts(${first + i},`)).join("\n");
  assert.match(errorsOn(0), /'"surprise"' does not exist in type 'Assessment'/);
  assert.match(errorsOn(1), /Type 'string' is not assignable to type 'number'/);
  assert.match(errorsOn(2), /Property 'why' is missing/);
  assert.match(errorsOn(3), /Type 'number' is not assignable to type 'Text'/);
  assert.match(errorsOn(4), /'"surprise"' does not exist in type 'ScoreOutcome'/);
  assert.match(errorsOn(5), /Type 'string' is not assignable to type 'boolean'/);
  assert.ok(why.en.length > 0);
});
