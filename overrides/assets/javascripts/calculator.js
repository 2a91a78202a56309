/*
 * Household CO₂ calculator: the page module of the calculator page. Loaded only
 * where <!-- md:calculator household --> was used (overrides/main.html), async
 * from <head>: it starts the Pyodide worker at once through client.js (the
 * runtime's address is in <meta name="calculator-runtime">) and wires the form
 * at DOMContentLoaded.
 *
 * Page side (root = [data-calculator="household"]):
 *   - data-state on the root is "loading" | "ready" | "error" (a stable test hook);
 *   - the form's controls are named after the engine's input keys, so the URL
 *     query (?electricity_kwh=300&…) pre-fills them and the form writes them
 *     back with history.replaceState (share links, nothing is sent anywhere);
 *   - results go into [data-output="…"] slots, tables [data-table="…"] and the
 *     action checkboxes (the first three in [data-actions], the rest in
 *     [data-actions-more]); field errors into [data-error-for="<key>"] with
 *     aria-invalid on the control. A slot name may appear twice: the compact
 *     summary beside the form ([data-calculator-summary]) repeats the headline;
 *   - the summary always says where things stand, in words, by showing its
 *     [data-summary-show] parts: "loading" (with the progress), "empty" (nothing
 *     entered yet), "fix" (something to fix: [data-fix-link] leads to the first
 *     field to fix) and "result"; "fix" and a stale "result" may show together;
 *   - engine text that holds a word of the page's glossary (<script data-glossary>,
 *     from includes/abbreviations.<lang>.md) gets it as <abbr class="calc__term">;
 *   - printing opens every closed section of the result ([data-more]) and closes
 *     them again afterwards;
 *   - after an invalid entry the last good result stays, marked out of date:
 *     data-stale on the root and the [data-stale-notice] texts are shown;
 *   - a field with data-shown-when="<name>=<value>" is shown only while that
 *     control has that value (the custom factor only for 「その他」);
 *   - a share link's unknown select/radio value or action id is ignored (aliases
 *     in data-action-aliases map renamed actions) and [data-link-notice] shown.
 *   - while the runtime loads, [data-results-loading] (its percentage in
 *     [data-output="loading_percent"]) stands in for the empty-results prompt;
 *     the progress counts bytes across every runtime file, against their total
 *     written by the build into data-runtime-bytes;
 *   - no input is ever lost during start-up: the form is the one source of what
 *     to compute; input events are caught from the moment this module runs (before
 *     the form is wired), the link never overwrites a field the reader has already
 *     changed, and an answer that no longer matches the form is computed again;
 *   - No text a reader sees is written here: labels come from the page's HTML
 *     (built in the page's language) or from the engine's JSON. Numbers are
 *     formatted with Intl.NumberFormat in the page's language.
 *
 * Protocol with the worker (worker.js lists it in full), through client.js:
 *   the start-up messages progress / ready {source, timings} / failed, and
 *   request("run", {raw, lang}) → {type: "result", json} where
 *   json = calculators.web.run(raw, lang). Only the reply to the latest input is shown.
 */

import { startWorker } from "./client.js";

const DEBOUNCE_MS = 150;
//: How many actions the result shows before "more ways to reduce".
const TOP_ACTIONS = 3;

// Input that happens before the form is wired (the module runs async from <head>,
// the form may take input while the page still parses): remembered, never lost.
const early = { inputs: false, edited: new Set() };
function rememberEarly(event) {
  if (!event.target.closest || !event.target.closest("[data-calculator-form]")) return;
  early.inputs = true;
  if (event.target.name) early.edited.add(event.target.name);
}
document.addEventListener("input", rememberEarly, true);
document.addEventListener("change", rememberEarly, true);

