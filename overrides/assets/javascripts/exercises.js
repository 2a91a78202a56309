/*
 * Python exercises (/python/): the page glue. Loaded only on pages with an
 * exercise (overrides/hooks/exercises.py renders the HTML and sets page.meta.exercises).
 *
 * Each exercise root is [data-exercise] with:
 *   - data-exercise-state: "idle" | "running" | "pass" | "fail" | "error" | "stopped"
 *     (a stable test hook, and the status line's styling);
 *   - a <textarea data-exercise-code> whose defaultValue is the starting code
 *     (Reset puts it back); when the exercise is first focused, editor.js (CodeMirror,
 *     built by the hook from npm) is loaded and replaces it; if it cannot load, the
 *     textarea stays;
 *   - <template data-exercise-check>: the staff's check, run after the code;
 *   - buttons [data-exercise-action="run" | "check" | "reset" | "link"];
 *   - [data-exercise-message] (role="status"), <pre data-exercise-output> and, for
 *     Python's own words, <details data-exercise-detail> with [data-exercise-detail-text]:
 *     all written with textContent only, never as HTML;
 *   - data-msg-*: every sentence this script shows, in the page's language;
 *   - data-files: {name: site URL} of files the code may open() (fetched from this site).
 *
 * The learner's code never runs in this page's origin. On the first focus of an
 * exercise (or the first Run), this script fetches the runtime's files and the
 * exercise worker (through the service worker, so offline works too), checks each
 * against the sha256 the build wrote on <template data-exercise-sandbox>, and starts
 * <iframe sandbox="allow-scripts" srcdoc="…that template…">: an opaque origin with
 * its own policy (connect-src 'none'), which starts a new worker, a fresh Python,
 * for every run (tools/sandbox/frame.js lists that protocol). Everything the frame
 * says arrives on a MessagePort only this page holds, and is taken as untrusted
 * data: known types, the current run's id, strings of bounded length, a known state.
 * A run with no answer after data-limit-ms (on the template; the messages name the
 * same limit) is stopped: the frame ends its worker (and
 * anything it scheduled) and starts a fresh one; a frame that does not confirm is
 * removed and built again.
 *
 * Kept in this tab only (sessionStorage, until Reset or the tab closes): the code of
 * each exercise. "link" writes the code into the URL fragment (#exercise-N=<code>);
 * a fragment like that fills that exercise on load.
 */

const STOP_GRACE_MS = 2000;
// The frame's script answers at once; silence means a policy kept it from running.
const HELLO_MS = 10000;
const MAX_TEXT = 100_000;
const STATES = new Set(["idle", "pass", "fail", "error"]);
const TEXTS = ["stdout", "stderr", "message", "detail"];
const EDITOR_URL = new URL("editor.js", import.meta.url);

/* ----------------------------------------------------------------- sandbox */

let sandbox = null; // {frame, port}
let starting = null; // the promise of the sandbox
let ready = false; // a fresh interpreter is waiting in the frame
let failed = false;
let nextId = 0;
let greeted = null; // resolves when the frame's script says hello
let current = null; // the run on screen: {id, root, timer}
const stopping = new Map(); // id → timer that rebuilds the frame if it does not confirm

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

// A runtime file, checked against the build's sha256. A stored copy that does not match
// (a tampered cache) is dropped from every cache of this site and fetched once more.
async function fetchChecked(url, sha256) {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const bytes = await response.arrayBuffer();
    // Without WebCrypto (not a secure context) there is no service worker either,
    // so no stored copy that could have been changed.
    if (!(globalThis.crypto && crypto.subtle)) return bytes;
    if (hex(await crypto.subtle.digest("SHA-256", bytes)) === sha256) return bytes;
    if (typeof caches === "object") {
      for (const name of await caches.keys()) await (await caches.open(name)).delete(url);
    }
  }
  throw new Error(`sha256 mismatch: ${url}`);
}

