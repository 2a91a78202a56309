// Run exercise code and checks in the real Pyodide under Node (build-time check
// for overrides/hooks/exercises.py, also used by tests/engine/test_exercises.py).
//
// Usage: node tools/exercises-run.mjs <pyodide dir> <folder holding calculators/>
// stdin: [{code, check, lang, files}, ...]; stdout: [{state, stdout, stderr, message, detail}, ...]
// Each request goes through calculators.web.exercise, exactly as in the browser's worker.
//
// The code comes from Markdown, so the hook runs this confined (see run_in_pyodide
// there): an empty environment, a temporary working folder that holds a copy of the
// calculators package, Node's permission model (read only this script, Pyodide and
// that folder; write only that folder; no child processes, no worker threads), and
// no network (tools/confine.py). Nothing here needs more.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [pyodideDir, packageRoot] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { loadPyodide } = require(path.resolve(pyodideDir));

// Under the permission model process.binding() is refused; Emscripten's NODEFS asks
// it only for the file-open flags, which fs.constants holds too.
const binding = process.binding.bind(process);
process.binding = (name) => (name === "constants" ? { fs: fs.constants } : binding(name));

const requests = JSON.parse(fs.readFileSync(0, "utf8"));
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + path.sep, env: {} });
// The package is copied into Pyodide's in-memory file system: Python sees no host folder.
function copyIn(from, to) {
  pyodide.FS.mkdirTree(to);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name === "__pycache__") continue;
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) copyIn(source, `${to}/${entry.name}`);
    else if (entry.isFile()) pyodide.FS.writeFile(`${to}/${entry.name}`, fs.readFileSync(source));
  }
}
copyIn(path.join(path.resolve(packageRoot), "calculators"), "/package/calculators");
const sys = pyodide.pyimport("sys");
sys.path.insert(0, "/package");
const web = pyodide.pyimport("calculators.web");
const results = requests.map((request) => JSON.parse(web.exercise(JSON.stringify(request))));
// Exit once written: anything the code scheduled (timers, tasks) must not keep running.
process.stdout.write(JSON.stringify(results), () => process.exit(0));
