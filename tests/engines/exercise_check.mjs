/*
 * Run code in the Python exercises in Firefox ESR over WebDriver BiDi (puppeteer-core),
 * as a learner would: type it into an exercise, press Run, read what the page shows.
 *
 * Called by tests/engines/test_exercise_sandbox.py; it prints one JSON array and the
 * Python test judges it. Nothing is judged here.
 *
 *   node tests/engines/exercise_check.mjs '<json>'
 *
 * <json> = {"firefox": "/usr/bin/firefox-esr", "timeoutMs": 300000,
 *           "url": "http://…/python/", "exercise": 2,
 *           "runs": [{"code": "…", "action": "run" | "check"}, …],
 *           "limitMs": 60000,  (optional: the page's time limit for these runs)
 *           "after": "JavaScript run in the page after the runs (its value is returned)"}
 *
 * Each run: the code goes into the exercise's textarea (the editor loads only when the
 * code is focused, which this does not do), the button is pressed, and once
 * data-exercise-state is no longer "running" the state, message, output and Python's
 * own words are read. Console errors and uncaught errors are listed in "errors".
 */

import puppeteer from "puppeteer-core";

const config = JSON.parse(process.argv[2]);

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: config.firefox,
  protocol: "webDriverBiDi",
  headless: true,
});
const out = { version: await browser.version(), runs: [], errors: [] };
try {
  const page = await browser.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") out.errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => out.errors.push(`uncaught: ${error}`));
  await page.goto(config.url);
  const root = `#exercise-${config.exercise}`;
  if (config.limitMs) {
    await page.evaluate((ms) => {
      const template = document.querySelector("template[data-exercise-sandbox]");
      if (template) template.dataset.limitMs = String(ms);
    }, config.limitMs);
  }
  for (const { code, action } of config.runs) {
    await page.$eval(`${root} textarea`, (area, value) => { area.value = value; }, code);
    const started = Date.now();
    await page.click(`${root} [data-exercise-action="${action || "run"}"]`);
    await page.waitForFunction(
      (selector) => document.querySelector(selector).dataset.exerciseState !== "running",
      { timeout: config.timeoutMs, polling: 100 },
      root,
    );
    out.runs.push(await page.$eval(root, (el, ms) => ({
      state: el.dataset.exerciseState,
      message: el.querySelector("[data-exercise-message]").textContent,
      output: el.querySelector("[data-exercise-output]").textContent,
      detail: el.querySelector("[data-exercise-detail-text]").textContent,
      ms,
    }), Date.now() - started));
  }
  if (config.after) out.after = await page.evaluate(config.after);
} catch (error) {
  out.failure = String(error);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
