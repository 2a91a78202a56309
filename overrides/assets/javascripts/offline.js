/*
 * Registers the site's service worker (sw.js at the site root; see overrides/sw.js)
 * and asks it to keep this page for visits with no network. On a calculator page,
 * once [data-calculator] reaches data-state="ready", it also asks it to keep the
 * runtime (which the page has just downloaded, so this costs no second download).
 * Loaded as a module on every page from overrides/main.html. No text, no inputs:
 * the service worker stores this page by its address without the query string.
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

if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker
    .register(new URL("sw.js", root), { scope: root.pathname })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const send = (message) => registration.active && registration.active.postMessage(message);
      send({ type: "keep", runtime: false });
      const calculator = document.querySelector("[data-calculator]");
      if (calculator) whenReady(calculator, () => send({ type: "keep", runtime: true }));
    })
    .catch(() => {
      // No service worker (private mode, blocked by policy): the site works as before, online only.
    });
}
