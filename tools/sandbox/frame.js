// The Python exercises' sandbox: this script runs in <iframe sandbox="allow-scripts">
// (no allow-same-origin, so an opaque origin: no access to the site's caches, storage
// or cookies) whose document is the page's <template data-exercise-sandbox>, with its
// own policy (connect-src 'none'). overrides/hooks/exercises.py writes it there inline
// and puts its hash into that policy; the site's policy lists it too (deploy/csp-hashes).
//
// Protocol with the page (exercises.js), over the MessagePort the page sends first
// (window.postMessage from the parent window, with the port; nothing else is heard):
//   frame → page {type: "hello"}               the port arrived (this script may run)
//   page → frame {type: "runtime", worker, wasm, files}
//                  worker = the exercise worker's source (text), wasm = bytes of
//                  pyodide.asm.wasm, files = {name: ArrayBuffer}, all checked by the page
//   frame → page {type: "ready"}               a fresh interpreter is waiting
//   frame → page {type: "failed"}              the runtime could not start here
//   page → frame {type: "exec", id, code, check, lang, files}
//   frame → page {type: "started", id}         the run has begun (the page's clock starts)
//   frame → page {type: "result", id, state, stdout, stderr, message, detail}
//   frame → page {type: "crashed", id}         the interpreter stopped part-way
//   page → frame {type: "stop", id}            the time limit: the run's worker is ended
//   frame → page {type: "stopped", id}
// Every run gets its own worker (a fresh interpreter): after its answer, or a stop, the
// worker is terminated, with anything it scheduled, and the next one starts at once.
(() => {
  "use strict";
  const STATES = ["idle", "pass", "fail", "error"];
  const TEXTS = ["stdout", "stderr", "message", "detail"];
  let port = null;
  let runtime = null; // {url, module, bytes, files}
  let standby = null; // the next run's worker: {worker, ready}
  let active = null; // the running one: {worker, ready, id, token}
  let queued = null; // an exec that waits for the interpreter

  function send(message) {
    port.postMessage(message);
  }

  function token() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function spawn() {
    // A classic worker: a module worker from a blob address does not start in an opaque origin.
    const entry = { worker: new Worker(runtime.url), ready: false, id: null, token: null };
    entry.worker.onmessage = (event) => fromWorker(entry, event.data);
    entry.worker.onerror = () => lost(entry);
    try {
      entry.worker.postMessage({ type: "init", wasm: runtime.module || runtime.bytes, files: runtime.files });
    } catch (error) {
      // A browser that cannot hand a compiled module to a worker: the worker compiles.
      runtime.module = null;
      entry.worker.postMessage({ type: "init", wasm: runtime.bytes, files: runtime.files });
    }
    standby = entry;
  }

  function fromWorker(entry, data) {
    if (!data || typeof data !== "object") return;
    if (entry === standby) {
      if (data.type === "ready" && !entry.ready) {
        entry.ready = true;
        send({ type: "ready" });
        if (queued) begin(queued);
      } else if (data.type === "failed") {
        send({ type: "failed" });
      }
      return;
    }
    if (entry !== active || data.token !== active.token) return; // not this run's answer
    if (data.type === "result" && typeof data.json === "string") {
      let result = null;
      try {
        result = JSON.parse(data.json);
      } catch (error) {
        result = null;
      }
      const valid =
        result !== null &&
        typeof result === "object" &&
        STATES.includes(result.state) &&
        TEXTS.every((key) => typeof result[key] === "string");
      if (!valid) return finish({ type: "crashed", id: active.id });
      const reply = { type: "result", id: active.id, state: result.state };
      for (const key of TEXTS) reply[key] = result[key];
      finish(reply);
    } else if (data.type === "crashed") {
      finish({ type: "crashed", id: active.id });
    }
  }

  function lost(entry) {
    if (entry === active) finish({ type: "crashed", id: active.id });
    else if (entry === standby) send({ type: "failed" });
  }

  function finish(reply) {
    active.worker.terminate();
    active = null;
    send(reply);
    spawn();
  }

  function begin(message) {
    queued = null;
    active = standby;
    standby = null;
    active.id = message.id;
    active.token = token();
    const { code, check, lang, files } = message;
    active.worker.postMessage({ type: "exec", token: active.token, code, check, lang, files });
    send({ type: "started", id: message.id });
  }

  async function accept(message) {
    if (runtime || typeof message.worker !== "string" || !(message.wasm instanceof ArrayBuffer)) return;
    const url = URL.createObjectURL(new Blob([message.worker], { type: "text/javascript" }));
    let module = null;
    try {
      // Compiled once here; every worker instantiates the same module.
      module = await WebAssembly.compile(message.wasm);
    } catch (error) {
      module = null; // each worker compiles the bytes itself
    }
    runtime = { url, module, bytes: message.wasm, files: message.files };
    spawn();
  }

  function handle(message) {
    if (!message || typeof message !== "object") return;
    if (message.type === "runtime") {
      accept(message);
    } else if (message.type === "exec" && !active && !queued) {
      queued = message;
      if (standby && standby.ready) begin(message);
    } else if (message.type === "stop") {
      if (queued && queued.id === message.id) queued = null;
      if (active && active.id === message.id) {
        active.worker.terminate();
        active = null;
        spawn();
      }
      send({ type: "stopped", id: message.id });
    }
  }

  addEventListener("message", (event) => {
    if (port || event.source !== parent || !event.ports || event.ports.length !== 1) return;
    port = event.ports[0];
    port.onmessage = (e) => handle(e.data);
    send({ type: "hello" }); // this script runs: the page's policy let it
  });
})();
