// The district dashboard: the sample district appraised in the page by the engine
// (`appraiseDistrict`: every record's assessment, the roll-up of each street, the
// network's findings), shown as the street tree (communities coloured by grade, each
// street with its mean score and grade counts) and an SVG chart of every community's
// score grouped by street, with the street's mean. The street of a community is its
// unit's `parent`.

import { appraiseDistrict, Rulebook } from "../../bindings-wasm/pkg/learning_city_wasm.js";
import { errorText, num, onLangChange, t, UI } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
const DATA_URL = new URL("../data/sample-district.json", import.meta.url);

/** Grade colours by grade id; a rulebook's other grades take the spare colours by rank. */
const GRADE_COLOURS = { excellent: "#1a9850", good: "#4393c3", pass: "#f4a93b", fail: "#d73027" };
const SPARE = ["#5e3c99", "#018571", "#a6611a", "#7b3294"];
const ERROR_COLOUR = "#9e9e9e";

function svg(name, attrs = {}, text) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

export async function setupDashboard(root) {
  const status = root.querySelector("#dashboard-status");
  let district;
  try {
    const response = await fetch(DATA_URL);
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    district = await response.json();
  } catch (e) {
    status.dataset.ui = "";
    status.textContent = `${t(UI.loadFailed)}: ${e.message}`;
    status.hidden = false;
    return;
  }

  const rulebook = Rulebook.defaultBuiltin();
  const doc = rulebook.toObject();
  let report;
  try {
    report = appraiseDistrict(rulebook, district);
  } catch (e) {
    status.textContent = `${t(UI.loadFailed)}: ${e.message}`;
    status.hidden = false;
    return;
  } finally {
    rulebook.free();
  }
  const outcomes = report.outcomes;
  const streetReports = new Map(report.streets.map((s) => [s.street, s]));

  const byUnit = new Map();
  district.records.forEach((record, i) => byUnit.set(record.unit, outcomes[i]));
  const units = district.units;
  const root_ = units.find((u) => u.level === "district");
  const streets = units.filter((u) => u.level === "street" && u.parent === root_?.id);
  const communitiesOf = (street) => units.filter((u) => u.level === "community" && u.parent === street.id);

  const bands = [...doc.grades].sort((a, b) => b.min - a.min);
  const colour = (grade) => {
    if (GRADE_COLOURS[grade]) return GRADE_COLOURS[grade];
    const i = bands.findIndex((b) => b.id === grade);
    return SPARE[Math.max(0, i) % SPARE.length];
  };

  function render() {
    root.querySelector("#district-name").textContent = t(district.name);
    root.querySelector("#district-notes").textContent = t(district.notes);
    root.querySelector("#district-counts").textContent =
      `${streets.length} ${t(UI.streets)} · ${streets.reduce((n, s) => n + communitiesOf(s).length, 0)} ${t(UI.communities)} · ${doc.id}@${doc.version}`;
    renderLegend();
    renderTree();
    renderChart();
    renderFindings();
  }

  /** The network's findings (rules N1–N5) and the district's roll-up, from the engine. */
  function renderFindings() {
    const list = root.querySelector("#findings");
    list.replaceChildren();
    for (const f of report.findings) {
      const li = document.createElement("li");
      li.dataset.rule = f.rule;
      li.textContent = `${f.rule} · ${t(f.message)}`;
      list.append(li);
    }
    const d = report.summary;
    root.querySelector("#district-summary").textContent = [
      `${t(UI.mean)} ${d.mean_score?.toFixed(2) ?? "–"}`,
      `${t(UI.median)} ${d.median_score?.toFixed(2) ?? "–"}`,
      `${t(UI.passRate)} ${d.pass_rate == null ? "–" : `${num(d.pass_rate * 100, 1)} %`}`,
      ...d.grades.map((g) => `${t(g.label)} ${g.count}`),
    ].join(" · ");
  }

  function renderLegend() {
    const legend = root.querySelector("#grade-legend");
    legend.replaceChildren();
    for (const b of bands) {
      const item = document.createElement("span");
      item.className = "chip";
      item.style.setProperty("--grade", colour(b.id));
      item.textContent = `${t(b.label)} ≥ ${b.min}`;
      legend.append(item);
    }
    const bad = document.createElement("span");
    bad.className = "chip";
    bad.style.setProperty("--grade", ERROR_COLOUR);
    bad.textContent = t(UI.badRecord);
    legend.append(bad);
  }

  function communityItem(c) {
    const li = document.createElement("li");
    li.dataset.level = "community";
    li.dataset.unit = c.id;
    const o = byUnit.get(c.id);
    const chip = document.createElement("span");
    chip.className = "chip";
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = `${c.name} (${c.id})`;
    if (o === undefined) {
      chip.textContent = t(UI.noRecord);
      chip.style.setProperty("--grade", ERROR_COLOUR);
      li.dataset.grade = "none";
    } else if ("error" in o) {
      chip.textContent = t(UI.badRecord);
      chip.style.setProperty("--grade", ERROR_COLOUR);
      chip.title = errorText(o.error);
      li.dataset.grade = "error";
    } else {
      chip.textContent = `${t(o.grade_label)} ${o.score.toFixed(2)}`;
      chip.style.setProperty("--grade", colour(o.grade));
      li.dataset.grade = o.grade;
      li.dataset.score = String(o.score);
      const unmet = o.indicators.filter((r) => !r.met).map((r) => `${r.id} ${t(r.label)}`);
      li.title = unmet.length ? unmet.join("\n") : t(UI.met);
    }
    li.append(chip, name);
    return li;
  }

  function renderTree() {
    const tree = root.querySelector("#street-tree");
    const open = new Set([...tree.querySelectorAll("details[open]")].map((d) => d.dataset.street));
    tree.replaceChildren();
    for (const s of streets) {
      const li = document.createElement("li");
      li.dataset.level = "street";
      li.dataset.unit = s.id;
      const details = document.createElement("details");
      details.dataset.street = s.id;
      details.open = open.size === 0 || open.has(s.id);
      const summary_ = document.createElement("summary");
      const title = document.createElement("span");
      title.className = "name";
      title.textContent = `${s.name} (${s.id})`;
      summary_.append(title);
      const members = communitiesOf(s);
      const summary = streetReports.get(s.id)?.summary;
      if (summary?.mean_score != null) {
        li.dataset.mean = String(summary.mean_score);
        const mean = document.createElement("span");
        mean.className = "mean";
        mean.textContent = `${t(UI.mean)} ${summary.mean_score.toFixed(2)}`;
        summary_.append(mean);
      }
      // The street's grade counts, from the engine's roll-up.
      for (const g of summary?.grades ?? []) {
        if (g.count === 0) continue;
        const badge = document.createElement("span");
        badge.className = "count";
        badge.style.setProperty("--grade", colour(g.grade));
        badge.textContent = String(g.count);
        badge.title = t(g.label);
        summary_.append(badge);
      }
      const bad = members.filter((c) => {
        const o = byUnit.get(c.id);
        return o !== undefined && "error" in o;
      }).length;
      if (bad > 0) {
        const badge = document.createElement("span");
        badge.className = "count";
        badge.style.setProperty("--grade", ERROR_COLOUR);
        badge.textContent = String(bad);
        badge.title = t(UI.badRecord);
        summary_.append(badge);
      }
      const ul = document.createElement("ul");
      for (const c of members) ul.append(communityItem(c));
      details.append(summary_, ul);
      li.append(details);
      tree.append(li);
    }
  }

  function renderChart() {
    const box = root.querySelector("#street-chart");
    const perStreet = streets.map((s) => ({ street: s, items: communitiesOf(s) }));
    const total = perStreet.reduce((n, g) => n + g.items.length, 0);
    const max = Math.max(...outcomes.filter((o) => !("error" in o)).map((o) => o.max_score), 1);
    const [W, H, left, right, top, bottom, gap] = [960, 360, 48, 12, 28, 72, 14];
    const bar = (W - left - right - gap * (perStreet.length - 1)) / Math.max(total, 1);
    const y = (v) => top + (H - top - bottom) * (1 - v / max);
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": "chart-title" });
    chart.append(svg("title", { id: "chart-title" }, t(UI.chart)));
    // Grade band floors as dashed lines.
    for (const b of bands) {
      chart.append(svg("line", { x1: left, x2: W - right, y1: y(b.min), y2: y(b.min), class: "band", stroke: colour(b.id) }));
      chart.append(svg("text", { x: left - 6, y: y(b.min) + 4, class: "axis", "text-anchor": "end" }, String(b.min)));
    }
    chart.append(svg("line", { x1: left, x2: left, y1: top, y2: y(0), class: "axis-line" }));
    let x = left;
    for (const { street, items } of perStreet) {
      const g = svg("g", { class: "street", "data-street": street.id });
      const x0 = x;
      for (const c of items) {
        const o = byUnit.get(c.id);
        const ok = o !== undefined && !("error" in o);
        const v = ok ? o.score : 0;
        const rect = svg("rect", {
          class: "bar",
          x: x + 1,
          y: ok ? y(v) : y(0) - 3,
          width: Math.max(bar - 2, 1),
          height: ok ? y(0) - y(v) : 3,
          fill: ok ? colour(o.grade) : ERROR_COLOUR,
          "data-unit": c.id,
        });
        rect.append(svg("title", {}, `${c.name}: ${ok ? `${num(o.score)} ${t(o.grade_label)}` : t(UI.badRecord)}`));
        g.append(rect);
        x += bar;
      }
      const mean = streetReports.get(street.id)?.summary.mean_score;
      if (mean != null) {
        g.append(svg("line", { x1: x0, x2: x, y1: y(mean), y2: y(mean), class: "mean" }));
        g.append(svg("text", { x: (x0 + x) / 2, y: y(mean) - 4, class: "mean-label", "text-anchor": "middle" }, num(mean, 1)));
      }
      g.append(
        svg("text", { x: (x0 + x) / 2, y: H - bottom + 18, class: "street-label", "text-anchor": "middle" }, street.name),
      );
      chart.append(g);
      x += gap;
    }
    box.replaceChildren(chart);
  }

  onLangChange(render);
  render();
  root.dataset.ready = "true";
}
