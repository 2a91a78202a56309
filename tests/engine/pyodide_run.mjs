// Run the calculators wheel inside the real Pyodide (the pinned npm package) under Node.
//
// Usage: node pyodide_run.mjs <pyodide dir> <wheel file> <cases.json> [python_stdlib.zip]
// (the optional zip replaces the package's standard library, e.g. the site's trimmed one).
// cases.json is a list of raw input objects. For each case the script calls
// calculators.web.run(JSON, "ja") and (…, "en") and prints one JSON object:
// {"python": version, "results": [{"ja": "<json>", "en": "<json>"}, ...], "model_source": "..."}.
// No Python code lives here: the script only imports the module and calls it.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [pyodideDir, wheelPath, casesPath, stdlib] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { loadPyodide } = require(path.resolve(pyodideDir));

const pyodide = await loadPyodide({
  indexURL: path.resolve(pyodideDir) + path.sep,
  ...(stdlib ? { stdLibURL: path.resolve(stdlib) } : {}),
});
const sitePackages = pyodide.pyimport("site").getsitepackages().toJs()[0];
pyodide.unpackArchive(new Uint8Array(fs.readFileSync(wheelPath)), "wheel", { extractDir: sitePackages });
const web = pyodide.pyimport("calculators.web");
const cases = JSON.parse(fs.readFileSync(casesPath, "utf8"));
const results = cases.map((raw) => ({
  ja: web.run(JSON.stringify(raw), "ja"),
  en: web.run(JSON.stringify(raw), "en"),
}));
const version = pyodide.pyimport("sys").version.split(" ")[0];
process.stdout.write(JSON.stringify({ python: version, results, model_source: web.model_source() }));
