// Run the calculators wheel inside the real Pyodide (the pinned npm package) under Node.
//
// Usage: node pyodide_run.mjs <pyodide dir> <wheel file> <cases.json> [<data dir>] [<python_stdlib.zip>]
// cases.json is a list of raw input objects. With <data dir> (a folder of *.toml,
// e.g. tests/engine/fixture-data), its files are copied into Pyodide's file system
// and CALCULATORS_DATA_DIR points there, so the engine takes its values from them
// rather than from the wheel's own data (the goldens are pinned to that fixed copy).
// With <python_stdlib.zip> (e.g. the site's trimmed one), it replaces the package's
// standard library; pass "" as <data dir> to use the wheel's data. For each case the script calls
// calculators.web.run(JSON, "ja") and (…, "en") and prints one JSON object:
// {"python": version, "results": [{"ja": "<json>", "en": "<json>"}, ...], "model_source": "..."}.
// No Python code lives here: the script only imports the module and calls it.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [pyodideDir, wheelPath, casesPath, dataDir, stdlib] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { loadPyodide } = require(path.resolve(pyodideDir));

const env = dataDir ? { CALCULATORS_DATA_DIR: "/fixture-data" } : {};
const pyodide = await loadPyodide({
  indexURL: path.resolve(pyodideDir) + path.sep,
  env,
  ...(stdlib ? { stdLibURL: path.resolve(stdlib) } : {}),
});
if (dataDir) {
  pyodide.FS.mkdir("/fixture-data");
  for (const name of fs.readdirSync(dataDir).filter((n) => n.endsWith(".toml"))) {
    pyodide.FS.writeFile(`/fixture-data/${name}`, fs.readFileSync(path.join(dataDir, name)));
  }
}
// site.getsitepackages(), not sysconfig: the site's trimmed stdlib has no sysconfig.
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
