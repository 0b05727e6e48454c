// Throughput of the learning-city WebAssembly build in Node, side by side with
// json-rules-engine (npm) checking the same thresholds of the `standard` rulebook
// (DOMAIN.md §4).
//
//   cd benches/js && npm ci && node bench_assess.mjs
//   node --expose-gc bench_assess.mjs --sizes 10000,100000 --repeat 3 --json out.json
//   (with --expose-gc each timed run starts from a collected heap; without, garbage
//   left by the previous contender slows the next one)
//
// Contenders, on the same deterministic records (the spread of benches/src/lib.rs):
//
// * wasm assessMany: `assessMany(records, rulebook)` from ../../bindings-wasm/pkg-node
//   (the package's node build): N records in, N full assessments out (score, grade,
//   every indicator with its reason in Chinese and English, gaps, the work list).
// * wasm scoreMany: `scoreMany(records, rulebook)`: N records in, N
//   `{unit, period, score, grade, vetoed}` out, the same scores and grades as
//   assessMany without the reasons (the core's `documents::score_json`: the records'
//   JSON text read straight into columns). Before timing, its unit, period, score,
//   grade and veto are checked to equal assessMany's on a sample of records.
// * wasm assess (loop): `assess(record, rulebook)` once per record.
// * json-rules-engine: one Engine holding eleven rules, one per indicator, each
//   firing a `met` event when its threshold holds (T1-T5 on ratio facts computed
//   from the record, T6 as twelve path conditions, T7 and T11 with custom
//   operators over dates, T8, T9, T13 as plain comparisons), `await engine.run(facts)`
//   per record. It says which thresholds are met; it computes no partial credit,
//   no score and no explanation, so it does less work than the engine.
//   Before timing, its met/not-met verdicts are checked against the engine's
//   `indicators[i].met` on a sample of records: they must all agree.
//
// Timings are the best of --repeat runs; data generation is not timed.

import { createRequire } from "node:module";
import { cpus } from "node:os";
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

const require = createRequire(import.meta.url);
const lc = require("../../bindings-wasm/pkg-node/learning_city_wasm.js");
const { Engine } = require("json-rules-engine");
const JRE_VERSION = require("json-rules-engine/package.json").version;

// ------------------------------------------------------------------ the data

/** mulberry32: a small deterministic generator, the same stream on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    unit: next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
  };
}

const pad = (n) => String(n).padStart(2, "0");

/**
 * `n` `standard` records with the spread of benches/src/lib.rs: 80 % for 2024;
 * residents 300 to 30 000 on a log scale; participation 5-45 %; a survey in 95 % of
 * records; funding 0.5-4 CNY per resident (absent in 2 %); monthly counts mostly 2;
 * 0-2 reports a month, 15 % after the 25th; a centre organised January-September.
 */
export function standardRecords(n, seed = 0x5eed2024) {
  const r = rng(seed);
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const year = r.chance(0.8) ? 2024 : 2023;
    const residents = Math.round(300 * 100 ** r.unit());
    const participants = Math.round(residents * (0.05 + 0.4 * r.unit()));
    const surveyed = r.int(50, 500);
    const share = (lo) => Math.floor(surveyed * (lo + (1 - lo) * r.unit()));
    const aware = share(0.4);
    const recognising = share(0.4);
    const satisfied = share(0.2);
    const funding = Math.round(residents * (0.5 + 3.5 * r.unit()));
    const months = [];
    for (let m = 0; m < 12; m++) {
      const d = r.int(0, 9);
      months.push(d === 0 ? 0 : d === 1 ? 1 : d <= 6 ? 2 : r.int(3, 6));
    }
    const reports = [];
    for (let m = 1; m <= 12; m++) {
      const d = r.int(0, 9);
      const k = d === 0 ? 0 : d <= 6 ? 1 : 2;
      for (let j = 0; j < k; j++) {
        const day = r.chance(0.85) ? r.int(1, 25) : r.int(26, 28);
        reports.push(`${year}-${pad(m)}-${pad(day)}`);
      }
    }
    const rec = {
      unit: `c-${String(i).padStart(7, "0")}`,
      period: String(year),
      name: `第${i}社区`,
      street: `s-${String(Math.floor(i / 16)).padStart(6, "0")}`,
      residents,
      participants,
    };
    if (!r.chance(0.05)) Object.assign(rec, { surveyed, aware, recognising, satisfied });
    if (!r.chance(0.02)) rec.funding_cny = funding;
    rec.activities_by_month = months;
    rec.reports = reports;
    rec.staff_trainings = r.int(0, 4);
    rec.leading_group_meetings = r.int(0, 3);
    rec.centre_organised_on = `${year}-${pad(r.int(1, 9))}-${pad(r.int(1, 28))}`;
    rec.signature_courses = r.int(0, 3);
    out[i] = rec;
  }
  return out;
}

