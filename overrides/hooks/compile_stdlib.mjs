// Precompile the trimmed standard library (run by overrides/hooks/runtime.py).
//
// Usage: node compile_stdlib.mjs <pyodide.mjs> <trimmed python_stdlib.zip> <output zip>
//
// Why: Pyodide ships the standard library as Python source, so every start of the
// calculator compiles about 160 modules to bytecode before it can answer; that
// was most of the worker's start-up time. Bytecode made once, at build time, by
// this same Pyodide (so the bytecode version always matches the runtime) skips it.
//
// What the output zip holds, for each member of the input:
//   - a module (.py) becomes bytecode (.pyc beside where the .py was, which is
//     how zipimport finds modules without source), compiled
//       * with optimize=2 (no docstrings, no asserts: Python's -OO), and
//       * without column positions (PYTHONNODEBUGRANGES: tracebacks keep their
//         line numbers but lose the ^^^ markers, which need the source anyway);
//     both make the file smaller to download;
//   - a module that this Pyodide has frozen into pyodide.asm.wasm (os, site,
//     codecs, the import machinery…) is left out: it is never read from the zip
//     (the trace lists it, as its __file__ points into the zip);
//   - anything else (folders, data files) is copied as it is.
// Members are stored uncompressed, like the trimmed zip (deploy/precompress
// compresses the whole file). runtime.py then runs the import trace again on
// the output and stops the build unless every answer is the same as with the
// full source standard library.
// No Python code is written to disk here: the script below runs in Pyodide.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideModule, source, output] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.resolve(pyodideModule)).href);
const pyodide = await loadPyodide({
  indexURL: path.dirname(path.resolve(pyodideModule)) + path.sep,
  env: { PYTHONNODEBUGRANGES: "1" },
});
pyodide.FS.writeFile("/tmp/source.zip", fs.readFileSync(source));
const counts = pyodide.runPython(`
import _imp
import importlib._bootstrap_external as bootstrap
import sys
import zipfile

def module_name(member):
    name = member[: -len(".py")].replace("/", ".")
    return name[: -len(".__init__")] if name.endswith(".__init__") else name

def frozen(name):
    # Frozen under its own name (os, site), or imported under another one
    # (importlib._bootstrap is _frozen_importlib).
    spec = getattr(sys.modules.get(name), "__spec__", None)
    return _imp.is_frozen(name) or getattr(spec, "origin", None) == "frozen"

counts = {"compiled": 0, "frozen": 0, "copied": 0}
with zipfile.ZipFile("/tmp/source.zip") as src, zipfile.ZipFile("/tmp/out.zip", "w", zipfile.ZIP_STORED) as out:
    for info in src.infolist():
        if not info.filename.endswith(".py"):
            out.writestr(info, src.read(info), compress_type=zipfile.ZIP_STORED)
            counts["copied"] += 1
        elif frozen(module_name(info.filename)):
            counts["frozen"] += 1
        else:
            code = compile(src.read(info), info.filename, "exec", dont_inherit=True, optimize=2)
            data = bootstrap._code_to_timestamp_pyc(code, 0, info.file_size)
            member = zipfile.ZipInfo(info.filename[: -len(".py")] + ".pyc", info.date_time)
            out.writestr(member, bytes(data), compress_type=zipfile.ZIP_STORED)
            counts["compiled"] += 1
counts
`).toJs({ dict_converter: Object.fromEntries });
fs.writeFileSync(output, pyodide.FS.readFile("/tmp/out.zip"));
process.stdout.write(JSON.stringify(counts));
