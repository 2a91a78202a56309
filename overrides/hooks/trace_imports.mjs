// Import trace for the trimmed standard library (run by overrides/hooks/runtime.py).
//
// Usage: node trace_imports.mjs <pyodide.mjs> <python_stdlib.zip> <folder with lock + wheel> <cases.json>
//
// Starts the real Pyodide the way the calculator's worker does (the site's
// pyodide-lock.json, package "calculators" loaded during start-up), then calls
// what the pages and the build call: calculators.web.run(raw, lang) for every
// case in both languages, web.class_run (the class page), web.exercise (the
// /python/ exercises: model answers, starting code, a syntax and a runtime error),
// web.diary (the diary: every operation, its CSV and JSON files, good and bad),
// web.model_source(), calculators.form_definition(lang),
// and one failing import (so the traceback path of a Python error is loaded too).
// Prints one JSON object on stdout:
//   {"files": [stdlib zip members that were imported], "results": [...], "source": "..."}
// runtime.py runs it once on the full stdlib (to take the trace) and once on the
// trimmed zip (to prove the trimmed runtime gives the same answers).
// No Python code lives here: the script only imports modules and calls them.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideModule, stdlib, folder, casesPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.resolve(pyodideModule)).href);
const cases = JSON.parse(fs.readFileSync(casesPath, "utf8"));

const started = performance.now();
const pyodide = await loadPyodide({
  indexURL: path.dirname(path.resolve(pyodideModule)) + path.sep,
  stdLibURL: path.resolve(stdlib),
  lockFileURL: path.join(path.resolve(folder), "pyodide-lock.json"),
  packages: ["calculators"],
});
const loadedMs = performance.now() - started;
const web = pyodide.pyimport("calculators.web");
const calculators = pyodide.pyimport("calculators");
const results = [];
for (const raw of cases.run) {
  for (const lang of ["ja", "en"]) results.push(web.run(JSON.stringify(raw), lang));
}
// The teacher's class page and the Python exercises use the same worker.
for (const text of cases.class) {
  for (const lang of ["ja", "en"]) results.push(web.class_run(text, lang));
}
// Every loaded module whose file lies in the stdlib zip (mounted at /lib/python3NN.zip).
const sys = pyodide.pyimport("sys");
const files = new Set();
const inZip = (file) => (typeof file === "string" ? file.match(/^\/lib\/python\d+\.zip\/(.+)$/) : null);
function collect() {
  for (const name of sys.modules.keys()) {
    const module = sys.modules.get(name);
    const match = inZip(module && module.__file__);
    if (match) files.add(match[1]);
  }
}
// An exercise run drops the modules the learner's code imported (each run starts
// clean), so those are seen through Python's "import" audit event instead.
const importedNames = new Set();
sys.addaudithook((event, args) => {
  if (event === "import") importedNames.add(String(args.get(0)));
});
for (const request of cases.exec) results.push(web.exercise(JSON.stringify(request)));
const importlib = pyodide.pyimport("importlib.util");
for (const name of importedNames) {
  try {
    const match = inZip(importlib.find_spec(name)?.origin);
    if (match) files.add(match[1]);
  } catch (error) {
    // Not importable by name on its own (it failed in the run too): nothing to keep.
  }
}
// The diary (/log/): every operation, and files good and bad, in both languages.
for (const request of cases.diary) results.push(web.diary(request));
for (const lang of ["ja", "en", "xx"]) {
  results.push(JSON.stringify(calculators.form_definition(lang).toJs({ dict_converter: Object.fromEntries })));
}
const source = web.model_source();
try {
  pyodide.pyimport("calculators._no_such_module");
} catch (error) {
  // Expected: a Python error crossing into JavaScript (loads the traceback code).
  results.push(error.type);
}

collect();
process.stdout.write(JSON.stringify({ files: [...files].sort(), results, source, loadedMs }));
