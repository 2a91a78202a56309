/*
 * The household CO₂ diary (環境家計簿, /log/): the page module. Loaded only on a
 * page with <!-- md:diary --> (overrides/main.html); it starts the Pyodide worker
 * through client.js as soon as it loads.
 *
 * Page side (root = [data-log], overrides/partials/diary.html):
 *   - data-state on the root is "loading" | "ready" | "error" (a stable test hook),
 *     and [data-log-status="…"] shows the matching line;
 *   - [data-log-consent] (a checkbox) turns saving on. Until it is ticked nothing is
 *     written anywhere: the diary lives in this page's memory only. Once ticked, the
 *     whole diary (the engine's JSON document) is written to localStorage under
 *     STORE after every change, and read back on the next visit (which ticks the
 *     box). Unticking it, or [data-log-clear], asks in <dialog data-log-confirm>
 *     and then removes STORE: nothing of the diary is left in the browser;
 *   - the form [data-log-form]: <input type="month" data-log-month> and controls
 *     named after the engine's input keys; [data-log-add] submits it. Field errors
 *     go into [data-log-error-for="<key>"] with aria-invalid on the control;
 *   - the months: one <tr data-log-row="YYYY-MM"> each in [data-log-table], the chart
 *     [data-log-chart], and [data-log-output="…"] slots (total_kg_12_months, …).
 *     Source columns and legend keys ([data-log-source]) show only for sources
 *     with a record. Row buttons come from <template data-log-template="row-actions">;
 *   - [data-log-action] and [data-log-action-start]: the watched action;
 *   - [data-log-export="csv"|"json"] download the engine's file (name from
 *     data-log-filename); [data-log-import] (a file input) reads one back, decoded
 *     as UTF-8, else Shift_JIS (what Japanese Excel writes);
 *   - No text a reader sees is written here: it comes from the page (built in the
 *     page's language) or from the engine's JSON. Numbers are formatted with
 *     Intl.NumberFormat in the page's language.
 *
 * Protocol with the worker (worker.js lists it in full), through client.js:
 *   ready / failed, and request("diary", {request}) → {type: "diary-result", json},
 *   where request = JSON {op, lang, diary, …} and json = calculators.web.diary(request)
 *   (ops: view, add, delete, action, export, import; see calculators/web.py).
 *   The page keeps the engine's latest document and sends it with every request.
 */

import { startWorker } from "./client.js";

// The one localStorage key the diary uses (nothing else is stored, and only after consent).
const STORE = "carbon-offset-guide-diary";
const SVG = "http://www.w3.org/2000/svg";
const SOURCES = ["electricity", "city_gas", "lpg", "kerosene", "gasoline", "diesel", "water"];

function readStore() {
  try {
    const text = window.localStorage.getItem(STORE);
    return text ? JSON.parse(text) : null;
  } catch {
    return null; // storage blocked, or not JSON: start empty
  }
}

