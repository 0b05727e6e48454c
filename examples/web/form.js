// The self-assessment form: one community's figures in, the engine's score, grade and
// every indicator's reason and gap out, live as the user types. The fields are the
// rulebook's own (read from the rulebook document); nothing here scores or checks:
// a value that is not a number is passed on as typed, and the engine's error, found
// by its `path`, is shown next to the field.

import { assess, builtinNames, Rulebook } from "../../bindings-wasm/pkg/learning_city_wasm.js";
import { currentLang, errorText, fieldLabel, num, onLangChange, t, UI } from "./i18n.js";

const $ = (sel, root = document) => root.querySelector(sel);

/** `{ratio: {numerator, denominator}}` → the fields a rule reads, in order. */
function ruleFields(rule) {
  const [kind, params] = Object.entries(rule)[0];
  switch (kind) {
    case "ratio":
      return [params.numerator, params.denominator];
    case "per_capita":
      return [params.amount, params.population];
    default:
      return [params.field];
  }
}

/** The input a rule kind's field needs. */
function widgetFor(rule) {
  const kind = Object.keys(rule)[0];
  return { count_each_period: "months", dated_each_period: "dates", date_by: "date", lead_time: "pairs" }[kind] ?? "number";
}

/** Text to a JSON value: empty is absent, a number is a number, anything else stays text. */
function parseNumber(text) {
  const s = text.trim();
  if (s === "") return undefined;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : s;
}

function splitList(text) {
  return text.split(/[\s,,;;、]+/).filter((s) => s !== "");
}

const READERS = {
  number: (el) => parseNumber(el.querySelector("input").value),
  date: (el) => el.querySelector("input").value.trim() || undefined,
  months: (el) => {
    const cells = [...el.querySelectorAll("input")].map((i) => i.value);
    if (cells.every((c) => c.trim() === "")) return undefined;
    return cells.map((c) => parseNumber(c) ?? null);
  },
  dates: (el) => {
    const items = splitList(el.querySelector("textarea").value);
    return items.length ? items : undefined;
  },
  pairs: (el) => {
    const lines = el.querySelector("textarea").value.split("\n").map(splitList).filter((l) => l.length);
    return lines.length ? lines : undefined;
  },
};

/** An example community, for the "fill in an example" button (sample data, not rules). */
const EXAMPLE = {
  residents: "4200",
  participants: "1130",
  surveyed: "300",
  aware: "231",
  recognising: "220",
  satisfied: "170",
  funding_cny: "9000",
  activities_by_month: ["2", "3", "2", "2", "1", "2", "4", "2", "2", "3", "2", "2"],
  reports: "2024-01-20, 2024-02-24, 2024-03-26, 2024-04-18, 2024-05-20, 2024-06-21\n2024-07-19, 2024-08-23, 2024-09-20, 2024-10-25, 2024-11-20, 2024-12-19",
  staff_trainings: "2",
  leading_group_meetings: "1",
  centre_organised_on: "2024-05-10",
  signature_courses: "1",
};

