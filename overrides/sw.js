/*
 * Service worker: repeat visits and visits with no network.
 *
 * Served at the site root (sw.js), so one scope covers both languages; registered
 * from every page by assets/javascripts/offline.js. The build (overrides/hooks/runtime.py)
 * writes the BUILD line below: the runtime folder (its name carries a hash of its
 * content), the runtime's files, the files to keep at install, the SHA-256 of every
 * runtime file and script the build lists, and the Content-Security-Policy the site
 * is deployed with (read from deploy/nginx.conf, the one place it is written).
 *
 * One cache, named after the runtime folder; on activate every older cache of
 * this site is deleted. What goes into it:
 *   - at install: the offline page and the worksheet in both languages, and the
 *     scripts, styles and icons they use (BUILD.precache);
 *   - each page a reader opens, and the files it loads, as they arrive; with the
 *     first page of a language, the search index and scripts its pages load (BUILD.shared);
 *   - the runtime, the calculator and diary pages' own scripts and styles
 *     (BUILD.calculator: their page modules calculator.js and log.js, client.js and
 *     worker.js, which they load in turn), and the calculator and diary pages in both
 *     languages (BUILD.runtimePages), when such a page says it is ready (message
 *     "keep", runtime = true): both then open offline in either language.
 *
 * What it promises:
 *   - Keys are addresses without query string or fragment, and what is stored
 *     under a key is the server's answer for that clean address: a response whose
 *     address has a query is never stored. A page opened with a query (a
 *     calculator link with inputs) is fetched by its clean address, so once this
 *     worker runs neither this cache nor the browser's HTTP cache holds the
 *     inputs, and the server does not see them either. (Before it runs, on a
 *     first visit, deploy/nginx.conf answers an address with a query with
 *     Cache-Control: no-store.)
 *   - The diary's records never pass through here: the diary page keeps them in
 *     localStorage (only with the reader's consent) and sends no request with them.
 *   - A runtime file or script whose SHA-256 the build knows (BUILD.hashes) is
 *     checked before it is stored and every time it is served from the cache: a
 *     changed entry is dropped and fetched again. A runtime file from the network
 *     that does not match is neither stored nor served (its address changes with
 *     its content, so it can only be a broken copy); a script that does not match
 *     is served but not stored (the site may have been published again since
 *     this worker was installed).
 *   - A page served from the cache carries the deployed Content-Security-Policy
 *     header (BUILD.csp), as it would from the server.
 * Only GET requests to this site are handled; other requests pass untouched.
 *
 * Answers: the runtime folder from the cache first (its address changes with its
 * content); everything else from the network first, then from the cache; a page
 * that was never opened, with no network, gets the offline page in the language
 * of its address (/en/… is English), made to work at any depth (its relative
 * addresses are resolved against its own address, not the one asked for).
 *
 * Protocol with the pages (postMessage):
 *   page → worker {type: "keep", runtime}  keep the sending page (its address without
 *                                          the query); runtime = true also keeps the runtime
 */

const BUILD = { cache: "dev", runtime: "", runtimeFiles: [], runtimePages: [], precache: [], calculator: [], shared: {}, offline: {}, hashes: {}, csp: "" }; // written by the build

const PREFIX = "carbon-offset-guide-";
const CACHE = PREFIX + BUILD.cache;
const SCOPE = new URL(self.registration.scope);
const RUNTIME = new URL(BUILD.runtime, SCOPE).pathname;
const at = (path) => new URL(path, SCOPE).href;

// The language of an address: /en/… is English, everything else Japanese.
function languageOf(address) {
  return new URL(address).pathname.startsWith(new URL("en/", SCOPE).pathname) ? "en" : "ja";
}

// The cache key: the address without query string or fragment.
function keyOf(address) {
  const url = new URL(address);
  return url.origin + url.pathname;
}

// The site-relative path of an address ("assets/pyodide/…/pyodide.mjs"), as BUILD lists them.
function sitePath(address) {
  return keyOf(address).slice(SCOPE.href.length);
}

function storable(response) {
  if (response.status !== 200 || response.type !== "basic" || response.redirected) return false;
  // Only the server's bytes for a clean address (no query, no fragment).
  const url = new URL(response.url);
  return url.search === "" && url.hash === "";
}

function base64(buffer) {
  let text = "";
  for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
  return btoa(text);
}