// ------------------------------------------------------------------ json-rules-engine

const ratio = (num, den) => async (params, almanac) => {
  const [n, d] = await Promise.all([
    almanac.factValue(num).catch(() => undefined),
    almanac.factValue(den).catch(() => undefined),
  ]);
  return n == null || d == null ? undefined : n / d;
};

const met = (id, points, conditions) => ({
  name: id,
  conditions: { all: conditions },
  event: { type: "met", params: { id, points } },
});

const atLeast = (fact, value, path) => ({
  fact,
  operator: "greaterThanInclusive",
  value,
  ...(path ? { path } : {}),
});

/** The `standard` rulebook's thresholds as json-rules-engine rules. */
export function rulesEngine() {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addFact("participation", ratio("participants", "residents"));
  engine.addFact("awareness", ratio("aware", "surveyed"));
  engine.addFact("recognition", ratio("recognising", "surveyed"));
  engine.addFact("satisfaction", ratio("satisfied", "surveyed"));
  engine.addFact("funding_per_resident", ratio("funding_cny", "residents"));
  engine.addFact("deadline_t11", async (params, almanac) => `${await almanac.factValue("period")}-06-30`);
  // A report dated on or before day `value` in every month of the list's year.
  engine.addOperator("reportedEveryMonthBy", (dates, day) => {
    if (!Array.isArray(dates)) return false;
    const months = new Set();
    for (const d of dates) if (Number(d.slice(8, 10)) <= day) months.add(d.slice(5, 7));
    return months.size === 12;
  });
  // ISO dates order as text.
  engine.addOperator("onOrBefore", (date, deadline) => typeof date === "string" && date <= deadline);

  engine.addRule(met("T1", 20, [atLeast("participation", 0.25)]));
  engine.addRule(met("T2", 10, [atLeast("awareness", 0.7)]));
  engine.addRule(met("T3", 10, [atLeast("recognition", 0.7)]));
  engine.addRule(met("T4", 15, [atLeast("satisfaction", 0.5)]));
  engine.addRule(met("T5", 15, [atLeast("funding_per_resident", 2)]));
  engine.addRule(
    met("T6", 15, Array.from({ length: 12 }, (_, m) => atLeast("activities_by_month", 2, `$[${m}]`))),
  );
  engine.addRule(met("T7", 5, [{ fact: "reports", operator: "reportedEveryMonthBy", value: 25 }]));
  engine.addRule(met("T8", 3, [atLeast("staff_trainings", 2)]));
  engine.addRule(met("T9", 2, [atLeast("leading_group_meetings", 1)]));
  engine.addRule(
    met("T11", 2, [{ fact: "centre_organised_on", operator: "onOrBefore", value: { fact: "deadline_t11" } }]),
  );
  engine.addRule(met("T13", 3, [atLeast("signature_courses", 1)]));
  return engine;
}

/** The ids of the thresholds json-rules-engine finds met for each record. */
async function jreMet(engine, records) {
  const out = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const { events } = await engine.run(records[i]);
    out[i] = new Set(events.map((e) => e.params.id));
  }
  return out;
}

// ------------------------------------------------------------------ timing

