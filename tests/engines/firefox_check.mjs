/*
 * Drive the calculator in Firefox ESR over WebDriver BiDi (puppeteer-core), as a reader would.
 *
 * Called by tests/engines/test_firefox.py; it prints one JSON object and the
 * Python test compares it with the command line. Nothing is judged here.
 *
 *   node tests/engines/firefox_check.mjs '<json>'
 *
 * <json> = {
 *   "firefox": "/usr/bin/firefox-esr",
 *   "timeoutMs": 300000,
 *   "visits": [{"lang": "ja", "url": "http://…/calculator/?…", "edit": {"field": "electricity_kwh", "value": "450"}}, …]
 * }
 *
 * For each visit it opens the share link in a fresh page, waits for
 * data-state="ready" and a total, reads the total, the per-person figure and
 * the per-source table, then types a new value into one field and reads the
 * total again once it has changed. Every console error and uncaught error of
 * the page and of its Web Worker (BiDi reports both) is listed in "errors".
 */

import puppeteer from "puppeteer-core";

const config = JSON.parse(process.argv[2]);
const READY = '[data-calculator="household"][data-state="ready"]';
const TOTAL = '[data-output="total_kg_per_year"]';

async function readFigures(page) {
  return page.evaluate((total) => {
    const text = (selector) => {
      const el = document.querySelector(selector);
      return el ? el.textContent.trim() : null;
    };
    const rows = [...document.querySelectorAll('[data-table="sources"] tbody tr')].map((tr) => [
      tr.querySelector("th").textContent.trim(),
      tr.querySelector("td").textContent.trim(),
    ]);
    return {
      total: text(total),
      perPerson: text('[data-output="per_person_kg_per_year"]'),
      sources: rows,
      lang: document.documentElement.lang,
    };
  }, TOTAL);
}

async function visit(browser, { lang, url, edit }) {
  const page = await browser.newPage();
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error}`));
  const outcome = { lang, url, errors };
  try {
    await page.goto(url);
    await page.waitForFunction(
      (ready, total) => {
        const root = document.querySelector('[data-calculator="household"]');
        if (root && root.dataset.state === "error") return true;
        const out = document.querySelector(total);
        return document.querySelector(ready) && out && /[0-9]/.test(out.textContent);
      },
      { timeout: config.timeoutMs, polling: 200 },
      READY,
      TOTAL,
    );
    outcome.state = await page.$eval('[data-calculator="household"]', (el) => el.dataset.state);
    outcome.before = await readFigures(page);
    if (edit && outcome.state === "ready") {
      const control = `[name="${edit.field}"]`;
      await page.locator(control).fill(edit.value);
      await page.waitForFunction(
        (total, previous) => document.querySelector(total).textContent.trim() !== previous,
        { timeout: 60000, polling: 100 },
        TOTAL,
        outcome.before.total,
      );
      // The result is redrawn once per debounced input; let the last one land.
      await new Promise((resolve) => setTimeout(resolve, 500));
      outcome.after = await readFigures(page);
      outcome.address = page.url();
    }
  } catch (error) {
    outcome.failure = String(error);
  } finally {
    await page.close();
  }
  return outcome;
}

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: config.firefox,
  protocol: "webDriverBiDi",
  headless: true,
});
const results = [];
try {
  results.push({ version: await browser.version() });
  for (const item of config.visits) results.push(await visit(browser, item));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
