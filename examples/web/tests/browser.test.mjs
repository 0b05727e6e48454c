// The page in headless Chromium (Debian's, driven by playwright-core): fill the
// self-assessment form and check the grade and reasons against the engine run in Node,
// enter bad values and check the errors shown next to the fields, open the district
// dashboard and count 8 streets and 64 communities. Screenshots go to
// examples/web/screenshots/. A tiny static server on 127.0.0.1 serves the repository.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { createRequire } from "node:module";

const HERE = dirname(fileURLToPath(import.meta.url));
const WEB = join(HERE, "..");
const ROOT = join(WEB, "..", "..");
const SHOTS = join(WEB, "screenshots");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// playwright-core and the Node build of the engine live in bindings-wasm/.
const require = createRequire(join(ROOT, "bindings-wasm", "package.json"));
const { chromium } = require("playwright-core");
const engine = require("learning-city");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".png": "image/png",
};

/** Serves files under ROOT (GET and HEAD only, nothing outside it) on 127.0.0.1. */
function serve() {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    const file = join(ROOT, path);
    if ((req.method !== "GET" && req.method !== "HEAD") || !file.startsWith(ROOT + sep)) {
      res.writeHead(403).end();
      return;
    }
    let body;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  server.keepAliveTimeout = 1000;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

let server;
let context;
let profile;
let base;
const problems = [];

before(async () => {
  server = await serve();
  // Bounded: whatever happens, the server and browser do not outlive the test run.
  setTimeout(() => {
    server.closeAllConnections?.();
    server.close();
  }, 170_000).unref();
  base = `http://127.0.0.1:${server.address().port}`;
  profile = mkdtempSync(join(tmpdir(), "lc-chromium-"));
  mkdirSync(SHOTS, { recursive: true });
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    viewport: { width: 1400, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  context.setDefaultTimeout(20_000);
});

after(async () => {
  await context?.close();
  server?.closeAllConnections?.();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** A full-page screenshot from the top of the page. */
async function shoot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, name), fullPage: true });
}

