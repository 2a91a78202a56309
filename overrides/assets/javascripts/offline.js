/*
 * Registers the site's service worker (sw.js at the site root; see overrides/sw.js)
 * and asks it to keep this page for visits with no network. Loaded as a module on
 * every page from overrides/main.html. No text, no inputs: the service worker
 * stores this page by its address without the query string.
 *
 * When: never while the page itself is still loading, so that its copies do not
 * compete with what the reader is waiting for.
 *   - On a calculator page or the diary, once [data-calculator] or [data-log] reaches
 *     data-state="ready": the service worker then also keeps the runtime and the
 *     page's scripts, which the page has just downloaded (no second download).
 *     The diary's records are never part of this: they live in localStorage, and
 *     the service worker only ever sees addresses.
 *   - On any other page, after the load event.
 */

const root = new URL("../../", import.meta.url);

function whenReady(calculator, then) {
  if (calculator.dataset.state === "ready") return then();
  const watcher = new MutationObserver(() => {
    if (calculator.dataset.state !== "ready") return;
    watcher.disconnect();
    then();
  });
  watcher.observe(calculator, { attributes: true, attributeFilter: ["data-state"] });
}

function register(runtime) {
  navigator.serviceWorker
    .register(new URL("sw.js", root), { scope: root.pathname })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      if (registration.active) registration.active.postMessage({ type: "keep", runtime });
    })
    .catch(() => {
      // No service worker (private mode, blocked by policy): the site works as before, online only.
    });
}

if ("serviceWorker" in navigator && window.isSecureContext) {
  const calculator = document.querySelector("[data-calculator], [data-log]");
  if (calculator) whenReady(calculator, () => register(true));
  else if (document.readyState === "complete") register(false);
  else window.addEventListener("load", () => register(false), { once: true });
}
