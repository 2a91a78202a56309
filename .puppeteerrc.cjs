/**
 * Puppeteer (installed for pa11y) must never download a browser: the tests use
 * Debian's Chromium (/usr/bin/chromium, found by tools/dev as CHROMIUM_PATH) and
 * pass it as executablePath. Without this file `npm ci` would fetch Chrome for
 * Testing and chrome-headless-shell (about 500 MB) from outside the registry.
 * @type {import("puppeteer").Configuration}
 */
module.exports = {
  skipDownload: true,
  chrome: { skipDownload: true },
  "chrome-headless-shell": { skipDownload: true },
  firefox: { skipDownload: true },
};
