// Loads the WebAssembly engine, then the two views: the self-assessment form
// (#form) and the district dashboard (#dashboard), with a Chinese/English toggle.

import init from "../../bindings-wasm/pkg/learning_city_wasm.js";
import { setupDashboard } from "./dashboard.js";
import { setupForm } from "./form.js";
import { currentLang, setLang } from "./i18n.js";

const views = { form: "#form-view", dashboard: "#dashboard-view" };
let dashboardStarted = false;

function show() {
  const name = location.hash.slice(1) in views ? location.hash.slice(1) : "form";
  for (const [key, sel] of Object.entries(views)) {
    document.querySelector(sel).hidden = key !== name;
    document.querySelector(`#tab-${key}`).classList.toggle("active", key === name);
  }
  if (name === "dashboard" && !dashboardStarted) {
    dashboardStarted = true;
    setupDashboard(document.querySelector("#dashboard-view"));
  }
}

async function main() {
  try {
    await init();
  } catch (e) {
    const fatal = document.querySelector("#fatal");
    fatal.textContent = `WebAssembly: ${e.message}`;
    fatal.hidden = false;
    return;
  }
  document.querySelector("#loading").hidden = true;
  document.querySelector("#lang").addEventListener("click", () => setLang(currentLang() === "zh" ? "en" : "zh"));
  setupForm(document.querySelector("#form-view"));
  window.addEventListener("hashchange", show);
  show();
  document.body.dataset.ready = "true";
}

main();
