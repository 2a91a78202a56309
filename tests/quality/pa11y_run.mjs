// pa11y (HTML_CodeSniffer runner, WCAG2AA) on a list of pages, in one Chromium.
//
//   node tests/quality/pa11y_run.mjs CHROMIUM BASE_URL /path/ /en/path/ …
//
// Prints one JSON object on stdout: {"/path/": [issue, …], …}, each issue as pa11y
// reports it (code, type, message, context, selector). Errors only: pa11y leaves
// warnings and notices out unless asked. The browser is the one passed in
// (Debian's /usr/bin/chromium via tools/dev): puppeteer never downloads one here
// (.puppeteerrc.cjs and package.json's allowScripts).
// Used by tests/quality/test_validators.py.
import pa11y from "pa11y";
import puppeteer from "puppeteer-core";

const [chromium, base, ...paths] = process.argv.slice(2);
if (!chromium || !base || paths.length === 0) {
  console.error("usage: node tests/quality/pa11y_run.mjs CHROMIUM BASE_URL PATH…");
  process.exit(2);
}

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const results = {};
try {
  for (const path of paths) {
    const page = await browser.newPage();
    const found = await pa11y(base + path, {
      browser,
      page,
      runners: ["htmlcs"],
      standard: "WCAG2AA",
      timeout: 120_000,
      // Wait for the page's own scripts (Material, the calculator) to settle.
      wait: 500,
    });
    results[path] = found.issues;
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
