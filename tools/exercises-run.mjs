// Run exercise code and checks in the real Pyodide under Node (build-time check
// for overrides/hooks/exercises.py, also used by tests/engine/test_exercises.py).
//
// Usage: node tools/exercises-run.mjs <pyodide dir> <repo root>   (JSON on stdin)
// stdin: [{code, check, lang, files}, ...]; stdout: [{state, stdout, stderr, message}, ...]
// The calculators package is read from the repository itself (mounted with NODEFS),
// and each request goes through calculators.web.exercise, exactly as in the worker.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [pyodideDir, repoRoot] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { loadPyodide } = require(path.resolve(pyodideDir));

const requests = JSON.parse(fs.readFileSync(0, "utf8"));
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + path.sep });
pyodide.FS.mkdirTree("/repo");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: path.resolve(repoRoot) }, "/repo");
const sys = pyodide.pyimport("sys");
sys.dont_write_bytecode = true; // no __pycache__ written into the repository
sys.path.insert(0, "/repo");
const web = pyodide.pyimport("calculators.web");
const results = requests.map((request) => JSON.parse(web.exercise(JSON.stringify(request))));
process.stdout.write(JSON.stringify(results));