/** A new page that records console errors and uncaught exceptions. */
async function open(hash) {
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("response", (r) => r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`));
  await page.goto(`${base}/examples/web/index.html${hash}`);
  await page.waitForSelector("body[data-ready]");
  return page;
}

// A community that meets every target of the standard rulebook except T6 in May.
const FIGURES = {
  residents: "4200",
  participants: "1130",
  surveyed: "300",
  aware: "231",
  recognising: "220",
  satisfied: "170",
  funding_cny: "9000",
  staff_trainings: "2",
  leading_group_meetings: "1",
  centre_organised_on: "2024-05-10",
  signature_courses: "1",
};
const MONTHS = ["2", "3", "2", "2", "1", "2", "4", "2", "2", "3", "2", "2"];
const REPORTS = Array.from({ length: 12 }, (_, m) => `2024-${String(m + 1).padStart(2, "0")}-20`);

test("the form shows the engine's score, grade, reasons and errors as the user types", { timeout: 90_000 }, async () => {
  const page = await open("#form");
  await page.waitForSelector("#self-form[data-ready]");
  // The form's fields are the rulebook's fields.
  const rendered = await page.$$eval("#indicator-fields .field", (rows) => rows.map((r) => r.dataset.field));
  const standard = engine.Rulebook.defaultBuiltin();
  assert.deepEqual(rendered, standard.fields);
  standard.free();

  // Empty: every indicator says "no data".
  assert.equal(await page.textContent("#grade"), "不合格");
  assert.match(await page.textContent('tr[data-indicator="T1"] td.why'), /无数据/);

  for (const [field, value] of Object.entries(FIGURES)) await page.fill(`[data-path="${field}"]`, value);
  for (const [m, value] of MONTHS.entries()) await page.fill(`[data-path="activities_by_month[${m}]"]`, value);
  await page.fill('[data-path="reports"]', REPORTS.join("\n"));

  // The same record through the Node build of the engine.
  const record = { unit: "c-001", period: "2024", ...Object.fromEntries(Object.entries(FIGURES).map(([k, v]) => [k, /^\d+$/.test(v) ? Number(v) : v])) };
  record.activities_by_month = MONTHS.map(Number);
  record.reports = REPORTS;
  const want = engine.assess(record);
  assert.equal(want.grade, "excellent");

  assert.equal(await page.textContent("#score"), want.score.toFixed(2));
  assert.equal(await page.textContent("#grade"), "优秀");
  assert.equal(await page.getAttribute("#grade", "data-grade"), want.grade);
  const t1 = want.indicators.find((r) => r.id === "T1");
  assert.equal(await page.textContent('tr[data-indicator="T1"] td.why'), t1.why.zh);
  assert.match(t1.why.zh, /26\.9%/);
  const t6 = want.indicators.find((r) => r.id === "T6");
  assert.equal(await page.getAttribute('tr[data-indicator="T6"]', "data-status"), "unmet");
  assert.equal(await page.textContent('tr[data-indicator="T6"] td.gap'), t6.gap.text.zh);
  assert.equal(await page.$$eval("#indicator-results tbody tr", (rows) => rows.length), want.indicators.length);
  await shoot(page, "form.png");

  // English.
  await page.click("#lang");
  assert.equal(await page.textContent("#grade"), "excellent");
  assert.equal(await page.textContent('tr[data-indicator="T1"] td.why'), t1.why.en);
  assert.equal(await page.textContent('tr[data-indicator="T6"] td.gap'), t6.gap.text.en);
  assert.equal(await page.textContent('label[for="f-residents"] .name'), "Residents");
  await shoot(page, "form-en.png");
  await page.click("#lang");

  // A negative count: the engine's error, next to the field its path names.
  await page.fill('[data-path="residents"]', "-5");
  const residentsError = page.locator('.error[data-error-for="residents"]');
  assert.ok(await residentsError.isVisible());
  assert.match(await residentsError.textContent(), /不能为负数.*must not be negative \(found -5\)/);
  assert.equal(await page.getAttribute('[data-path="residents"]', "aria-invalid"), "true");
  assert.ok(await page.locator("#result-banner").isVisible());
  assert.ok(await page.locator("#result.stale").count(), "the old result is marked stale");
  await shoot(page, "form-error.png");

  // Text in a number field, then a month that is not a number: the error moves.
  await page.fill('[data-path="residents"]', "四千");
  assert.match(await residentsError.textContent(), /expected a number, found text/);
  await page.fill('[data-path="residents"]', "4200");
  assert.ok(!(await residentsError.isVisible()));
  await page.fill('[data-path="activities_by_month[7]"]', "x");
  const monthsError = page.locator('.error[data-error-for="activities_by_month"]');
  assert.match(await monthsError.textContent(), /activities_by_month\[7\]/);
  assert.equal(await page.getAttribute('[data-path="activities_by_month[7]"]', "aria-invalid"), "true");
  await page.fill('[data-path="activities_by_month[7]"]', "2");
  await page.fill('[data-path="reports"]', "2024-01-20, 2024-02-30");
  assert.match(await page.locator('.error[data-error-for="reports"]').textContent(), /reports\[1\]/);
  await page.fill('[data-path="reports"]', REPORTS.join("\n"));

  // Fixed: the instance kept working through the errors and gives the same answer.
  assert.ok(!(await page.locator("#result-banner").isVisible()));
  assert.equal(await page.textContent("#score"), want.score.toFixed(2));
  await page.close();
  assert.deepEqual(problems.splice(0), []);
});

test("the dashboard shows 8 streets and 64 communities coloured by grade, and a chart", { timeout: 90_000 }, async () => {
  const page = await open("#dashboard");
  await page.waitForSelector("#dashboard-view[data-ready]");
  const district = JSON.parse(readFileSync(join(ROOT, "examples", "data", "sample-district.json"), "utf8"));
  assert.equal(await page.locator('#street-tree li[data-level="street"]').count(), 8);
  assert.equal(await page.locator('#street-tree li[data-level="community"]').count(), 64);
  assert.equal(await page.locator("#street-chart rect.bar").count(), 64);
  assert.equal(await page.locator("#street-chart g.street").count(), 8);

  // Every community's grade in the page is the engine's grade for its record, and it
  // sits under its unit's parent street.
  const report = engine.appraiseDistrict(null, district);
  const outcomes = report.outcomes;
  assert.equal(JSON.stringify(outcomes), JSON.stringify(engine.assessMany(district.records)));
  const shown = await page.$$eval('#street-tree li[data-level="community"]', (items) =>
    items.map((li) => ({ unit: li.dataset.unit, grade: li.dataset.grade, street: li.closest('li[data-level="street"]').dataset.unit })),
  );
  const parent = new Map(district.units.map((u) => [u.id, u.parent]));
  for (const item of shown) {
    const i = district.records.findIndex((r) => r.unit === item.unit);
    const o = outcomes[i];
    assert.equal(item.grade, "error" in o ? "error" : o.grade, item.unit);
    assert.equal(item.street, parent.get(item.unit), item.unit);
  }
  // Each street shows the engine's roll-up: its mean score.
  const means = await page.$$eval('#street-tree li[data-level="street"]', (items) =>
    items.map((li) => [li.dataset.unit, Number(li.dataset.mean)]),
  );
  assert.deepEqual(means, report.streets.map((s) => [s.street, s.summary.mean_score]));
  assert.equal(await page.locator("#street-chart line.mean").count(), 8);
  // The network's findings, among them the sample's deliberate N5 breach at c-042.
  assert.equal(await page.locator("#findings li").count(), report.findings.length);
  assert.ok(report.findings.some((f) => f.rule === "N5" && f.unit === "c-042"));
  const n5 = report.findings.find((f) => f.rule === "N5");
  assert.equal(await page.textContent('#findings li[data-rule="N5"]'), `N5 · ${n5.message.zh}`);
  const grades = new Set(shown.map((s) => s.grade));
  assert.ok(grades.size >= 3, `a spread of grades: ${[...grades]}`);
  await shoot(page, "dashboard.png");

  await page.click("#lang");
  assert.equal(await page.textContent("#district-name"), district.name.en);
  await shoot(page, "dashboard-en.png");
  await page.close();
  assert.deepEqual(problems.splice(0), []);
});