function startPage(root, started) {
  document.removeEventListener("input", rememberEarly, true);
  document.removeEventListener("change", rememberEarly, true);
  const form = root.querySelector("[data-calculator-form]");
  const lang = root.dataset.lang || document.documentElement.lang || "ja";
  // The progress bars (status line and summary); they keep their space when done.
  const progress = {
    bars: [...root.querySelectorAll("[data-progress]")],
    set max(value) { this.bars.forEach((bar) => { bar.max = value; }); },
    get max() { return this.bars[0].max; },
    set value(value) { this.bars.forEach((bar) => { bar.value = value; }); },
    set hidden(done) { this.bars.forEach((bar) => { bar.toggleAttribute("data-done", done); }); },
  };
  const summary = root.querySelector("[data-calculator-summary]");
  const expectedBytes = Number(root.dataset.runtimeBytes) || 0;
  const actionsInput = form.querySelector('input[name="actions"]');
  // The offset block's share (per cent) travels in a hidden form field, like the actions.
  const shareInput = form.querySelector('input[name="offset_share"]');
  const shareSelect = root.querySelector("[data-offset-share]");
  const glossaryNode = root.querySelector("script[data-glossary]");
  const glossary = glossaryNode ? JSON.parse(glossaryNode.textContent || "{}") : {};
  // Longest first, so a longer term wins over a shorter one inside it.
  const terms = Object.keys(glossary).sort((a, b) => b.length - a.length);
  let client = null;
  let timer = null;
  let debounce = null;
  let runId = 0;
  let shownFor = null; // the raw inputs of the answer on screen (JSON)
  let hasResult = false;

  const $ = (selector) => root.querySelector(selector);
  const outputs = (name) => root.querySelectorAll(`[data-output="${name}"]`);
  // One formatter per number of decimals, made once (results are redrawn on every keystroke).
  const formatters = new Map();
  const number = (digits) => {
    if (!formatters.has(digits)) {
      formatters.set(digits, new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: 0 }));
    }
    return formatters.get(digits);
  };
  const fmt = (value, digits = 0) => (value === null || value === undefined ? "–" : number(digits).format(value));
  const setOutput = (name, text) => outputs(name).forEach((el) => { el.textContent = text; });

  // Engine text with the glossary's words explained in place (<abbr title>).
  function explained(text) {
    const fragment = document.createDocumentFragment();
    let rest = String(text || "");
    while (rest) {
      let best = null;
      for (const word of terms) {
        const at = rest.indexOf(word);
        if (at >= 0 && (best === null || at < best.at)) best = { at, word };
      }
      if (!best) {
        fragment.append(rest);
        break;
      }
      fragment.append(rest.slice(0, best.at));
      const abbr = document.createElement("abbr");
      abbr.className = "calc__term";
      abbr.title = glossary[best.word];
      abbr.tabIndex = 0;
      abbr.textContent = best.word;
      fragment.append(abbr);
      rest = rest.slice(best.at + best.word.length);
    }
    return fragment;
  }
  const setExplained = (name, text) => outputs(name).forEach((el) => { el.replaceChildren(explained(text)); });

  function showStatus(which) {
    root.querySelectorAll("[data-status]").forEach((el) => { el.hidden = el.dataset.status !== which; });
    if (which === "loading") showSummary(["loading"]);
    if (which === "waiting") showSummary(["empty"]);
  }

  // Show these parts of the summary ("loading", "empty", "fix", "result"), hide the rest.
  function showSummary(parts) {
    summary.querySelectorAll("[data-summary-show]").forEach((el) => { el.hidden = !parts.includes(el.dataset.summaryShow); });
  }

  // Anything typed beyond the form's starting choices?
  function hasEntries() {
    return [...form.querySelectorAll('input[type="text"]')].some((input) => input.value.trim() !== "");
  }

  function markStale(stale) {
    root.toggleAttribute("data-stale", stale);
    root.querySelectorAll("[data-stale-notice]").forEach((el) => { el.hidden = !stale; });
  }

  // Fields shown only for one value of another control (data-shown-when="name=value").
  function applyShownWhen() {
    root.querySelectorAll("[data-shown-when]").forEach((field) => {
      const [name, value] = field.dataset.shownWhen.split("=");
      const control = form.elements.namedItem(name);
      field.hidden = !control || control.value !== value;
    });
  }

  function setState(state) {
    root.dataset.state = state;
  }

  function showLoadingNote(shown) {
    const note = $("[data-results-loading]");
    if (!note) return;
    note.hidden = !shown;
    if (shown) $("[data-results-empty]").hidden = true;
  }

  function fail(kind) {
    clearTimeout(timer);
    if (client) client.terminate();
    client = null;
    setState("error");
    const box = $("[data-calculator-error]");
    box.querySelectorAll("[data-error-kind]").forEach((el) => { el.hidden = el.dataset.errorKind !== kind; });
    box.hidden = false;
    root.querySelectorAll("[data-status]").forEach((el) => { el.hidden = true; });
    progress.hidden = true;
    showLoadingNote(false);
    summary.hidden = true;
  }

  // Read the form as the engine's raw inputs: only fields with a value.
  function rawInputs() {
    const raw = {};
    for (const [key, value] of new FormData(form).entries()) {
      if (String(value).trim() !== "") raw[key] = String(value);
    }
    return raw;
  }

  // Today's id for an action id from a link (renamed actions keep an alias), or null.
  function knownAction(id) {
    const known = (root.dataset.actionIds || "").split(",");
    const aliases = JSON.parse(root.dataset.actionAliases || "{}");
    const current = Object.hasOwn(aliases, id) ? aliases[id] : id;
    return known.includes(current) ? current : null;
  }

  // Has the reader already changed this control (typed or chosen before the form was wired)?
  function edited(control) {
    if (early.edited.has(control.name)) return true;
    if (control.type === "radio" || control.type === "checkbox") return control.checked !== control.defaultChecked;
    if (control.tagName === "SELECT") return [...control.options].some((o) => o.selected !== o.defaultSelected);
    return control.type !== "hidden" && control.value !== control.defaultValue;
  }

  // Fill the form from the link. Unknown keys are ignored; an unknown choice or
  // action id is left out (the rest still computes) and the notice is shown. A field
  // the reader has already changed keeps what the reader gave it.
  function fillFromQuery() {
    const params = new URLSearchParams(location.search);
    let ignored = false;
    for (const [key, value] of params.entries()) {
      const controls = [...form.querySelectorAll(`[name="${CSS.escape(key)}"]`)];
      if (controls.length === 0 || controls.some(edited)) continue;
      if (key === actionsInput.name) {
        const ids = value.split(/[,、\s]+/).filter(Boolean);
        const known = [...new Set(ids.map(knownAction).filter(Boolean))];
        ignored ||= known.length < ids.length;
        actionsInput.value = known.join(",");
      } else if (controls[0].type === "radio") {
        const match = controls.find((control) => control.value === value);
        if (match) match.checked = true;
        else ignored = true;
      } else if (controls[0].tagName === "SELECT") {
        if ([...controls[0].options].some((option) => option.value === value)) controls[0].value = value;
        else ignored = true;
      } else if (controls[0] === shareInput && shareSelect) {
        // The offset share travels in a hidden field but is chosen in a select: a
        // share the select does not offer is an unknown choice like any other.
        if ([...shareSelect.options].some((option) => option.value === value)) shareInput.value = value;
        else ignored = true;
      } else {
        controls[0].value = value;
        // The reader is in this box but has not typed yet: what they type next
        // replaces the link's value instead of being added to it.
        if (controls[0] === document.activeElement) controls[0].select();
      }
    }
    $("[data-link-notice]").hidden = !ignored;
    applyShownWhen();
    return params.size > 0;
  }

  function writeQuery() {
    const params = new URLSearchParams(rawInputs());
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}${location.hash}` : location.pathname + location.hash);
  }

  // The field a message is about: its box, or the field's first control.
  function fieldOf(key) {
    if (key === shareInput.name && shareSelect) return shareSelect;
    return form.querySelector(`[name="${CSS.escape(key)}"]`);
  }

  function showErrors(errors) {
    const byField = new Map(errors.map((e) => [e.field, e.message]));
    root.querySelectorAll("[data-error-for]").forEach((slot) => {
      const message = byField.get(slot.dataset.errorFor) || "";
      slot.textContent = message;
      form.querySelectorAll(`[name="${CSS.escape(slot.dataset.errorFor)}"]`).forEach((control) => {
        if (message) control.setAttribute("aria-invalid", "true");
        else control.removeAttribute("aria-invalid");
      });
    });
    $("[data-error-summary]").hidden = errors.length === 0;
    // The summary's link to the first field to fix, named as on the form.
    const first = errors.map((e) => fieldOf(e.field)).find(Boolean);
    if (first) {
      // The link is made only when there is a field to name: an empty link in the page
      // is a link without a name for validators and screen readers (pa11y H91).
      let fix = $("[data-fix-link]");
      if (!fix) {
        fix = document.createElement("a");
        fix.dataset.fixLink = "";
        $("[data-fix-slot]").replaceChildren(fix);
      }
      const box = first.closest(".calc__field");
      const label = box && (box.querySelector("label[for], legend") || box.querySelector("label"));
      fix.textContent = label ? label.firstChild.textContent.trim() : first.name;
      fix.href = `#${box && box.id ? box.id : first.id}`;
      fix.onclick = (event) => {
        event.preventDefault();
        // The share is chosen in the offset section: open it first.
        const section = first.closest("details");
        if (section) section.open = true;
        (box || first).scrollIntoView({ block: "center" });
        first.focus({ preventScroll: true });
      };
    }
    $("[data-fix-more]").hidden = errors.length < 2;
  }

  // A table's cells carry their column's name (data-label) so narrow screens can
  // show each row as a stack of "name: value" lines instead of scrolling sideways.
  function labelCells(table) {
    const names = [...root.querySelectorAll(`[data-table="${table}"] thead th`)].map((th) => th.textContent);
    root.querySelectorAll(`[data-table="${table}"] tbody tr`).forEach((tr) => {
      [...tr.children].forEach((cell, index) => { if (!cell.dataset.label) cell.dataset.label = names[index] || ""; });
    });
  }

  function fillRows(table, rows) {
    const body = root.querySelector(`[data-table="${table}"] tbody`);
    body.replaceChildren(...rows.map((cells) => {
      const tr = document.createElement("tr");
      cells.forEach((text, index) => {
        const cell = document.createElement(index === 0 ? "th" : "td");
        if (index === 0) cell.scope = "row";
        if (text instanceof Node) cell.append(text);
        else cell.textContent = text;
        tr.append(cell);
      });
      return tr;
    }));
    labelCells(table);
  }

  function fromTemplate(name, slots) {
    const fragment = root.querySelector(`template[data-template="${name}"]`).content.cloneNode(true);
    for (const [slot, text] of Object.entries(slots)) {
      fragment.querySelectorAll(`[data-slot="${slot}"]`).forEach((el) => { el.replaceChildren(explained(text)); });
    }
    return fragment;
  }

  function link(text, href) {
    const a = document.createElement("a");
    a.href = href;
    a.append(explained(text));
    return a;
  }

  // The engine's mark for a figure that is not verified (empty when it is), with its meaning.
  function mark(source) {
    const span = document.createElement("span");
    span.className = "calc__mark";
    span.textContent = source.mark || "";
    if (source.mark_help) span.title = source.mark_help;
    return span;
  }

  // A source (engine JSON) as a link, followed by its "not verified" mark if any.
  function sourceNodes(source) {
    // A source without an address (the factor the resident typed) is text, not a link.
    const name = `${source.publisher} ${source.document}`.trim();
    const nodes = [source.url ? link(name, source.url) : explained(name)];
    if (source.mark) nodes.push(" ", mark(source));
    return nodes;
  }

  // Rows of the offset block's price tables, with their sources as links.
  function priceRows(table, template, ranges) {
    const body = root.querySelector(`[data-table="${table}"] tbody`);
    body.replaceChildren(...ranges.map((c) => {
      const fragment = fromTemplate(template, {
        label: c.label,
        note: c.note || "",
        period: c.period,
        price_low: fmt(c.price_low),
        price_high: fmt(c.price_high),
        tonnes: c.tonnes || "",
        yen_low: fmt(c.yen_low),
        yen_high: fmt(c.yen_high),
      });
      fragment.querySelectorAll('[data-slot-links="source"]').forEach((cell) => {
        cell.replaceChildren(...(c.source || []).flatMap((s, i) => (i ? [document.createElement("br")] : []).concat(sourceNodes(s))));
      });
      return fragment;
    }));
  }

  function renderActions(actions) {
    const boxes = [$("[data-actions]"), $("[data-actions-more]")];
    const chosen = new Set((actionsInput.value || "").split(",").filter(Boolean));
    const items = actions.map((action) => {
      const source = action.source || {};
      const fragment = fromTemplate("action", {
        label: action.label,
        kg: fmt(action.kg_per_year),
        yen: fmt(action.yen_per_year),
        mark: source.mark || "",
        mark_help: source.mark_help || "",
        note: action.note || "",
      });
      if (action.yen_per_year === null || action.yen_per_year === undefined) {
        fragment.querySelectorAll('[data-slot-group="yen"]').forEach((el) => el.remove());
      }
      if (!source.mark) fragment.querySelectorAll('[data-slot-group="mark"]').forEach((el) => el.remove());
      const checkbox = fragment.querySelector("input");
      checkbox.value = action.id;
      checkbox.checked = chosen.has(action.id);
      checkbox.addEventListener("change", () => {
        const ids = boxes.flatMap((box) => [...box.querySelectorAll("input:checked")].map((c) => c.value));
        actionsInput.value = ids.join(",");
        onInput();
      });
      return fragment;
    });
    // The three with the largest effect stay in view; the rest wait in a closed section.
    const focused = document.activeElement && boxes.some((box) => box.contains(document.activeElement))
      ? document.activeElement.value : null;
    boxes[0].replaceChildren(boxes[0].querySelector("legend"), ...items.slice(0, TOP_ACTIONS));
    boxes[1].replaceChildren(boxes[1].querySelector("legend"), ...items.slice(TOP_ACTIONS));
    const more = $('[data-more="actions"]');
    more.hidden = items.length <= TOP_ACTIONS;
    setOutput("more_actions_count", fmt(Math.max(items.length - TOP_ACTIONS, 0)));
    // Ticking redraws the list: the ticked box keeps the keyboard focus.
    if (focused) {
      const again = root.querySelector(`[data-actions] input[value="${CSS.escape(focused)}"], [data-actions-more] input[value="${CSS.escape(focused)}"]`);
      if (again) again.focus({ preventScroll: true });
    }
  }

  function renderChart(sources) {
    const chart = $("[data-chart]");
    const max = Math.max(...sources.map((s) => s.kg_per_year), 1);
    chart.replaceChildren(...sources.map((s) => {
      const row = document.createElement("div");
      row.className = "calc__bar-row";
      const name = document.createElement("span");
      name.className = "calc__bar-label";
      name.textContent = s.label;
      const track = document.createElement("span");
      track.className = "calc__bar-track";
      const bar = document.createElement("span");
      bar.className = "calc__bar";
      bar.style.width = `${(100 * s.kg_per_year) / max}%`;
      const value = document.createElement("span");
      value.className = "calc__bar-value";
      value.textContent = `${fmt(s.kg_per_year)} (${fmt(100 * s.share, 1)}%)`;
      track.append(bar);
      row.append(name, track, value);
      return row;
    }));
  }

  function render(result) {
    $("[data-results-empty]").hidden = true;
    $("[data-results]").hidden = false;
    setOutput("total_kg_per_year", fmt(result.total_kg_per_year));
    setOutput("per_person_kg_per_year", fmt(result.per_person_kg_per_year));
    setOutput("trees", fmt(result.trees ? result.trees.count : null));
    setOutput("offset_tonnes", fmt(result.offset.offset_tonnes, 2));
    setOutput("remaining_kg", fmt(result.offset.remaining_kg_per_year));
    setOutput("remaining_tonnes", fmt(result.offset.remaining_tonnes, 2));
    $('[data-output="estimated"]').hidden = !(result.estimated && result.estimated.length);
    setOutput("average_label", result.average ? result.average.label : "");
    setOutput("average_description", result.average ? result.average.description : "");
    setOutput("average_percent", result.average && result.average.ratio !== null ? fmt(100 * result.average.ratio) : "–");
    setOutput("average_kg", fmt(result.average ? result.average.kg_per_year : null));
    // A short plain verdict, when the engine gives one.
    const verdict = (result.average && result.average.verdict) || "";
    outputs("average_verdict").forEach((el) => { el.textContent = verdict; el.hidden = verdict === ""; });
    $("[data-average-ratio]").hidden = verdict !== "";
    const verdictId = (result.average && result.average.verdict_id) || "";
    root.querySelectorAll("[data-verdict-word]").forEach((el) => { el.hidden = el.dataset.verdictWord !== verdictId; });
    if (result.uncertainty) {
      setOutput("range_low", fmt(result.uncertainty.low_kg_per_year));
      setOutput("range_high", fmt(result.uncertainty.high_kg_per_year));
      setOutput("range_explanation", result.uncertainty.explanation || "");
    }
    const notes = $('[data-output="notes"]');
    notes.replaceChildren(...(result.notes || []).map((text) => {
      const li = document.createElement("li");
      li.append(explained(text));
      return li;
    }));
    const sources = result.sources || [];
    renderChart(sources);
    fillRows("sources", sources.map((s) => [s.label, fmt(s.kg_per_year), `${fmt(100 * s.share, 1)}%`]));
    renderActions(result.actions || []);
    setExplained("offset_line", result.offset.line || "");
    setExplained("offset_summary", result.offset.summary || "");
    setOutput("offset_partial_note", result.offset.partial_note || "");
    setExplained("market_note", result.offset.market_note || "");
    if (shareSelect) shareSelect.value = String(result.offset.share_percent);
    priceRows("costs", "cost", result.offset.cost_ranges || []);
    priceRows("market", "market", result.offset.market_context || []);
    if (result.offset.ward && result.offset.ward.url) {
      const ward = $('[data-output="ward_link"]');
      ward.href = result.offset.ward.url;
    }
    // The class code may break only after a "-" (a <wbr>), never inside a group; the
    // copied text stays the plain code (a <wbr> has no text).
    const parts = (result.class_code || "–").split("-");
    const groups = parts.map((part, i) => (i < parts.length - 1 ? `${part}-` : part));
    outputs("class_code").forEach((el) => {
      el.replaceChildren(...groups.flatMap((g, i) => (i ? [document.createElement("wbr"), g] : [g])));
    });
    fillRows("factors", (result.factors || []).map((f) => {
      const source = document.createDocumentFragment();
      source.append(...sourceNodes(f));
      return [f.label, fmt(f.value, 6), f.unit, source, f.fiscal_year];
    }));
  }

  function stampPrintout() {
    setOutput("printed_on", new Intl.DateTimeFormat(lang, { dateStyle: "long" }).format(new Date()));
    setOutput("page_url", location.href);
  }

  function onResult(json) {
    const outcome = JSON.parse(json);
    if (outcome.ok && !hasEntries()) {
      // Nothing typed yet: no 0 kg anywhere; the summary and the results area say where to start.
      showErrors([]);
      markStale(false);
      hasResult = false;
      $("[data-results]").hidden = true;
      $("[data-results-empty]").hidden = false;
      showSummary(["empty"]);
    } else if (outcome.ok) {
      showErrors([]);
      markStale(false);
      render(outcome.result);
      hasResult = true;
      stampPrintout();
      showSummary(["result"]);
    } else {
      showErrors(outcome.errors || []);
      markStale(hasResult);
      showSummary(hasResult ? ["fix", "result"] : ["fix"]);
    }
  }

  function compute() {
    if (!client || root.dataset.state !== "ready") return;
    runId += 1;
    const id = runId;
    const raw = rawInputs();
    performance.mark(`calculator-run-${id}`);
    client.request("run", { raw, lang }).then((reply) => {
      if (id !== runId) return; // a newer input is on its way
      onResult(reply.json);
      shownFor = JSON.stringify(raw);
      root.dataset.computed = String(id);
      // Input-to-result time, read by benchmarks/calculator_speed.py.
      performance.measure("calculator-recalculation", `calculator-run-${id}`);
      // The form changed while this answer was on its way without a new run (it
      // cannot, but if it ever did the answer on screen would be for old input).
      if (JSON.stringify(rawInputs()) !== shownFor && !debounce) compute();
    }, () => undefined); // the worker failed: fail() has said so
  }

  function onInput() {
    applyShownWhen();
    writeQuery();
    if (!client && root.dataset.state !== "error") start();
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = null;
      compute();
    }, DEBOUNCE_MS);
  }

  // Listen to the worker (client.js replays what happened before the page was wired).
  function attach(worker) {
    client = worker;
    setState("loading");
    showStatus("loading");
    // While the runtime loads, the results area says so (it never asks for input
    // the reader may already have typed); the form keeps what was typed.
    setOutput("loading_percent", fmt(0));
    setOutput("loading_percent_summary", "");
    showLoadingNote(true);
    $("[data-calculator-error]").hidden = true;
    summary.hidden = false;
    progress.hidden = false;
    progress.max = expectedBytes || 1;
    progress.value = 0;
    const timeout = Number(root.dataset.timeoutMs) || 120000;
    timer = setTimeout(() => fail("timeout"), timeout);
    client.listen({
      progress(loaded) {
        if (!expectedBytes) return;
        progress.value = Math.min(loaded, expectedBytes);
        // The "getting ready (N %)" notes; 100 % only once ready.
        const percent = fmt(Math.min(99, (100 * loaded) / expectedBytes));
        setOutput("loading_percent", percent);
        setOutput("loading_percent_summary", `${percent}%`);
      },
      ready(message) {
        clearTimeout(timer);
        progress.value = progress.max;
        progress.hidden = true;
        showLoadingNote(false);
        if ($("[data-results]").hidden) $("[data-results-empty]").hidden = false;
        $("[data-python-source]").textContent = message.source;
        performance.mark("calculator-ready", { detail: message.timings });
        setState("ready");
        showStatus("ready");
        // With figures already in the form (a link, or typed while loading) the summary
        // keeps saying "getting ready" until their answer or fix arrives, rather than
        // flashing "nothing entered yet" (which a screen reader would read out).
        if (!hasEntries()) showSummary(["empty"]);
        compute();
      },
      failed() {
        fail("load");
      },
    });
  }

  function start() {
    const worker = startWorker(root.dataset.runtime);
    if (!worker) fail("nowasm");
    else attach(worker);
  }

  // A printout shows everything: every closed section opens for it, and afterwards each
  // is as the reader left it on screen (recorded from its toggle events outside printing,
  // since a browser may open sections itself before beforeprint, or print twice).
  let printing = false;
  root.addEventListener("toggle", (event) => {
    if (!printing) event.target.dataset.screenOpen = String(event.target.open);
  }, true);
  window.addEventListener("beforeprint", () => {
    printing = true;
    root.querySelectorAll("details").forEach((details) => {
      if (!details.hidden) details.open = true;
    });
  });
  window.addEventListener("afterprint", () => {
    root.querySelectorAll("details").forEach((details) => {
      details.open = details.dataset.screenOpen === "true";
    });
    // The toggles this causes are queued: record them as the screen's state again.
    setTimeout(() => { printing = false; });
  });

  // Focus is never hidden behind the summary (WCAG 2.4.11): when the summary
  // sits at the bottom of a narrow screen, the focused field is scrolled above it.
  form.addEventListener("focusin", (event) => {
    const box = summary.getBoundingClientRect();
    const field = event.target.closest(".calc__field") || event.target;
    const rect = field.getBoundingClientRect();
    const covered = box.top < window.innerHeight && box.top > 0 && box.bottom >= window.innerHeight - 1;
    if (covered && rect.bottom > box.top - 8) window.scrollBy(0, rect.bottom - box.top + 8);
  });
  form.addEventListener("input", onInput);
  form.addEventListener("change", onInput);
  form.addEventListener("submit", (event) => event.preventDefault());
  $('[data-action="retry"]').addEventListener("click", () => start());
  $('[data-action="print"]').addEventListener("click", () => window.print());
  $('[data-action="share"]').addEventListener("click", async () => {
    writeQuery();
    try {
      await navigator.clipboard.writeText(location.href);
      $("[data-share-done]").hidden = false;
    } catch {
      // Clipboard refused: the address bar already holds the link.
    }
  });

  // The class code for the teacher's page (/schools/class/).
  $('[data-action="copy-class-code"]').addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText($('[data-output="class_code"]').textContent);
      $("[data-class-code-done]").hidden = false;
    } catch {
      // Clipboard refused: the code is on screen to copy by hand.
    }
  });

  fillFromQuery();
  if (shareSelect) {
    if (shareInput.value) shareSelect.value = shareInput.value;
    shareSelect.addEventListener("change", () => {
      shareInput.value = shareSelect.value;
      onInput();
    });
  }
  // What the reader typed before the form was wired goes into the link at once.
  if (early.inputs) writeQuery();
  if (started) {
    attach(started);
  } else if (waitForInput() && !early.inputs) {
    showStatus("waiting");
    progress.hidden = true;
  } else {
    start();
  }
}

// Data saver on and nothing to compute yet: wait for the first input.
function waitForInput() {
  const saveData = navigator.connection && navigator.connection.saveData;
  return Boolean(saveData) && location.search === "";
}

// This module is loaded async from <head>: start Pyodide before the page has
// finished parsing, then wire the form once the DOM is there.
const started = document.querySelector('meta[name="calculator-runtime"]') && !waitForInput() ? startWorker() : null;
const wire = () => {
  const root = document.querySelector('[data-calculator="household"]');
  if (root) startPage(root, started);
  else if (started) started.terminate();
};
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
else wire();
