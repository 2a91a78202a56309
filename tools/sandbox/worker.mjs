// The Python exercises' worker: one Pyodide for one run of a learner's code.
//
// Bundled by overrides/hooks/exercises.py with esbuild, together with Pyodide's own
// pyodide.mjs and pyodide.asm.mjs from npm (the version package.json pins), into
// site/assets/javascripts/exercise-worker.js. The page fetches that file and the
// runtime's files, checks them against the hashes the build wrote into the page,
// and hands them to the sandboxed frame (tools/sandbox/frame.js), which starts this
// as a blob worker (a classic one: esbuild writes it as one script). So this worker has an opaque origin and the frame's
// policy (connect-src 'none'): it cannot fetch anything, and needs not to.
//
// Protocol with the frame (postMessage):
//   frame → worker {type: "init", wasm, files}  wasm = the compiled WebAssembly.Module
//                                              (or its bytes); files = {name: ArrayBuffer}
//                                              for python_stdlib.zip, pyodide-lock.json
//                                              and the calculators wheel
//   worker → frame {type: "ready"} | {type: "failed"}
//   frame → worker {type: "exec", token, code, check, lang, files}
//   worker → frame {type: "result", token, json}   json = calculators.web.exercise(...)
//                | {type: "crashed", token}        Pyodide itself stopped (a fatal error)
// The token is the frame's, for this run only: the learner's code cannot read it, so a
// message it posts itself is not taken for the result. The frame ends this worker after
// the one run, with anything the code scheduled. No text here is shown to anyone.
import "./before-pyodide.mjs";
import { loadPyodide } from "pyodide/pyodide.mjs";
import createPyodideModule from "pyodide/pyodide.asm.mjs";

// Taken before any learner code runs (which could replace the global one).
const post = self.postMessage.bind(self);
// Never fetched: Pyodide's requests for this address are answered from the files given.
const BASE = "https://runtime.invalid/";

async function start(wasm, files) {
  self.fetch = async (input) => {
    const url = String(input instanceof Request ? input.url : input);
    const name = url.startsWith(BASE) ? url.slice(BASE.length) : "";
    if (!Object.hasOwn(files, name)) throw new TypeError("not available");
    const type = name.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
    return new Response(files[name], { headers: { "Content-Type": type } });
  };
  // The frame compiled the wasm once; each new worker only instantiates it (Pyodide
  // still asks for the file, and gets an empty answer it does not read).
  if (wasm instanceof WebAssembly.Module) {
    files["pyodide.asm.wasm"] = new ArrayBuffer(0);
    WebAssembly.instantiateStreaming = async (_response, imports) => ({
      module: wasm,
      instance: await WebAssembly.instantiate(wasm, imports),
    });
  } else {
    files["pyodide.asm.wasm"] = wasm;
  }
  const pyodide = await loadPyodide({
    indexURL: BASE,
    packageBaseUrl: BASE,
    lockFileContents: new TextDecoder().decode(files["pyodide-lock.json"]),
    stdLibURL: BASE + "python_stdlib.zip",
    packages: ["calculators"],
    createPyodideModule,
    env: {},
    stdin: () => null,
  });
  // Imported now, while nobody waits: the run's clock starts only when it is handed over.
  pyodide.pyimport("calculators._exercise");
  return pyodide.pyimport("calculators.web");
}

function run(web, message) {
  // close() would end this worker without a word; the run reports an error instead.
  // (A global scope's operations live on the object itself, not on its prototype.)
  for (const target of [self, Object.getPrototypeOf(self)]) {
    Object.defineProperty(target, "close", { value: undefined, configurable: false });
  }
  const request = JSON.stringify({
    code: message.code,
    check: message.check,
    lang: message.lang,
    files: message.files,
  });
  try {
    return { type: "result", token: message.token, json: web.exercise(request) };
  } catch (error) {
    return { type: "crashed", token: message.token };
  }
}

let web = null;
let starting = false;

self.onmessage = async (event) => {
  const message = event.data;
  if (message && message.type === "init" && !starting) {
    starting = true;
    try {
      web = await start(message.wasm, message.files);
      post({ type: "ready" });
    } catch (error) {
      post({ type: "failed" });
    }
  } else if (message && message.type === "exec" && web) {
    const reply = run(web, message);
    web = null; // one run per worker
    post(reply);
  }
};
