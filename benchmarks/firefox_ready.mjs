/*
 * Time to ready of the calculator in Firefox ESR (puppeteer-core over WebDriver BiDi).
 * Called by benchmarks/calculator_field.py; prints a JSON list of milliseconds.
 *
 *   node benchmarks/firefox_ready.mjs '{"firefox": "/usr/bin/firefox-esr", "url": "https://…/calculator/", "runs": 3}'
 *
 * Each run opens the page in a new browser context (an empty cache) and reads
 * the `calculator-ready` performance mark (or the time data-state="ready" was
 * seen, if the page no longer sets the mark). The benchmark's certificate is
 * self-signed, so certificate errors are accepted.
 */
import puppeteer from "puppeteer-core";

const config = JSON.parse(process.argv[2]);
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: config.firefox,
  protocol: "webDriverBiDi",
  headless: true,
  acceptInsecureCerts: true,
});
const times = [];
try {
  for (let run = 0; run < config.runs; run += 1) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(config.url, { waitUntil: "domcontentloaded" });
    const handle = await page.waitForFunction(
      () => {
        const root = document.querySelector('[data-calculator="household"]');
        if (!root || root.dataset.state !== "ready") return null;
        const mark = performance.getEntriesByName("calculator-ready")[0];
        return mark ? mark.startTime : performance.now();
      },
      { timeout: 300000, polling: 100 },
    );
    times.push(await handle.jsonValue());
    await context.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(times));
