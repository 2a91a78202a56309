/*
 * The one way a page talks to the Pyodide worker (worker.js, whose head lists the
 * message protocol). Page modules (calculator.js, class.js, log.js) import
 * startWorker() and never post to the worker themselves. No text, no page access:
 * this module moves messages only.
 *
 *   const client = startWorker();        // or startWorker(runtimeAddress)
 *   client.listen({ progress(loaded), ready(message), failed(detail) });
 *   const reply = await client.request("run", { raw, lang });   // → {type: "result", id, json}
 *   client.terminate();
 *
 * startWorker() returns null when the browser cannot run the worker (no
 * WebAssembly or no module workers' Worker). The runtime's address defaults to
 * <meta name="calculator-runtime"> (relative to the page), so a page module may
 * start the worker while the page is still parsing and listen once its DOM is there:
 * listen() replays what already happened (the last progress, ready or failed).
 * request() posts {type, id, ...payload} and resolves with the worker's reply that
 * repeats the id; it is rejected when the worker fails or is terminated (a request
 * sent before "ready" waits for it). "failed" is reported once: a message from the
 * worker or its error event (a missing worker.js, a script error inside it).
 */

const WORKER_URL = new URL("worker.js", import.meta.url);

export function runtimeAddress() {
  const meta = document.querySelector('meta[name="calculator-runtime"]');
  return meta ? meta.content : "";
}

export function startWorker(runtime = runtimeAddress()) {
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") return null;
  const worker = new Worker(WORKER_URL, { type: "module" });
  const waiting = new Map(); // id → {resolve, reject}
  const state = { loaded: null, ready: null, failed: null };
  let handlers = {};
  let nextId = 0;

  function rejectAll(reason) {
    for (const { reject } of waiting.values()) reject(new Error(reason));
    waiting.clear();
  }

  function fail(detail) {
    if (state.failed !== null) return;
    state.failed = detail;
    rejectAll(detail);
    if (handlers.failed) handlers.failed(detail);
  }

  worker.onmessage = (event) => {
    const message = event.data;
    if (message.type === "progress") {
      state.loaded = message.loaded;
      if (handlers.progress) handlers.progress(message.loaded);
    } else if (message.type === "ready") {
      state.ready = message;
      if (handlers.ready) handlers.ready(message);
    } else if (message.type === "failed") {
      fail(String(message.detail));
    } else if (waiting.has(message.id)) {
      const { resolve } = waiting.get(message.id);
      waiting.delete(message.id);
      resolve(message);
    }
  };
  worker.onerror = (event) => fail(String((event && event.message) || "worker error"));
  worker.postMessage({ type: "init", runtime: new URL(runtime, location.href).href });

  return {
    listen(given) {
      handlers = given;
      if (state.loaded !== null && handlers.progress) handlers.progress(state.loaded);
      if (state.ready && handlers.ready) handlers.ready(state.ready);
      if (state.failed !== null && handlers.failed) handlers.failed(state.failed);
    },
    request(type, payload = {}) {
      if (state.failed !== null) return Promise.reject(new Error(state.failed));
      nextId += 1;
      const id = nextId;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ ...payload, type, id });
      });
    },
    terminate() {
      worker.terminate();
      rejectAll("terminated");
      handlers = {};
    },
  };
}
