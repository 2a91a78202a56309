/*
 * The Pyodide worker: a module Web Worker that loads the site's own Pyodide and
 * the calculators wheel, then answers requests by calling calculators.web.
 * Started only by client.js (new Worker(worker.js, {type: "module"})); no page
 * script talks to it directly. It touches no page, writes nothing anywhere and
 * holds no text of its own: every answer is the engine's JSON.
 *
 * Protocol (postMessage; every request after "init" carries an id that its reply repeats):
 *   page → worker {type: "init", runtime}     runtime = absolute URL of the Pyodide folder
 *   worker → page {type: "progress", loaded}  bytes of runtime files loaded so far (every
 *                                             256 KiB of a fetch, and each imported .mjs)
 *   worker → page {type: "ready", source, timings}
 *                                             source = Python of the arithmetic module;
 *                                             timings = the worker's start-up phases in ms
 *                                             (kept as the detail of the calculator-ready mark)
 *   worker → page {type: "failed", detail}    the runtime or the wheel did not load
 *   page → worker {type: "run", id, raw, lang}          (the calculator page)
 *   worker → page {type: "result", id, json}  json = calculators.web.run(raw, lang)
 *   page → worker {type: "class", id, text, lang, count_duplicates}   (the teacher page /schools/class/)
 *   worker → page {type: "class-result", id, json}
 *     json = calculators.web.class_run(text, lang, count_duplicates)
 *   page → worker {type: "diary", id, request}          (the diary /log/)
 *   worker → page {type: "diary-result", id, json}  json = calculators.web.diary(request);
 *     request is a JSON string {op, lang, diary, …} (see calculators/web.py)
 * Requests sent before "ready" wait for the start-up; after "failed" they get no reply.
 * The Python exercises do not use this worker: learner code runs in a sandboxed frame's
 * own worker (assets/javascripts/exercise-worker.js, written by overrides/hooks/exercises.py).
 */

async function load(runtime) {
  // Count the bytes Pyodide fetches so the page can show real progress.
  let loaded = 0;
  let reported = 0;
  const realFetch = self.fetch.bind(self);
  // Every file Pyodide fetches is required: a blocked or missing one is reported
  // at once (Pyodide itself may wait forever after a failed wasm fetch).
  self.fetch = async (input, init) => {
    let response;
    try {
      response = await realFetch(input, init);
    } catch (error) {
      self.postMessage({ type: "failed", detail: String(error) });
      throw error;
    }
    if (!response.ok) self.postMessage({ type: "failed", detail: `HTTP ${response.status}` });
    if (!response.ok || !response.body) return response;
    // Count a copy and hand Pyodide the response itself: a Response built here would
    // have no address, and the browser keeps its compiled wasm only for a response
    // that came from its cache under a real address (repeat visits start faster).
    countBytes(response.clone().body).catch(() => undefined); // a broken download fails above
    return response;
  };
  // The two .mjs files are imported, not fetched: they count once they have arrived
  // (the page's total is every runtime file, from the build).
  const counted = new Set();
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.name.startsWith(runtime) || !entry.name.endsWith(".mjs") || counted.has(entry.name)) continue;
      counted.add(entry.name);
      loaded += entry.decodedBodySize || 0;
      self.postMessage({ type: "progress", loaded });
    }
  }).observe({ type: "resource", buffered: true });
  async function countBytes(body) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      loaded += value.byteLength;
      // At most one message per 256 KiB keeps the counting cheap.
      if (loaded - reported >= 262144) {
        reported = loaded;
        self.postMessage({ type: "progress", loaded });
      }
    }
  }
  const started = performance.now();
  const { loadPyodide } = await import(runtime + "pyodide.mjs");
  const imported = performance.now();
  // "calculators" is loaded by name from the site's own lock file during start-up
  // (so its download overlaps Pyodide's own), and Pyodide checks its sha256.
  const pyodide = await loadPyodide({
    indexURL: runtime,
    lockFileURL: runtime + "pyodide-lock.json",
    packages: ["calculators"],
  });
  const startedPython = performance.now();
  const web = pyodide.pyimport("calculators.web");
  // Where the worker's start-up time goes, in ms (read by benchmarks, shown nowhere).
  const timings = {
    import_pyodide_mjs: imported - started,
    load_pyodide_and_wheel: startedPython - imported,
    import_calculators: performance.now() - startedPython,
    bytes: loaded,
  };
  return { web, timings };
}

// One reply per request type, from calculators.web (web is null after a failed start).
const ANSWERS = {
  run(web, message) {
    if (!web) return null;
    return { type: "result", id: message.id, json: web.run(JSON.stringify(message.raw), message.lang) };
  },
  class(web, message) {
    if (!web) return null;
    const json = web.class_run(String(message.text), message.lang, Boolean(message.count_duplicates));
    return { type: "class-result", id: message.id, json };
  },
  diary(web, message) {
    if (!web) return null;
    return { type: "diary-result", id: message.id, json: web.diary(String(message.request)) };
  },
};

let web = null;
let pending = null;

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "init") {
    pending = load(message.runtime)
      .then((started) => {
        web = started.web;
        self.postMessage({ type: "ready", source: web.model_source(), timings: started.timings });
      })
      .catch((error) => {
        self.postMessage({ type: "failed", detail: String(error && error.message ? error.message : error) });
      });
  } else if (Object.hasOwn(ANSWERS, message.type)) {
    if (pending) await pending;
    const reply = ANSWERS[message.type](web, message);
    if (reply) self.postMessage(reply);
  }
};
