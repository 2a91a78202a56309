/*
 * The teacher's class results (/schools/class/): the page module. Loaded only on
 * a page with <!-- md:class-results --> (overrides/main.html).
 *
 * The Python runtime is not started when the page opens (a teacher may only be
 * reading): it starts on the first input in [data-class-input] or on the
 * [data-action="start-class"] button, and the page says so while it loads
 * ([data-class-progress] counts the bytes against data-runtime-bytes).
 *
 * Page side (root = [data-class-page]): data-state is "idle" | "loading" | "ready"
 * | "error" and [data-class-status="…"] shows the matching line; the pasted codes
 * go to the worker as they are typed (with [data-class-count-duplicates]), and
 * [data-class-busy] shows until the answer to the latest paste is in; the
 * class summary fills [data-class-output="…"] slots, the [data-class-notice="…"]
 * lines (rejected lines, repeated codes, a skipped header, corrected slips),
 * [data-class-table="…"] tables and the chart [data-class-chart]; each rejected
 * code becomes a [data-class-error-line] item and each repeated one a
 * [data-class-duplicate-line] item, from the page's templates. The engine lists at
 * most 100 of each, so a paste of 10,000 bad lines never builds 10,000 elements
 * (the parsing itself runs in the worker, off the page's thread). A
 * [data-plural-of="name"] element shows its child whose data-plural is the
 * Intl.PluralRules category of that number. data-households and data-computed
 * (the request answered last) are test hooks. No text a reader sees is written
 * here: it comes from the page (overrides/partials/class.html) or the engine.
 * Nothing is sent anywhere or stored.
 *
 * Protocol with the worker (worker.js lists it in full), through client.js:
 *   progress / ready / failed, and
 *   request("class", {text, lang, count_duplicates}) → {type: "class-result", json}
 *   where json = calculators.web.class_run(text, lang, count_duplicates).
 */

import { startWorker } from "./client.js";

const DEBOUNCE_MS = 150;

const SVG = "http://www.w3.org/2000/svg";