export function setupForm(root) {
  const form = $("#self-form", root);
  const fieldsBox = $("#indicator-fields", root);
  const result = $("#result", root);
  const select = $("#rulebook", root);
  let rulebook = null;
  let doc = null;
  let last = null; // {assessment} or {error}

  for (const name of builtinNames()) {
    const opt = document.createElement("option");
    opt.value = name;
    opt.textContent = name;
    select.append(opt);
  }

  /** Uses `next` (a Rulebook) from now on, keeping what the user typed. */
  function loadRulebook(next) {
    const kept = readValues();
    rulebook?.free();
    rulebook = next;
    doc = rulebook.toObject();
    buildFields();
    writeValues(kept);
    update();
  }

  /** One group per indicator, holding the fields it is the first to read. */
  function buildFields() {
    fieldsBox.replaceChildren();
    const placed = new Set();
    for (const ind of doc.indicators) {
      const fields = ruleFields(ind.rule).filter((f) => !placed.has(f));
      const group = document.createElement("fieldset");
      group.className = "indicator";
      group.dataset.indicator = ind.id;
      const legend = document.createElement("legend");
      legend.dataset.label = JSON.stringify(ind.label);
      legend.dataset.points = ind.points;
      group.append(legend);
      for (const field of fields) {
        placed.add(field);
        group.append(fieldRow(field, widgetFor(ind.rule)));
      }
      if (fields.length === 0) {
        const note = document.createElement("p");
        note.className = "note";
        note.dataset.sameAs = "1";
        group.append(note);
      }
      fieldsBox.append(group);
    }
    relabel();
  }

  function fieldRow(field, widget) {
    const row = document.createElement("div");
    row.className = `field ${widget}`;
    row.dataset.field = field;
    row.dataset.widget = widget;
    const label = document.createElement("label");
    const id = `f-${field}`;
    label.htmlFor = id;
    label.innerHTML = `<span class="name"></span> <code></code>`;
    label.querySelector("code").textContent = field;
    row.append(label);
    if (widget === "months") {
      const box = document.createElement("div");
      box.className = "month-grid";
      for (let m = 0; m < 12; m++) {
        const cell = document.createElement("label");
        cell.className = "month";
        cell.innerHTML = `<span></span><input inputmode="numeric" size="3">`;
        const input = cell.querySelector("input");
        input.dataset.path = `${field}[${m}]`;
        input.name = `${field}[${m}]`;
        if (m === 0) input.id = id;
        box.append(cell);
      }
      row.append(box);
    } else if (widget === "dates" || widget === "pairs") {
      const area = document.createElement("textarea");
      area.id = id;
      area.name = field;
      area.dataset.path = field;
      area.rows = 3;
      row.append(area);
    } else {
      const input = document.createElement("input");
      input.id = id;
      input.name = field;
      input.dataset.path = field;
      input.inputMode = widget === "number" ? "decimal" : "text";
      row.append(input);
    }
    const hint = document.createElement("small");
    hint.className = "hint";
    row.append(hint);
    const error = document.createElement("p");
    error.className = "error";
    error.dataset.errorFor = field;
    error.setAttribute("role", "alert");
    error.hidden = true;
    row.append(error);
    return row;
  }

  /** The words of the form, in the current language. */
  function relabel() {
    for (const legend of fieldsBox.querySelectorAll("legend")) {
      const ind = legend.parentElement.dataset.indicator;
      legend.textContent = `${ind} ${t(JSON.parse(legend.dataset.label))} · ${legend.dataset.points} ${t(UI.points)}`;
    }
    for (const row of fieldsBox.querySelectorAll(".field")) {
      row.querySelector(".name").textContent = fieldLabel(row.dataset.field);
      const hint = { dates: UI.datesHint, pairs: UI.pairsHint, date: UI.dateHint }[row.dataset.widget];
      row.querySelector(".hint").textContent = hint ? t(hint) : "";
      row.querySelectorAll(".month span").forEach((s, i) => (s.textContent = UI.months[currentLang()][i]));
    }
    for (const note of fieldsBox.querySelectorAll("[data-same-as]")) {
      note.textContent = currentLang() === "zh" ? "所需数据已在上方填写。" : "Its figures are entered above.";
    }
  }

  function readValues() {
    const values = {};
    for (const el of form.querySelectorAll("input[name], textarea[name]")) values[el.name] = el.value;
    return values;
  }

  function writeValues(values) {
    for (const el of form.querySelectorAll("input[name], textarea[name]")) {
      if (el.name in values) el.value = values[el.name];
    }
  }

  function readRecord() {
    const record = { unit: $("#f-unit", root).value.trim(), period: $("#f-period", root).value.trim() };
    for (const row of fieldsBox.querySelectorAll(".field")) {
      const value = READERS[row.dataset.widget](row);
      if (value !== undefined) record[row.dataset.field] = value;
    }
    return record;
  }

  function update() {
    try {
      last = { assessment: assess(readRecord(), rulebook) };
    } catch (error) {
      if (error?.name !== "LearningCityError") throw error;
      last = { error };
    }
    render();
  }

  function render() {
    for (const el of root.querySelectorAll(".error")) {
      el.hidden = true;
      el.textContent = "";
    }
    for (const el of root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    if (last.error) {
      showError(last.error);
      result.classList.add("stale");
      $("#result-banner", root).textContent = t(UI.fixField);
      $("#result-banner", root).hidden = false;
      return;
    }
    result.classList.remove("stale");
    $("#result-banner", root).hidden = true;
    renderAssessment(last.assessment);
  }

  /** Puts the engine's error next to the field its path names (`activities_by_month[3]` → that month). */
  function showError(error) {
    const field = error.path.split(/[.[]/)[0];
    const exact = root.querySelector(`[data-path="${CSS.escape(error.path)}"]`);
    const input = exact ?? root.querySelector(`[data-path="${CSS.escape(field)}"], [data-path^="${CSS.escape(field)}["]`);
    const box =
      root.querySelector(`.error[data-error-for="${CSS.escape(field)}"]`) ?? $("#result-banner", root);
    const where = error.path !== field && error.path !== "" ? ` [${error.path}]` : "";
    box.textContent = `${errorText(error)}${where}`;
    box.hidden = false;
    input?.setAttribute("aria-invalid", "true");
  }

  function renderAssessment(a) {
    $("#score", root).textContent = a.score.toFixed(2);
    $("#max-score", root).textContent = `/ ${num(a.max_score)}`;
    const grade = $("#grade", root);
    grade.textContent = t(a.grade_label) + (a.vetoed ? ` · ${t(UI.vetoed)}` : "");
    grade.dataset.grade = a.grade;
    const body = $("#indicator-results tbody", root);
    body.replaceChildren();
    for (const r of a.indicators) {
      const tr = document.createElement("tr");
      tr.dataset.indicator = r.id;
      tr.dataset.status = r.status;
      const cells = [
        `${r.id} ${t(r.label)}`,
        `${num(r.points)} / ${num(r.max)}`,
        t(UI[r.status]),
        t(r.why),
        r.gap ? t(r.gap.text) : "",
      ];
      for (const [i, text] of cells.entries()) {
        const td = document.createElement("td");
        td.className = ["label", "points", "status", "why", "gap"][i];
        td.textContent = text;
        tr.append(td);
      }
      body.append(tr);
    }
    const list = $("#work-list", root);
    list.replaceChildren();
    for (const w of a.work_list) {
      const li = document.createElement("li");
      li.dataset.indicator = w.indicator;
      li.textContent = t(w.action) + (w.department ? ` — ${t(w.department)}` : "");
      list.append(li);
    }
  }

  form.addEventListener("input", update);
  form.addEventListener("submit", (e) => e.preventDefault());
  select.addEventListener("change", () => loadRulebook(Rulebook.builtin(select.value)));
  $("#fill-example", root).addEventListener("click", () => {
    const values = {};
    for (const [field, v] of Object.entries(EXAMPLE)) {
      if (Array.isArray(v)) v.forEach((x, i) => (values[`${field}[${i}]`] = x));
      else values[field] = v;
    }
    writeValues(values);
    update();
  });
  $("#clear-form", root).addEventListener("click", () => {
    for (const el of fieldsBox.querySelectorAll("input, textarea")) el.value = "";
    update();
  });
  onLangChange(() => {
    relabel();
    render();
  });

  const initial = Rulebook.defaultBuiltin();
  select.value = initial.id;
  loadRulebook(initial);
  form.dataset.ready = "true";
}