function startLog(root, client) {
  const lang = root.dataset.lang || document.documentElement.lang || "ja";
  const form = root.querySelector("[data-log-form]");
  const monthInput = root.querySelector("[data-log-month]");
  const consent = root.querySelector("[data-log-consent]");
  const dialog = root.querySelector("[data-log-confirm]");
  const actionSelect = root.querySelector("[data-log-action]");
  const actionStart = root.querySelector("[data-log-action-start]");
  const $ = (selector) => root.querySelector(selector);
  const all = (selector) => [...root.querySelectorAll(selector)];
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const signed = new Intl.NumberFormat(lang, { maximumFractionDigits: 0, signDisplay: "exceptZero" });
  const fmt = (value) => (value === null || value === undefined ? "–" : number.format(value));
  const set = (name, text) => all(`[data-log-output="${name}"]`).forEach((el) => { el.textContent = text || ""; });

  let stored = readStore();
  let diary = stored; // the engine's document; null = empty
  let view = null;
  let shownMonth = null; // the month whose class code is shown

  consent.checked = stored !== null;

  function showSaving() {
    all("[data-log-saving]").forEach((el) => { el.hidden = el.dataset.logSaving !== (consent.checked ? "on" : "off"); });
  }

  function save() {
    if (!consent.checked) return;
    try {
      window.localStorage.setItem(STORE, JSON.stringify(diary || {}));
      $("[data-log-storage-failed]").hidden = true;
    } catch {
      $("[data-log-storage-failed]").hidden = false;
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(STORE);
    } catch {
      // Nothing could be stored either.
    }
  }

  function state(which) {
    root.dataset.state = which;
    all("[data-log-status]").forEach((el) => { el.hidden = el.dataset.logStatus !== which; });
  }

  function announce(which, month) {
    all("[data-log-added], [data-log-deleted], [data-log-cleared]").forEach((el) => { el.hidden = true; });
    if (!which) return;
    const el = $(`[data-log-${which}]`);
    el.querySelectorAll('[data-slot="month"]').forEach((slot) => { slot.textContent = month || ""; });
    el.hidden = false;
  }

  async function ask(op, payload = {}) {
    const request = JSON.stringify({ op, lang, diary, ...payload });
    const reply = await client.request("diary", { request });
    return JSON.parse(reply.json);
  }

  // An answer that changes the diary: keep its document, store it (with consent), show it.
  function apply(answer) {
    diary = answer.diary;
    save();
    render(answer.view, answer.rejected || []);
  }

  function showErrors(errors) {
    const byField = new Map(errors.map((e) => [e.field, e.message]));
    all("[data-log-error-for]").forEach((slot) => {
      const key = slot.dataset.logErrorFor;
      const message = byField.get(key) || "";
      slot.textContent = message;
      const controls = key === "month" ? [monthInput]
        : key === "action" ? [actionSelect]
          : key === "action_start" ? [actionStart]
            : key ? [...form.querySelectorAll(`[name="${CSS.escape(key)}"]`)] : [];
      controls.forEach((control) => {
        if (message) control.setAttribute("aria-invalid", "true");
        else control.removeAttribute("aria-invalid");
      });
    });
    $("[data-log-error-summary]").hidden = errors.length === 0;
  }

  function applyShownWhen() {
    all("[data-shown-when]").forEach((field) => {
      const [name, value] = field.dataset.shownWhen.split("=");
      const control = form.elements.namedItem(name);
      field.hidden = !control || control.value !== value;
    });
  }

  function formValues() {
    const values = {};
    for (const [key, value] of new FormData(form).entries()) {
      if (key !== "month" && String(value).trim() !== "") values[key] = String(value);
    }
    return values;
  }

  // Put a month's values into the form (for editing it).
  function fillForm(month, values) {
    monthInput.value = month;
    for (const control of form.elements) {
      if (!control.name || control.name === "month") continue;
      const value = Object.hasOwn(values, control.name) ? values[control.name] : "";
      if (control.type === "radio") control.checked = control.value === value || (!value && control.defaultChecked);
      else if (control.tagName === "SELECT") control.value = value || control.querySelector("option[selected]")?.value || control.options[0].value;
      else control.value = value;
    }
    applyShownWhen();
  }

  // After a month is recorded: the next month, the amounts cleared, the choices kept.
  function nextMonth(month) {
    const [year, index] = month.split("-").map(Number);
    const next = new Date(Date.UTC(year, index, 1));
    monthInput.value = `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, "0")}`;
    form.querySelectorAll('input[type="text"]').forEach((input) => {
      if (input.name !== "household_size") input.value = "";
    });
  }

  function cell(tag, text, attrs = {}) {
    const el = document.createElement(tag);
    if (text instanceof Node) el.append(text);
    else el.textContent = text;
    for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
    return el;
  }

  function rowButtons(row) {
    const fragment = $('template[data-log-template="row-actions"]').content.cloneNode(true);
    fragment.querySelectorAll('[data-slot="month"]').forEach((slot) => { slot.textContent = row.label; });
    fragment.querySelector("[data-log-edit]").addEventListener("click", () => {
      fillForm(row.month, row.values || {});
      showCode(row);
      monthInput.focus();
    });
    fragment.querySelector("[data-log-delete]").addEventListener("click", async () => {
      const answer = await ask("delete", { month: row.month });
      if (!answer.ok) return;
      apply(answer);
      announce("deleted", row.label);
    });
    return fragment;
  }

  function showCode(row) {
    const box = $("[data-log-code]");
    shownMonth = row ? row.month : null;
    box.hidden = !(row && row.class_code);
    if (!row) return;
    set("class_code_month", row.label);
    set("class_code", row.class_code || "");
    $("[data-log-copied]").hidden = true;
  }

  function renderTable(rows, used, window) {
    const body = $("[data-log-table] tbody");
    body.replaceChildren(...rows.map((row) => {
      const tr = document.createElement("tr");
      tr.dataset.logRow = row.month;
      // Printed: the twelve months of the running total only.
      if (window && (row.month < window.from || row.month > window.to)) tr.dataset.logOutside = "";
      tr.append(cell("th", row.label, { scope: "row" }));
      for (const source of SOURCES) {
        const td = cell("td", fmt(row.kg_by_source[source]), { "data-log-source": source });
        td.hidden = !used.has(source);
        tr.append(td);
      }
      tr.append(cell("td", fmt(row.total_kg)));
      const last = row.last_year;
      tr.append(cell("td", last ? fmt(last.total_kg) : "–"));
      tr.append(cell("td", last ? signed.format(Math.round(last.difference_kg)) : "–"));
      tr.append(cell("td", row.notes.join(" / ")));
      const actions = cell("td", row.entry ? rowButtons(row) : "", { class: "log__no-print" });
      tr.append(actions);
      return tr;
    }));
    all("th[data-log-source], [data-log-source].log__key").forEach((el) => { el.hidden = !used.has(el.dataset.logSource); });
  }

  // Stacked bars for the twelve months of the running total, one colour per source
  // (the legend names them; the table has every figure).
  function renderChart(rows, used, window) {
    const svg = $("[data-log-chart]");
    const title = svg.querySelector("title");
    if (!window) {
      svg.replaceChildren(title);
      return;
    }
    const byMonth = new Map(rows.map((r) => [r.month, r]));
    const months = [];
    const [year, index] = window.from.split("-").map(Number);
    for (let i = 0; i < 12; i += 1) {
      const d = new Date(Date.UTC(year, index - 1 + i, 1));
      months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`);
    }
    const max = Math.max(1, ...months.map((m) => (byMonth.get(m) ? byMonth.get(m).total_kg : 0)));
    // As wide as the screen allows (so its text stays legible on a phone), at most 600.
    const width = Math.round(Math.max(320, Math.min(600, svg.getBoundingClientRect().width || 600)));
    const height = 240;
    const top = 20;
    const bottom = 28;
    const slot = width / 12;
    const parts = [];
    months.forEach((month, i) => {
      const row = byMonth.get(month);
      const x = i * slot + 6;
      let y = height - bottom;
      if (row) {
        for (const source of SOURCES) {
          const kg = row.kg_by_source[source];
          if (!kg || !used.has(source)) continue;
          const h = ((height - top - bottom) * kg) / max;
          y -= h;
          const bar = document.createElementNS(SVG, "rect");
          bar.setAttribute("x", String(x));
          bar.setAttribute("y", String(y));
          bar.setAttribute("width", String(slot - 12));
          bar.setAttribute("height", String(Math.max(h, 0.5)));
          bar.setAttribute("class", `log__bar log__bar--${source}`);
          parts.push(bar);
        }
        const value = document.createElementNS(SVG, "text");
        value.setAttribute("x", String(x + (slot - 12) / 2));
        value.setAttribute("y", String(y - 4));
        value.setAttribute("text-anchor", "middle");
        value.setAttribute("class", "log__value");
        value.textContent = fmt(row.total_kg);
        parts.push(value);
      }
      const label = document.createElementNS(SVG, "text");
      label.setAttribute("x", String(x + (slot - 12) / 2));
      label.setAttribute("y", String(height - 8));
      label.setAttribute("text-anchor", "middle");
      label.textContent = row ? row.short_label : view.axis[i];
      parts.push(label);
    });
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.replaceChildren(title, ...parts);
  }

  function render(next, rejected = []) {
    view = next;
    const rows = view.months;
    const used = new Set(SOURCES.filter((s) => rows.some((r) => r.kg_by_source[s] !== null)));
    $("[data-log-empty]").hidden = rows.length > 0;
    $("[data-log-results]").hidden = rows.length === 0;
    set("total_kg_12_months", fmt(view.total_kg_12_months));
    set("window", view.window ? view.window.label : "");
    set("first_year", view.first_year ? view.first_year.text : "");
    set("first_year_change", view.first_year_change ? view.first_year_change.text : "");
    set("average_verdict", view.average ? view.average.verdict : "");
    set("average_description", view.average ? view.average.description : "");
    set("average_basis", view.average ? view.average.basis : "");
    renderTable(rows, used, view.window);
    renderChart(rows, used, view.window);
    $('[data-log-output="notes"]').replaceChildren(...view.notes.map((text) => cell("li", text)));
    const stale = $('[data-log-output="stored_errors"]');
    stale.replaceChildren(...rejected.map((text) => cell("li", text)));
    stale.hidden = rejected.length === 0;
    set("effect", view.effect.text);
    $(".log__effect").dataset.logEffectStatus = view.effect.status;
    set("weather", view.effect.weather);
    if (view.effect.action) {
      actionSelect.value = view.effect.action;
      actionStart.value = view.effect.start;
    }
    showCode(rows.find((r) => r.month === shownMonth) || null);
    root.dataset.months = String(rows.filter((r) => r.entry).length);
  }

  async function add(event) {
    event.preventDefault();
    if (root.dataset.state !== "ready") return;
    const month = monthInput.value;
    const answer = await ask("add", { month, values: formValues() });
    if (!answer.ok) {
      showErrors(answer.errors);
      const first = answer.errors[0];
      const target = first && first.field === "month" ? monthInput
        : first && first.field ? form.querySelector(`[name="${CSS.escape(first.field)}"]`) : null;
      if (target) target.focus();
      announce(null);
      return;
    }
    showErrors([]);
    shownMonth = answer.month;
    apply(answer);
    const row = answer.view.months.find((r) => r.month === answer.month);
    announce("added", row ? row.label : answer.month);
    nextMonth(answer.month);
  }

  async function chooseAction() {
    const id = actionSelect.value;
    if (id && !actionStart.value) return; // waits for the start month
    const answer = await ask("action", { action: id ? { id, start: actionStart.value } : null });
    if (!answer.ok) {
      showErrors(answer.errors);
      return;
    }
    showErrors([]);
    apply(answer);
  }

  // "Delete everything": asks first; then nothing of the diary is left in the browser.
  // One question at a time: `asking` holds what to do on "no" (or Escape).
  let asking = null;
  dialog.addEventListener("click", (event) => {
    const button = event.target.closest("[data-log-confirm-answer]");
    if (!button || !asking) return;
    const onCancel = asking;
    asking = null;
    dialog.close();
    if (button.dataset.logConfirmAnswer === "yes") clearAll();
    else onCancel();
  });
  dialog.addEventListener("cancel", () => {
    const onCancel = asking;
    asking = null;
    if (onCancel) onCancel();
  });

  function confirmClear(onCancel) {
    asking = onCancel;
    dialog.showModal();
    dialog.querySelector('[data-log-confirm-answer="no"]').focus();
  }

  async function clearAll() {
    forget();
    consent.checked = false;
    showSaving();
    diary = null;
    stored = null;
    shownMonth = null;
    form.reset();
    applyShownWhen();
    actionSelect.value = "";
    actionStart.value = "";
    const answer = await ask("view");
    if (answer.ok) render(answer.view);
    announce("cleared");
    $("[data-log-clear]").focus();
  }

  async function exportFile(format) {
    const answer = await ask("export", { format });
    if (!answer.ok) return;
    const type = format === "csv" ? "text/csv;charset=utf-8" : "application/json;charset=utf-8";
    const url = URL.createObjectURL(new Blob([answer.text], { type }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${root.dataset.logFilename || "diary"}.${format}`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function importFile(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    const bytes = await file.arrayBuffer();
    let text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder("shift_jis").decode(bytes); // Japanese Excel's "CSV"
    }
    input.value = "";
    const answer = await ask("import", { text });
    if (!answer.ok) return;
    apply(answer);
    set("import_message", answer.message);
    $("[data-log-import-errors]").replaceChildren(...(answer.rejected || []).map((t) => cell("li", t)));
  }

  form.addEventListener("submit", add);
  form.addEventListener("change", applyShownWhen);
  consent.addEventListener("change", () => {
    if (consent.checked) {
      save();
      showSaving();
    } else if (diary && diary.months && diary.months.length) {
      // Turning saving off deletes what was saved: ask first.
      consent.checked = true;
      confirmClear(() => consent.focus());
    } else {
      forget();
      showSaving();
    }
  });
  $("[data-log-clear]").addEventListener("click", () => confirmClear(() => $("[data-log-clear]").focus()));
  actionSelect.addEventListener("change", chooseAction);
  actionStart.addEventListener("change", chooseAction);
  all("[data-log-export]").forEach((button) => button.addEventListener("click", () => exportFile(button.dataset.logExport)));
  $("[data-log-import]").addEventListener("change", (event) => importFile(event.target));
  $("[data-log-copy-code]").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText($('[data-log-output="class_code"]').textContent);
      $("[data-log-copied]").hidden = false;
    } catch {
      // Clipboard refused: the code is on screen to copy by hand.
    }
  });

  showSaving();
  applyShownWhen();
  if (!monthInput.value) {
    const now = new Date();
    monthInput.value = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
  }
  if (!client) {
    state("error");
    return;
  }
  client.listen({
    async ready() {
      const answer = await ask("view");
      if (answer.ok) {
        if (diary) diary = answer.diary; // a stored month that no longer checks is named below
        render(answer.view, answer.rejected || []);
      }
      state("ready");
    },
    failed() {
      state("error");
    },
  });
}

// Start the worker while the page is still parsing; wire the page once its DOM is there.
const early = document.querySelector('meta[name="calculator-runtime"]') ? startWorker() : null;
const wire = () => {
  const root = document.querySelector("[data-log]");
  if (root) startLog(root, early);
  else if (early) early.terminate();
};
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
else wire();
