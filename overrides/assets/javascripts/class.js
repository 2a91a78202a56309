/*
 * The teacher's class results (/schools/class/): the page module. Loaded only on
 * a page with <!-- md:class-results --> (overrides/main.html); it starts the
 * Pyodide worker through client.js as soon as it loads.
 *
 * Page side (root = [data-class-page]): data-state is "loading" | "ready" | "error"
 * and [data-class-status="…"] shows the matching line; the pasted codes in
 * [data-class-input] go to the worker as they are typed; the class summary fills
 * [data-class-output="…"] slots, [data-class-table="…"] tables and the chart
 * [data-class-chart]; each rejected line becomes a [data-class-error-line] item
 * from the page's template; data-households and data-computed (the request
 * answered last) are test hooks. No text a reader sees is written here: it comes
 * from the page (overrides/partials/class.html) or the engine. Nothing is sent
 * anywhere or stored.
 *
 * Protocol with the worker (worker.js lists it in full), through client.js:
 *   ready / failed, and request("class", {text, lang}) → {type: "class-result", json}
 *   where json = calculators.web.class_run(text, lang).
 */

import { startWorker } from "./client.js";

const DEBOUNCE_MS = 150;

const SVG = "http://www.w3.org/2000/svg";

function startClassPage(root, early) {
  const lang = root.dataset.lang || document.documentElement.lang || "ja";
  const input = root.querySelector("[data-class-input]");
  const format = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const format2 = new Intl.NumberFormat(lang, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  const fmt = (value, decimals = 0) =>
    value === null || value === undefined ? "–" : (decimals ? format2 : format).format(value);
  let client = null;
  let runId = 0;
  let debounce = null;

  const set = (name, text) => root.querySelectorAll(`[data-class-output="${name}"]`).forEach((el) => {
    el.textContent = text;
  });
  const status = (which) => root.querySelectorAll("[data-class-status]").forEach((el) => {
    el.hidden = el.dataset.classStatus !== which;
  });

  function rows(table, cells) {
    const body = root.querySelector(`[data-class-table="${table}"] tbody`);
    body.replaceChildren(...cells.map((row) => {
      const tr = document.createElement("tr");
      row.forEach((text, index) => {
        const cell = document.createElement(index === 0 ? "th" : "td");
        if (index === 0) cell.scope = "row";
        cell.textContent = text;
        tr.append(cell);
      });
      return tr;
    }));
  }

  // Horizontal bars, each labelled with its source and value in text (not by colour).
  function chart(sources) {
    const svg = root.querySelector("[data-class-chart]");
    const title = svg.querySelector("title");
    const shown = sources.filter((s) => s.average_kg_per_year > 0);
    const max = Math.max(...shown.map((s) => s.average_kg_per_year), 1);
    const rowHeight = 26;
    svg.setAttribute("viewBox", `0 0 360 ${Math.max(shown.length, 1) * rowHeight + 8}`);
    const parts = shown.flatMap((s, i) => {
      const y = 4 + i * rowHeight;
      const label = document.createElementNS(SVG, "text");
      label.setAttribute("x", "0");
      label.setAttribute("y", String(y + 17));
      label.textContent = s.label;
      const bar = document.createElementNS(SVG, "rect");
      bar.setAttribute("x", "90");
      bar.setAttribute("y", String(y + 3));
      bar.setAttribute("height", "18");
      bar.setAttribute("width", String(Math.max((200 * s.average_kg_per_year) / max, 1)));
      bar.setAttribute("class", "class-results__bar");
      const value = document.createElementNS(SVG, "text");
      value.setAttribute("x", String(96 + (200 * s.average_kg_per_year) / max));
      value.setAttribute("y", String(y + 17));
      value.textContent = fmt(s.average_kg_per_year);
      return [label, bar, value];
    });
    svg.replaceChildren(title, ...parts);
  }

  function render(summary) {
    root.querySelector("[data-class-results]").hidden = false;
    set("households", fmt(summary.households));
    set("total_kg_per_year", fmt(summary.total_kg_per_year));
    set("total_tonnes", fmt(summary.total_tonnes, 2));
    for (const [key, spread] of [["household", summary.household_kg_per_year], ["per_person", summary.per_person_kg_per_year]]) {
      for (const stat of ["median", "min", "max"]) set(`${key}_${stat}`, fmt(spread ? spread[stat] : null));
    }
    set("cut_tonnes", fmt(summary.cut_tonnes, 2));
    set("remaining_tonnes", fmt(summary.remaining_tonnes, 2));
    chart(summary.by_source);
    rows("sources", summary.by_source.map((s) => [s.label, fmt(s.average_kg_per_year), fmt(s.total_kg_per_year)]));
    rows("actions", summary.actions.map((a) => [a.label, fmt(a.households), fmt(a.kg_per_year)]));
    rows("costs", summary.offset_costs.map((c) => [
      c.label, `${fmt(c.price_low)}–${fmt(c.price_high)}`, `${fmt(c.yen_low)}–${fmt(c.yen_high)}`,
    ]));
    const list = root.querySelector("[data-class-errors]");
    const template = root.querySelector('template[data-class-template="error"]');
    list.replaceChildren(...summary.rejected.map((r) => {
      const item = template.content.firstElementChild.cloneNode(true);
      item.dataset.classErrorLine = String(r.line);
      item.querySelector('[data-slot="line"]').textContent = String(r.line);
      item.querySelector('[data-slot="message"]').textContent = r.message;
      item.querySelector('[data-slot="text"]').textContent = r.text;
      return item;
    }));
    root.querySelector("[data-class-rejected]").hidden = summary.rejected.length === 0;
    root.dataset.households = String(summary.households);
  }

  function compute() {
    if (!client || root.dataset.state !== "ready") return;
    runId += 1;
    const id = runId;
    client.request("class", { text: input.value, lang }).then((reply) => {
      if (id !== runId) return; // a newer paste is on its way
      const outcome = JSON.parse(reply.json);
      if (outcome.ok) render(outcome.summary);
      root.dataset.computed = String(id);
    }, () => undefined); // the worker failed: the status says so
  }

  function failed() {
    root.dataset.state = "error";
    status("error");
  }

  input.addEventListener("input", () => {
    clearTimeout(debounce);
    debounce = setTimeout(compute, DEBOUNCE_MS);
  });
  client = early || startWorker(root.dataset.runtime);
  if (!client) {
    failed();
    return;
  }
  client.listen({
    ready() {
      root.dataset.state = "ready";
      status("ready");
      compute();
    },
    failed,
  });
}

// Start the worker while the page is still parsing; wire the page once its DOM is there.
const early = document.querySelector('meta[name="calculator-runtime"]') ? startWorker() : null;
const wire = () => {
  const root = document.querySelector("[data-class-page]");
  if (root) startClassPage(root, early);
  else if (early) early.terminate();
};
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
else wire();
