/*
 * Drive the diary (/log/) in Firefox ESR over WebDriver BiDi (puppeteer-core), as a reader would.
 *
 * Called by tests/engines/test_firefox.py; it prints one JSON array and the Python
 * test judges it (tests/engines/engine_checks.py). Nothing is judged here.
 *
 *   node tests/engines/firefox_diary.mjs '<json>'
 *
 * <json> = {"firefox": "/usr/bin/firefox-esr", "timeoutMs": 300000,
 *           "visits": [{"lang": "ja", "url": "http://…/log/"}, …],
 *           "months": [["2025-04", {"electricity_kwh": "321.987", …}], …],
 *           "mark": "321.987", "storageJs": "async (mark) => …"}
 *
 * Each visit runs in a fresh browser context: first without consent (two months
 * added, the storage read, a reload, the rows and storage read again), then with
 * consent (three months, the rows and total read, a reload, read again). The
 * month goes in by script (Firefox ESR shows <input type="month"> as a text box
 * or a picker depending on the version); the amounts are typed and the button
 * clicked. Console errors and uncaught errors of the page and its worker are listed.
 */

import puppeteer from "puppeteer-core";

const config = JSON.parse(process.argv[2]);

async function ready(page) {
  await page.waitForFunction(
    () => {
      const root = document.querySelector("[data-log]");
      return root && (root.dataset.state === "ready" || root.dataset.state === "error");
    },
    { timeout: config.timeoutMs, polling: 200 },
  );
  return page.$eval("[data-log]", (el) => el.dataset.state);
}

const read = (page) =>
  page.evaluate(() => ({
    rows: [...document.querySelectorAll("[data-log-row]")].map((tr) => tr.dataset.logRow),
    total: document.querySelector('[data-log-output="total_kg_12_months"]').textContent.trim(),
    consent: document.querySelector("[data-log-consent]").checked,
  }));

// Every store of the site (engine_checks.DIARY_STORAGE_JS), looking for config.mark.
const storageOf = new Function("mark", `return (${config.storageJs})(mark);`);
const readAll = async (page) => ({
  ...(await read(page)),
  storage: await page.evaluate(storageOf, config.mark),
});

async function addMonth(page, month, values) {
  await page.$eval("[data-log-month]", (el, value) => {
    el.value = value;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, month);
  for (const [key, value] of Object.entries(values)) {
    const control = `[data-log-form] [name="${key}"]`;
    await page.$eval(control, (el) => { el.value = ""; });
    await page.type(control, value);
  }
  await page.click("[data-log-add]");
  await page.waitForSelector(`[data-log-row="${month}"]`, { timeout: 60000 });
}

async function visit(browser, { lang, url }) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error}`));
  const outcome = { lang, url, errors };
  try {
    await page.goto(url);
    outcome.state = await ready(page);
    if (outcome.state !== "ready") return outcome;
    // Without consent: shown, then gone after a reload; nothing stored.
    for (const [month, values] of config.months.slice(0, 2)) await addMonth(page, month, values);
    const shown = await readAll(page);
    await page.reload();
    await ready(page);
    const after = await readAll(page);
    outcome.withoutConsent = {
      rows: shown.rows,
      storage: shown.storage,
      rowsAfterReload: after.rows,
      storageAfterReload: after.storage,
    };
    // With consent: three months, kept over a reload.
    await page.click("[data-log-consent]");
    for (const [month, values] of config.months) await addMonth(page, month, values);
    const kept = await readAll(page);
    await page.reload();
    await ready(page);
    await page.waitForSelector(`[data-log-row="${config.months.at(-1)[0]}"]`, { timeout: 60000 });
    const again = await readAll(page);
    outcome.withConsent = {
      rows: kept.rows,
      total: kept.total,
      storage: kept.storage,
      storageAfterReload: again.storage,
      rowsAfterReload: again.rows,
      totalAfterReload: again.total,
      consentAfterReload: again.consent,
    };
  } catch (error) {
    outcome.failure = String(error);
  } finally {
    await context.close();
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
