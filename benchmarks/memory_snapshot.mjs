// Pyodide's memory snapshot (_makeSnapshot / _loadSnapshot, experimental in 314),
// measured against the runtime the site ships. Prints figures; never fails on them.
//
//   node benchmarks/memory_snapshot.mjs site/assets/pyodide/<version>-<hash>/ [runs]
//
// (The folder is in a built site: tools/dev build. Node stands in for the
// browser's worker: the same runtime files, the same calls, no network.)
//
// It makes a snapshot the way a build step would (start Pyodide, install the
// calculators wheel, import calculators.web and compute once in each language),
// then compares, over the runs:
//   - cold: loadPyodide() + the wheel + import + first answer, as the site does now;
//   - snapshot: loadPyodide({_loadSnapshot}) + the wheel's files + first answer.
// and prints the snapshot's size raw, gzip -9 and brotli 11, the download the
// snapshot would add (it replaces most of python_stdlib.zip, not the wasm), and
// what that costs at 10 Mbit/s and 1.6 Mbit/s against the CPU time it saves.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { pathToFileURL } from "node:url";

const [folderArg, runsArg] = process.argv.slice(2);
if (!folderArg) {
  console.error("usage: node benchmarks/memory_snapshot.mjs <site>/assets/pyodide/<version>-<hash>/ [runs]");
  process.exit(2);
}
const folder = path.resolve(folderArg) + path.sep;
const runs = Number(runsArg || 5);
const wheelName = fs.readdirSync(folder).find((name) => name.startsWith("calculators-") && name.endsWith(".whl"));
const wheel = new Uint8Array(fs.readFileSync(folder + wheelName));
const { loadPyodide } = await import(pathToFileURL(folder + "pyodide.mjs").href);
const options = () => ({ indexURL: folder, lockFileURL: folder + "pyodide-lock.json" });
const household = JSON.stringify({ electricity_kwh: "300", city_gas_m3: "25", household_size: "3" });
const brotli = (bytes) =>
  zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// The snapshot, made as a build step would make it.
const maker = await loadPyodide({ ...options(), _makeSnapshot: true });
maker.unpackArchive(wheel, "wheel");
const makerWeb = maker.pyimport("calculators.web");
const expected = makerWeb.run(household, "ja");
makerWeb.run(household, "en");
makerWeb.destroy();
const snapshot = maker.makeMemorySnapshot();

const cold = [];
const restored = [];
for (let i = 0; i < runs; i++) {
  let started = performance.now();
  const pyodide = await loadPyodide({ ...options(), packages: ["calculators"] });
  const answer = pyodide.pyimport("calculators.web").run(household, "ja");
  cold.push(performance.now() - started);
  if (answer !== expected) throw new Error("cold start gave another answer");

  started = performance.now();
  const again = await loadPyodide({ ...options(), _loadSnapshot: snapshot.slice() });
  again.unpackArchive(wheel, "wheel"); // the package's files (model_source, exercises)
  const answerAgain = again.pyimport("calculators.web").run(household, "ja");
  restored.push(performance.now() - started);
  if (answerAgain !== expected) throw new Error("the snapshot gave another answer");
}

const stdlib = fs.readFileSync(folder + "python_stdlib.zip");
const snapshotBr = brotli(snapshot);
const stdlibBr = brotli(stdlib);
const saved = (median(cold) - median(restored)) / 1000;
const added = snapshotBr - stdlibBr; // at best the snapshot replaces the whole stdlib zip
const at = (bits) => (added * 8) / bits;
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
console.log(`Pyodide ${(await import(pathToFileURL(folder + "pyodide.mjs").href)).version} · Node ${process.version} · ${runs} runs`);
console.log(`snapshot size: ${mb(snapshot.length)} raw, ${mb(zlib.gzipSync(snapshot, { level: 9 }).length)} gzip, ${mb(snapshotBr)} brotli`);
console.log(`python_stdlib.zip it would mostly replace: ${mb(stdlibBr)} brotli`);
console.log(`cold start to first answer: median ${median(cold).toFixed(0)} ms  [${cold.map((v) => v.toFixed(0)).join(", ")}]`);
console.log(`snapshot to first answer:   median ${median(restored).toFixed(0)} ms  [${restored.map((v) => v.toFixed(0)).join(", ")}]`);
console.log(`CPU saved: ${saved.toFixed(2)} s; download added: at least ${mb(added)}`);
console.log(`  at 10 Mbit/s: +${at(10e6).toFixed(2)} s download for -${saved.toFixed(2)} s CPU`);
console.log(`  at 1.6 Mbit/s: +${at(1.6e6).toFixed(2)} s download for -${saved.toFixed(2)} s CPU`);