function startClassPage(root) {
  const lang = root.dataset.lang || document.documentElement.lang || "ja";
  const input = root.querySelector("[data-class-input]");
  const startButton = root.querySelector('[data-action="start-class"]');
  const duplicatesBox = root.querySelector("[data-class-count-duplicates]");
  const progress = root.querySelector("[data-class-progress]");
  const busy = root.querySelector("[data-class-busy]");
  const expectedBytes = Number(root.dataset.runtimeBytes) || 0;
  const format = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const format2 = new Intl.NumberFormat(lang, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  const plurals = new Intl.PluralRules(lang);
  // The engine has rounded every figure half up (calculators/_exact.py); this only
  // adds the separators of the page's language.
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
  const notice = (which, shown) => root.querySelectorAll(`[data-class-notice="${which}"]`).forEach((el) => {
    el.hidden = !shown;
  });
  function plural(name, count) {
    root.querySelectorAll(`[data-plural-of="${name}"]`).forEach((group) => {
      const forms = [...group.querySelectorAll(":scope > [data-plural]")];
      const wanted = plurals.select(count);
      const chosen = forms.find((f) => f.dataset.plural === wanted) || forms.find((f) => f.dataset.plural === "other");
      forms.forEach((f) => { f.hidden = f !== chosen; });
    });
  }
  function count(name, value) {
    set(name, fmt(value));
    plural(name, value);
  }

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

  function items(listSelector, templateName, entries, fill) {
    const list = root.querySelector(listSelector);
    const template = root.querySelector(`template[data-class-template="${templateName}"]`);
    list.replaceChildren(...entries.map((entry) => {
      const item = template.content.firstElementChild.cloneNode(true);
      fill(item, entry);
      return item;
    }));
  }
  const slot = (item, name, text) => { item.querySelector(`[data-slot="${name}"]`).textContent = text; };

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
    count("households", summary.households);
    set("total_kg_per_year", fmt(summary.total_kg_per_year));
    set("total_tonnes", fmt(summary.total_tonnes, 2));
    for (const [key, spread] of [["household", summary.household_kg_per_year], ["per_person", summary.per_person_kg_per_year]]) {
      for (const stat of ["mean", "median", "min", "max"]) set(`${key}_${stat}`, fmt(spread ? spread[stat] : null));
      root.querySelector(`[data-class-part="${key}"]`).hidden = !spread;
    }
    const perPerson = summary.per_person_kg_per_year;
    count("per_person_count", perPerson ? perPerson.count : 0);
    set("cut_tonnes", fmt(summary.cut_tonnes, 2));
    set("remaining_tonnes", fmt(summary.remaining_tonnes, 2));

    // Notices under the heading: what was left out, repeated, skipped or corrected.
    count("rejected_lines", summary.rejected_lines);
    notice("rejected", summary.rejected_lines > 0);
    count("duplicate_count", summary.duplicate_count);
    notice("duplicates", summary.duplicate_count > 0);
    root.querySelectorAll("[data-class-duplicates-mode]").forEach((el) => {
      el.hidden = el.dataset.classDuplicatesMode !== (summary.count_duplicates ? "counted" : "once");
    });
    notice("header", Boolean(summary.header));
    set("header_line", summary.header ? fmt(summary.header.line) : "–");
    set("header_text", summary.header ? summary.header.text : "");
    count("corrected_count", summary.corrected_count);
    notice("corrected", summary.corrected_count > 0);

    chart(summary.by_source);
    rows("sources", summary.by_source.map((s) => [
      s.label, fmt(s.average_kg_per_year), fmt(s.total_kg_per_year), fmt(s.share_percent),
    ]));
    rows("actions", summary.actions.map((a) => [a.label, fmt(a.households), fmt(a.kg_per_year)]));
    rows("costs", summary.offset_costs.map((c) => [
      c.label, `${fmt(c.price_low)}–${fmt(c.price_high)}`, `${fmt(c.yen_low)}–${fmt(c.yen_high)}`,
    ]));
    items("[data-class-errors]", "error", summary.rejected, (item, r) => {
      item.dataset.classErrorLine = String(r.line);
      slot(item, "line", String(r.line));
      slot(item, "message", r.message);
      slot(item, "text", r.text);
    });
    root.querySelector("[data-class-rejected]").hidden = summary.rejected.length === 0;
    const more = summary.rejected_count - summary.rejected.length;
    count("rejected_more", more);
    notice("rejected_more", more > 0);
    items("[data-class-duplicate-list]", "duplicate", summary.duplicates, (item, d) => {
      item.dataset.classDuplicateLine = String(d.line);
      slot(item, "line", String(d.line));
      slot(item, "first_line", String(d.first_line));
      slot(item, "text", d.text);
      item.querySelector('[data-slot="counted"]').hidden = !d.counted;
    });
    root.querySelector("[data-class-duplicates]").hidden = summary.duplicates.length === 0;
    root.dataset.households = String(summary.households);
  }

  function compute() {
    if (!client || root.dataset.state !== "ready") return;
    runId += 1;
    const id = runId;
    const request = { text: input.value, lang, count_duplicates: duplicatesBox.checked };
    busy.hidden = false;
    client.request("class", request).then((reply) => {
      if (id !== runId) return; // a newer paste is on its way
      busy.hidden = true;
      const outcome = JSON.parse(reply.json);
      if (outcome.ok) render(outcome.summary);
      root.dataset.computed = String(id);
    }, () => { busy.hidden = true; }); // the worker failed: the status says so
  }

  function failed() {
    root.dataset.state = "error";
    status("error");
    startButton.disabled = false;
  }

  // Start the runtime once, when it is first needed; what was pasted meanwhile is
  // added up as soon as it is ready.
  function start() {
    if (client || root.dataset.state === "error") return;
    client = startWorker(root.dataset.runtime);
    if (!client) {
      failed();
      return;
    }
    root.dataset.state = "loading";
    status("loading");
    startButton.disabled = true;
    progress.max = expectedBytes || 1;
    progress.value = 0;
    client.listen({
      progress(loaded) {
        if (expectedBytes) progress.value = Math.min(loaded, expectedBytes);
      },
      ready() {
        root.dataset.state = "ready";
        status("ready");
        compute();
      },
      failed() {
        client = null;
        failed();
      },
    });
  }

  function onInput() {
    start();
    clearTimeout(debounce);
    debounce = setTimeout(compute, DEBOUNCE_MS);
  }

  input.addEventListener("input", onInput);
  duplicatesBox.addEventListener("change", onInput);
  startButton.addEventListener("click", () => {
    start();
    input.focus();
  });
}

const wire = () => {
  const root = document.querySelector("[data-class-page]");
  if (root) startClassPage(root);
};
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
else wire();
