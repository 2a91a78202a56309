// Runs before Pyodide's own modules in the exercise worker bundle (worker.mjs imports
// it first). Pyodide tells a classic worker from a module worker by calling
// importScripts("data:text/javascript,"); under the frame's policy that is a refused
// script, reported as a policy violation on every start. This worker needs no
// importScripts at all (esbuild bundles everything; Pyodide is given its module), so
// it is taken away: Pyodide then takes this for a module worker, which changes nothing
// else here, and the learner's code cannot load scripts with it either.
Object.defineProperty(self, "importScripts", { value: undefined, configurable: false });
