/*
 * Python exercises (/python/): the page glue. Loaded only on pages with an
 * exercise (overrides/hooks/exercises.py renders the HTML and sets page.meta.exercises).
 *
 * Each exercise root is [data-exercise] with:
 *   - data-exercise-state: "idle" | "running" | "pass" | "fail" | "error" | "stopped"
 *     (a stable test hook, and the status line's styling);
 *   - a <textarea data-exercise-code> whose defaultValue is the starting code
 *     (Reset puts it back), upgraded to a CodeMirror editor when
 *     editor.js (built by the hook from npm) loads; the textarea stays if it does not;
 *   - <template data-exercise-check>: the staff's check, run after the code;
 *   - buttons [data-exercise-action="run" | "check" | "reset" | "link"];
 *   - [data-exercise-message] (role="status") and <pre data-exercise-output>,
 *     both written with textContent only, never as HTML;
 *   - data-msg-*: every sentence this script shows, in the page's language;
 *   - data-files: {name: site URL} of files the code may open() (fetched from this site).
 *
 * The worker is worker.js (the same runtime as the calculator), started and spoken
 * to through client.js: ready / failed, and request("exec", {code, check, lang, files})
 * → {type: "exec-result", state, stdout, stderr, message} (worker.js lists the
 * protocol). A run that has not answered within LIMIT_MS is stopped: the worker is
 * terminated and a new one started, and the exercise says so.
 *
 * Nothing is stored. "link" writes the code into the URL fragment
 * (#exercise-N=<code>); a fragment like that fills that exercise on load.
 */

import { runtimeAddress, startWorker } from "./client.js";

const LIMIT_MS = 5000;
const EDITOR_URL = new URL("editor.js", import.meta.url);

const runtime = runtimeAddress();

let client = null;
let ready = false;
let current = null; // {root, timer}
const fileCache = new Map();

function setState(root, state, message) {
  root.dataset.exerciseState = state;
  root.querySelector("[data-exercise-message]").textContent = message;
}

function spawn() {
  ready = false;
  client = startWorker(runtime);
  client.listen({
    ready() {
      ready = true;
      if (current) startTimer(current);
    },
    failed() {
      if (current) finish(current.root, "error", current.root.dataset.msgFailed, "");
    },
  });
}

function startTimer(run) {
  clearTimeout(run.timer);
  run.timer = setTimeout(() => {
    // Still running after the limit: end the worker, start a fresh one.
    const root = run.root;
    current = null;
    client.terminate();
    setState(root, "stopped", root.dataset.msgStopped);
    spawn();
  }, LIMIT_MS);
}

function finish(root, state, message, output) {
  if (current) clearTimeout(current.timer);
  current = null;
  root.querySelector("[data-exercise-output]").textContent = output;
  setState(root, state, message);
}

async function filesFor(root) {
  const wanted = JSON.parse(root.dataset.files || "{}");
  const files = {};
  for (const [name, url] of Object.entries(wanted)) {
    if (!fileCache.has(url)) {
      const response = await fetch(new URL(url, location.href));
      fileCache.set(url, await response.text());
    }
    files[name] = fileCache.get(url);
  }
  return files;
}

async function execute(root, withCheck) {
  if (current) return; // one run at a time; the page shows which one is running
  const code = getCode(root);
  const check = withCheck ? root.querySelector("template[data-exercise-check]").content.textContent : "";
  const run = { root, timer: null };
  current = run;
  setState(root, "running", ready ? root.dataset.msgRunning : root.dataset.msgLoading);
  root.querySelector("[data-exercise-output]").textContent = "";
  let files;
  try {
    files = await filesFor(root);
  } catch (error) {
    finish(root, "error", root.dataset.msgFailed, "");
    return;
  }
  client.request("exec", { code, check, lang: root.dataset.lang, files }).then((reply) => {
    if (current !== run) return; // stopped, or the worker failed: already said
    finish(root, reply.state, reply.message, (reply.stdout || "") + (reply.stderr || ""));
  }, () => {
    // The worker failed (said here) or was stopped (startTimer has said so).
    if (current === run) finish(root, "error", root.dataset.msgFailed, "");
  });
  if (ready) startTimer(run);
}

/* The editor: a CodeMirror view when editor.js loaded, else the textarea. */
const views = new Map();

function getCode(root) {
  const view = views.get(root);
  return view ? view.getCode() : root.querySelector("[data-exercise-code]").value;
}

function setCode(root, code) {
  const view = views.get(root);
  if (view) view.setCode(code);
  else root.querySelector("[data-exercise-code]").value = code;
}

function wire(root) {
  const textarea = root.querySelector("[data-exercise-code]");
  root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-exercise-action]");
    if (!button) return;
    const action = button.dataset.exerciseAction;
    if (action === "run") execute(root, false);
    else if (action === "check") execute(root, true);
    else if (action === "reset") {
      setCode(root, textarea.defaultValue);
      root.querySelector("[data-exercise-output]").textContent = "";
      if (!current || current.root !== root) setState(root, "idle", root.dataset.msgResetDone);
    } else if (action === "link") {
      const hash = `#${root.id}=${encodeURIComponent(getCode(root))}`;
      history.replaceState(null, "", hash);
      // Best effort: the link is in the address bar either way.
      if (navigator.clipboard) navigator.clipboard.writeText(location.href).catch(() => {});
      setState(root, root.dataset.exerciseState, root.dataset.msgLinked);
    }
  });
  // Ctrl+Enter / Cmd+Enter runs the code from inside the editor.
  root.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.closest("[data-exercise-editor], [data-exercise-code]")) {
      event.preventDefault();
      execute(root, false);
    }
  });
}

function fillFromFragment() {
  const match = /^#(exercise-\d+)=(.*)$/s.exec(location.hash);
  if (!match) return;
  const root = document.getElementById(match[1]);
  if (!root || !root.matches("[data-exercise]")) return;
  try {
    setCode(root, decodeURIComponent(match[2]));
  } catch (error) {
    return; // a damaged link leaves the starting code
  }
  root.scrollIntoView();
}

async function upgradeEditors(roots) {
  let editor;
  try {
    editor = await import(EDITOR_URL.href);
  } catch (error) {
    return; // the plain textarea stays
  }
  for (const root of roots) {
    const textarea = root.querySelector("[data-exercise-code]");
    const label = root.querySelector(`label[for="${textarea.id}"]`).textContent;
    const hint = textarea.getAttribute("aria-describedby");
    views.set(root, editor.replaceTextarea(textarea, label, hint));
  }
}

function start() {
  const roots = [...document.querySelectorAll("[data-exercise]")];
  if (!roots.length || !runtime) return;
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    roots.forEach((root) => setState(root, "error", root.dataset.msgFailed));
    return;
  }
  roots.forEach(wire);
  spawn();
  fillFromFragment();
  upgradeEditors(roots);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