async function bestOf(repeat, fn) {
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    globalThis.gc?.();
    const t0 = performance.now();
    await fn();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

export function machine() {
  const cpu = cpus()[0]?.model ?? "?";
  return `${cpu.trim()}, ${cpus().length} cores; Node ${process.version}, json-rules-engine ${JRE_VERSION}, learning-city wasm (bindings-wasm/pkg-node)`;
}

/**
 * Before timing: assessMany assesses every record without an error, json-rules-engine's
 * verdicts equal the engine's `met` and scoreMany's scores equal assessMany's, on the
 * first `checkRows` records. Returns what was checked, one note each.
 */
async function checkAgreement(records, rulebook, engine, checkRows) {
  const n = records.length;
  const notes = [];
  // Correctness: every record assessed, and the thresholds agree.
  const outcomes = lc.assessMany(records, rulebook);
  const failed = outcomes.filter((o) => o.error);
  if (outcomes.length !== n || failed.length) throw new Error(`engine: ${failed.length} errors, e.g. ${JSON.stringify(failed[0])}`);
  const sample = records.slice(0, Math.min(n, checkRows));
  const verdicts = await jreMet(engine, sample);
  let checked = 0;
  for (let i = 0; i < sample.length; i++) {
    for (const ind of outcomes[i].indicators) {
      if (ind.met !== verdicts[i].has(ind.id)) {
        throw new Error(`json-rules-engine says ${ind.id} ${verdicts[i].has(ind.id) ? "met" : "unmet"} for ${sample[i].unit}, the engine ${ind.met ? "met" : "unmet"}`);
      }
      checked++;
    }
  }
  notes.push(`json-rules-engine at ${n}: ${checked} verdicts (${sample.length} records × 11 indicators) equal the engine's \`met\``);

  // scoreMany: the same unit, period, score, grade and veto as assessMany, exactly.
  const scores = lc.scoreMany(records, rulebook);
  if (scores.length !== n) throw new Error(`scoreMany: ${scores.length} outcomes for ${n} records`);
  for (let i = 0; i < sample.length; i++) {
    const [s, a] = [scores[i], outcomes[i]];
    for (const key of ["unit", "period", "score", "grade", "vetoed"]) {
      if (s[key] !== a[key]) throw new Error(`scoreMany gives ${key} ${JSON.stringify(s[key])} for ${a.unit}, assessMany ${JSON.stringify(a[key])}`);
    }
  }
  notes.push(`wasm scoreMany at ${n}: unit, period, score, grade and veto equal assessMany's on ${sample.length} records`);

  return notes;
}

// ------------------------------------------------------------------ main

async function main() {
  const { values: opt } = parseArgs({
    options: {
      sizes: { type: "string", default: "10000,100000" },
      repeat: { type: "string", default: "3" },
      "check-rows": { type: "string", default: "2000" },
      "jre-rows": { type: "string", default: "0" },
      json: { type: "string" },
    },
  });
  const sizes = opt.sizes.split(",").filter(Boolean).map(Number);
  const repeat = Number(opt.repeat);
  const checkRows = Number(opt["check-rows"]);
  const jreCap = Number(opt["jre-rows"]); // 0: every record
  const rulebook = lc.Rulebook.builtin("standard");
  const engine = rulesEngine();
  const rows = [];
  const notes = [];
  console.log(`machine: ${machine()}`);

  for (const n of sizes) {
    const records = standardRecords(n);
    console.log(`\n${n} records`);

    // Checked in a function of its own, so that its full assessments (gigabytes of
    // JavaScript objects at 10^5 records) are garbage before anything is timed: held,
    // they made every later allocation slower (scoreMany's 100 000 outcomes took
    // twice as long while they were alive).
    for (const note of await checkAgreement(records, rulebook, engine, checkRows)) {
      notes.push(note);
      console.log(note);
    }

    const results = {};
    const timed = async (name, count, fn, label = "") => {
      const s = await bestOf(repeat, fn);
      results[name] = { rows: count, seconds: s, rows_per_s: count / s, label };
      console.log(`  ${name.padEnd(24)} ${String(count).padStart(8)} records ${s.toFixed(3).padStart(9)} s ${Math.round(count / s).toLocaleString("en").padStart(11)} records/s ${label}`);
    };
    await timed("wasm scoreMany", n, () => lc.scoreMany(records, rulebook), "(score, grade and veto; no reasons)");
    await timed("wasm assessMany", n, () => lc.assessMany(records, rulebook));
    await timed("wasm assess (loop)", n, () => {
      for (const r of records) lc.assess(r, rulebook);
    }, "(a Rulebook instance: its document crosses into the module on every call)");
    const m = jreCap > 0 ? Math.min(n, jreCap) : n;
    const part = records.slice(0, m);
    await timed("json-rules-engine", m, () => jreMet(engine, part), m === n ? "" : `(timed on ${m} records, rate extrapolated)`);

    const base = results["json-rules-engine"].rows_per_s;
    for (const [name, r] of Object.entries(results)) rows.push({ size: n, name, ...r, vs_jre: r.rows_per_s / base });
  }
  rulebook.free();

  console.log(`\nmachine: ${machine()}`);
  console.log(`best of ${repeat}; ratio = records/s ÷ json-rules-engine records/s at the same size (target: wasm scoreMany ≥ 20×)`);
  console.log("|  records | contender                | seconds |   records/s | × json-rules-engine | note");
  console.log("|----------|--------------------------|---------|-------------|---------------------|-----");
  for (const r of rows) {
    const secs = (r.seconds * r.size) / r.rows;
    console.log(
      `| ${String(r.size).padStart(8)} | ${r.name.padEnd(24)} | ${secs.toFixed(3).padStart(7)} | ${Math.round(r.rows_per_s).toLocaleString("en").padStart(11)} | ${(r.vs_jre.toFixed(2) + "×").padStart(19)} | ${r.label}`,
    );
  }
  console.log();
  for (const note of notes) console.log(`- ${note}`);
  if (opt.json) writeFileSync(opt.json, JSON.stringify({ machine: machine(), repeat, rows, notes }, null, 1));
}

await main();
