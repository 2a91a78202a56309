/*
 * Service worker: repeat visits and visits with no network.
 *
 * Served at the site root (sw.js), so one scope covers both languages; registered
 * from every page by assets/javascripts/offline.js. The build (overrides/hooks/runtime.py)
 * writes the BUILD line below: the runtime folder (its name carries a hash of its
 * content), the runtime's files, and the files to keep at install.
 *
 * One cache, named after the runtime folder; on activate every older cache of
 * this site is deleted. What goes into it:
 *   - at install: the offline page and the worksheet in both languages, and the
 *     scripts, styles and icons they use (BUILD.precache);
 *   - each page a reader opens, and the files it loads, as they arrive; with the
 *     first page of a language, the search index and scripts its pages load (BUILD.shared);
 *   - the runtime and the calculator page's own scripts and styles (BUILD.calculator:
 *     its page module calculator.js, client.js and worker.js, which it loads in turn),
 *     when a calculator page says it is ready (message "keep", runtime = true).
 * Keys are addresses without query string or fragment: a calculator link with
 * any inputs opens from the same entry, and no input or result is ever stored.
 * Only GET requests to this site are handled; other requests pass untouched.
 *
 * Answers: the runtime folder from the cache first (its address changes with its
 * content); everything else from the network first, then from the cache; a page
 * that was never opened, with no network, gets the offline page in the language
 * of its address (/en/… is English).
 *
 * Protocol with the pages (postMessage):
 *   page → worker {type: "keep", runtime}  keep the sending page (its address without
 *                                          the query); runtime = true also keeps the runtime
 */

const BUILD = { cache: "dev", runtime: "", runtimeFiles: [], precache: [], calculator: [], shared: {}, offline: {} }; // written by the build

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

function storable(response) {
  return response.status === 200 && response.type === "basic" && !response.redirected;
}

async function keep(cache, address) {
  const response = await fetch(keyOf(address));
  if (storable(response)) await cache.put(keyOf(address), response);
}

async function keepOnce(cache, address) {
  if (!(await cache.match(keyOf(address)))) await keep(cache, address);
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
  }
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // These come from the HTTP cache the page has just filled: no second download.
    await Promise.all(once.map((address) => keepOnce(cache, address).catch(() => undefined)));
    // The page last: once it is in the cache, everything it needs offline is too.
    await keep(cache, event.source.url).catch(() => undefined);
  })());
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(keyOf(request.url));
  if (hit) return hit;
  const response = await fetch(request);
  if (storable(response)) await cache.put(keyOf(request.url), response.clone());
  return response;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (storable(response)) await cache.put(keyOf(request.url), response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(keyOf(request.url));
    if (hit) return hit;
    if (request.mode === "navigate") {
      const offline = await cache.match(at(BUILD.offline[languageOf(request.url)]));
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