// True when the response's body has the SHA-256 the build wrote for its address
// (or the build wrote none for it). Reads a copy: the response stays usable.
async function intact(address, response) {
  const want = BUILD.hashes[sitePath(address)];
  if (!want) return true;
  const digest = await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer());
  return `sha256-${base64(digest)}` === want;
}

// What the server answers for a file that is not what the build made.
function refused() {
  return new Response("", { status: 502, statusText: "Changed in transit" });
}

async function keep(cache, address) {
  const response = await fetch(keyOf(address));
  if (storable(response) && (await intact(address, response))) await cache.put(keyOf(address), response);
}

async function keepOnce(cache, address) {
  const hit = await cache.match(keyOf(address));
  if (hit && (await intact(address, hit))) return;
  await keep(cache, address);
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(BUILD.precache.map((path) => keep(cache, at(path))));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
    // No clients.claim(): a page (and its calculator worker) keeps the network it
    // started with; the worker answers from the next page on.
  })());
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type !== "keep" || !event.source || !event.source.url) return;
  const once = (BUILD.shared[languageOf(event.source.url)] || []).map(at);
  if (message.runtime) {
    once.push(...BUILD.runtimeFiles.map((name) => at(BUILD.runtime + name)));
    once.push(...BUILD.calculator.map(at));
    // The calculator in every language, with each language's search files: a
    // reader who used it once in Japanese can open the English one offline too.
    once.push(...Object.values(BUILD.shared).flat().map(at));
    once.push(...BUILD.runtimePages.map(at).filter((page) => page !== keyOf(event.source.url)));
  }
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // These come from the HTTP cache the page has just filled: no second download.
    await Promise.all([...new Set(once)].map((address) => keepOnce(cache, address).catch(() => undefined)));
    // The page last: once it is in the cache, everything it needs offline is too.
    await keep(cache, event.source.url).catch(() => undefined);
  })());
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const key = keyOf(request.url);
  const hit = await cache.match(key);
  if (hit) {
    if (await intact(key, hit)) return hit;
    // Changed since it was stored (by anything with access to this origin's caches).
    await cache.delete(key);
  }
  const response = await fetch(key);
  if (!(await intact(key, response))) return refused();
  if (storable(response)) await cache.put(key, response.clone());
  return response;
}

// The cached copy of a page, with the headers the server would have sent.
function asDeployed(response, body) {
  const headers = new Headers(response.headers);
  if (BUILD.csp) headers.set("Content-Security-Policy", BUILD.csp);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

// The offline page, made to work at the depth it is shown at: its addresses are
// relative to its own folder, so <base> points there, and Material's site root
// (the "base" of its JSON config block, not a script) becomes absolute.
async function offlinePage(cache, lang) {
  const address = at(BUILD.offline[lang]);
  const hit = await cache.match(address);
  if (!hit) return null;
  const html = (await hit.text())
    .replace(/(<meta charset="[^"]*">|<head>)/i, `$1<base href="${address}">`)
    .replace(/("base":\s*)"[^"]*"/, `$1${JSON.stringify(SCOPE.href)}`);
  return asDeployed(hit, html);
}

async function fromCache(cache, request) {
  const key = keyOf(request.url);
  const hit = await cache.match(key);
  if (hit && !(await intact(key, hit))) {
    await cache.delete(key);
    return null;
  }
  if (hit && request.mode === "navigate") return asDeployed(hit, hit.body);
  return hit || null;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  const url = new URL(request.url);
  try {
    if (request.mode === "navigate" && url.search !== "") {
      // A page opened with a query (a calculator link with inputs): the page is the
      // same for every query, so ask for the clean address and keep the query on
      // this device. The answer is rebuilt so the page keeps its own address.
      const response = await fetch(keyOf(request.url), { credentials: request.credentials });
      if (storable(response)) await cache.put(keyOf(request.url), response.clone());
      return new Response(response.body, response);
    }
    const response = await fetch(request);
    if (storable(response) && (await intact(request.url, response))) {
      await cache.put(keyOf(request.url), response.clone());
    }
    return response;
  } catch (error) {
    const hit = await fromCache(cache, request);
    if (hit) return hit;
    if (request.mode === "navigate") {
      const offline = await offlinePage(cache, languageOf(request.url));
      if (offline) return offline;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE.href)) return;
  const path = new URL(request.url).pathname;
  event.respondWith(path.startsWith(RUNTIME) ? cacheFirst(request) : networkFirst(request));
});