async function startSandbox() {
  const template = document.querySelector("template[data-exercise-sandbox]");
  const base = new URL(template.dataset.runtime, location.href);
  const hashes = JSON.parse(template.dataset.files);
  const names = Object.keys(hashes);
  const [worker, ...bytes] = await Promise.all([
    fetchChecked(new URL(template.dataset.worker, location.href).href, template.dataset.workerSha256),
    ...names.map((name) => fetchChecked(new URL(name, base).href, hashes[name])),
  ]);
  const frame = document.createElement("iframe");
  frame.setAttribute("sandbox", "allow-scripts");
  frame.hidden = true;
  frame.srcdoc = template.innerHTML;
  const loaded = new Promise((resolve) => frame.addEventListener("load", resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const channel = new MessageChannel();
  const hello = new Promise((resolve, reject) => {
    greeted = resolve;
    setTimeout(() => reject(new Error("the sandbox did not answer")), HELLO_MS);
  });
  channel.port1.onmessage = (event) => fromFrame(event.data);
  // An opaque origin can only be addressed as "*"; the port is all it gets.
  frame.contentWindow.postMessage({ type: "port" }, "*", [channel.port2]);
  await hello;
  const files = {};
  let wasm = null;
  names.forEach((name, index) => {
    if (name === "pyodide.asm.wasm") wasm = bytes[index];
    else files[name] = bytes[index];
  });
  const message = { type: "runtime", worker: new TextDecoder().decode(worker), wasm, files };
  channel.port1.postMessage(message, [wasm, ...Object.values(files)]);
  sandbox = { frame, port: channel.port1 };
}

function ensureSandbox() {
  if (!starting) {
    starting = startSandbox().catch(() => {
      failed = true;
      if (current) finish(current.root, "error", current.root.dataset.msgFailed, "", "");
    });
  }
  return starting;
}

function rebuildSandbox() {
  if (sandbox) {
    sandbox.port.close();
    sandbox.frame.remove();
  }
  sandbox = null;
  starting = null;
  ready = false;
  ensureSandbox();
}

function text(value) {
  return typeof value === "string" && value.length <= MAX_TEXT;
}

// Everything from the frame is data: only known shapes for the current run count.
function fromFrame(data) {
  if (!data || typeof data !== "object" || typeof data.type !== "string") return;
  const mine = current !== null && data.id === current.id;
  if (data.type === "hello" && greeted) {
    greeted();
    greeted = null;
  } else if (data.type === "ready") {
    ready = true;
  } else if (data.type === "failed") {
    failed = true;
    if (current) finish(current.root, "error", current.root.dataset.msgFailed, "", "");
  } else if (data.type === "started" && mine) {
    ready = false;
    setState(current.root, "running", current.root.dataset.msgRunning);
    startTimer(current);
  } else if (data.type === "result" && mine && STATES.has(data.state) && TEXTS.every((k) => text(data[k]))) {
    finish(current.root, data.state, data.message, data.stdout + data.stderr, data.detail);
  } else if (data.type === "crashed" && mine) {
    finish(current.root, "error", current.root.dataset.msgCrashed, "", "");
  } else if (data.type === "stopped" && stopping.has(data.id)) {
    clearTimeout(stopping.get(data.id));
    stopping.delete(data.id);
  }
}

function limitMs() {
  const template = document.querySelector("template[data-exercise-sandbox]");
  return Number(template.dataset.limitMs) || 5000;
}

function startTimer(run) {
  clearTimeout(run.timer);
  run.timer = setTimeout(() => {
    // Still running after the limit: the frame ends that worker and starts a fresh one.
    current = null;
    setState(run.root, "stopped", run.root.dataset.msgStopped);
    sandbox.port.postMessage({ type: "stop", id: run.id });
    stopping.set(run.id, setTimeout(() => {
      stopping.delete(run.id);
      rebuildSandbox();
    }, STOP_GRACE_MS));
  }, limitMs());
}

/* ---------------------------------------------------------------- the page */

function setState(root, state, message) {
  root.dataset.exerciseState = state;
  root.querySelector("[data-exercise-message]").textContent = message;
}

function showDetail(root, detail) {
  const box = root.querySelector("[data-exercise-detail]");
  box.querySelector("[data-exercise-detail-text]").textContent = detail;
  box.open = false;
  box.hidden = !detail;
}

function finish(root, state, message, output, detail) {
  if (current) clearTimeout(current.timer);
  current = null;
  root.querySelector("[data-exercise-output]").textContent = output;
  showDetail(root, detail);
  setState(root, state, message);
}

const fileCache = new Map();

async function filesFor(root) {
  const wanted = JSON.parse(root.dataset.files || "{}");
  const files = {};
  for (const [name, url] of Object.entries(wanted)) {
    if (!fileCache.has(url)) {
      const response = await fetch(new URL(url, location.href));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
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
  nextId += 1;
  const run = { id: nextId, root, timer: null };
  current = run;
  setState(root, "running", ready ? root.dataset.msgRunning : root.dataset.msgLoading);
  root.querySelector("[data-exercise-output]").textContent = "";
  showDetail(root, "");
  let files;
  try {
    files = await filesFor(root);
    await ensureSandbox();
  } catch (error) {
    failed = true;
  }
  if (current !== run) return; // already answered (a failure was shown)
  if (failed || !sandbox) {
    finish(root, "error", root.dataset.msgFailed, "", "");
    return;
  }
  sandbox.port.postMessage({ type: "exec", id: run.id, code, check, lang: root.dataset.lang, files });
}

/* The editor: a CodeMirror view once editor.js has loaded, else the textarea. */
const views = new Map();
let editorModule = null;

function loadEditor() {
  if (!editorModule) editorModule = import(EDITOR_URL.href).catch(() => null);
  return editorModule;
}

async function upgrade(root) {
  const editor = await loadEditor();
  if (!editor || views.has(root)) return; // the plain textarea stays
  const textarea = root.querySelector("[data-exercise-code]");
  const label = root.querySelector(`label[for="${textarea.id}"]`).textContent;
  const hint = textarea.getAttribute("aria-describedby");
  const focused = document.activeElement === textarea;
  const caret = textarea.selectionStart;
  const view = editor.replaceTextarea(textarea, label, hint, () => remember(root));
  views.set(root, view);
  if (focused) view.focus(caret);
}

function getCode(root) {
  const view = views.get(root);
  return view ? view.getCode() : root.querySelector("[data-exercise-code]").value;
}

function setCode(root, code) {
  const view = views.get(root);
  if (view) view.setCode(code);
  else root.querySelector("[data-exercise-code]").value = code;
}

/* The code is kept in this tab (sessionStorage) until Reset. */
function storageKey(root) {
  return `exercise-code:${location.pathname}#${root.id}`;
}

function remember(root) {
  try {
    sessionStorage.setItem(storageKey(root), getCode(root));
  } catch (error) {
    // Storage may be off or full: the code just is not kept.
  }
}

function recall(root) {
  try {
    return sessionStorage.getItem(storageKey(root));
  } catch (error) {
    return null;
  }
}

function forget(root) {
  try {
    sessionStorage.removeItem(storageKey(root));
  } catch (error) {
    // Nothing was kept.
  }
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
      forget(root);
      root.querySelector("[data-exercise-output]").textContent = "";
      showDetail(root, "");
      if (!current || current.root !== root) setState(root, "idle", root.dataset.msgResetDone);
    } else if (action === "link") {
      const hash = `#${root.id}=${encodeURIComponent(getCode(root))}`;
      history.replaceState(null, "", hash);
      // Best effort: the link is in the address bar either way.
      if (navigator.clipboard) navigator.clipboard.writeText(location.href).catch(() => {});
      setState(root, root.dataset.exerciseState, root.dataset.msgLinked);
    }
  });
  // The first focus in an exercise starts Python and loads the editor; focusing the
  // code itself swaps in the editor.
  root.addEventListener("focusin", () => {
    ensureSandbox();
    loadEditor();
  });
  textarea.addEventListener("focus", () => upgrade(root));
  textarea.addEventListener("input", () => remember(root));
  // Ctrl+Enter / Cmd+Enter runs the code from inside the editor.
  root.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.closest("[data-exercise-editor], [data-exercise-code]")) {
      event.preventDefault();
      execute(root, false);
    }
  });
}

// A link's code (#exercise-N=…) first, then the code kept in this tab.
function fillCode(roots) {
  const match = /^#(exercise-\d+)=(.*)$/s.exec(location.hash);
  let linked = null;
  if (match) {
    try {
      linked = { id: match[1], code: decodeURIComponent(match[2]) };
    } catch (error) {
      linked = null; // a damaged link leaves the starting code
    }
  }
  for (const root of roots) {
    if (linked && linked.id === root.id) {
      setCode(root, linked.code);
      remember(root);
      root.scrollIntoView();
    } else {
      const kept = recall(root);
      if (kept !== null) setCode(root, kept);
    }
  }
}

function start() {
  const roots = [...document.querySelectorAll("[data-exercise]")];
  if (!roots.length || !document.querySelector("template[data-exercise-sandbox]")) return;
  if (typeof WebAssembly !== "object" || typeof Worker !== "function" || typeof MessageChannel !== "function") {
    roots.forEach((root) => setState(root, "error", root.dataset.msgFailed));
    return;
  }
  roots.forEach(wire);
  fillCode(roots);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
