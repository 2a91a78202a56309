// Lighthouse (mobile, simulated throttling: its defaults) on a list of pages.
//
//   node tests/quality/lighthouse_run.mjs [--chrome-flag=FLAG …] CHROMIUM BASE_URL /path/ …
//
// Each page gets a fresh Chromium (Debian's, passed in: nothing is downloaded),
// as Lighthouse recommends, so one page's cache never helps the next. Prints one
// JSON object on stdout: {"/path/": {"scores": {category: 0–100}, "metrics":
// {"performance": …, "total-blocking-time": ms, …}, "failed": {category: [audit
// id and title, …]}}}. Used by tests/quality/test_validators.py (the floors) and
// benchmarks/lighthouse.py (Performance and Total Blocking Time, median of 3).
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const args = process.argv.slice(2);
// Extra Chromium flags (benchmarks/lighthouse.py trusts its throwaway certificate this way).
const extraFlags = args.filter((a) => a.startsWith("--chrome-flag=")).map((a) => a.slice(14));
const [chromium, base, ...paths] = args.filter((a) => !a.startsWith("--chrome-flag="));
if (!chromium || !base || paths.length === 0) {
  console.error("usage: node tests/quality/lighthouse_run.mjs CHROMIUM BASE_URL PATH…");
  process.exit(2);
}
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const METRICS = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
  "interactive",
];

// Where an audit item is, as text: a node's selector, a CSS selector, a URL.
function describe(item) {
  for (const key of ["node", "selector", "url", "source"]) {
    const value = item[key];
    if (!value) continue;
    if (typeof value === "string") return value;
    const text = value.selector || value.value || value.snippet || value.url;
    if (text) return `${text}${item.fontSize ? ` ${item.fontSize}` : ""}`;
  }
  return "";
}

const results = {};
for (const path of paths) {
  const chrome = await chromeLauncher.launch({
    chromePath: chromium,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ...extraFlags],
  });
  try {
    const run = await lighthouse(base + path, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: CATEGORIES,
    });
    const lhr = run.lhr;
    if (lhr.runtimeError) {
      throw new Error(`${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    }
    const scores = {};
    const failed = {};
    for (const id of CATEGORIES) {
      const category = lhr.categories[id];
      scores[id] = category.score === null ? null : Math.round(category.score * 100);
      failed[id] = category.auditRefs
        .filter((ref) => ref.weight > 0)
        .map((ref) => lhr.audits[ref.id])
        .filter((audit) => audit.score !== null && audit.score < 1)
        .map((audit) => {
          const items = (audit.details && audit.details.items) || [];
          const where = items.slice(0, 5).map(describe).filter(Boolean);
          return `${audit.id}: ${audit.title}${where.length ? ` (${where.join(", ")})` : ""}`;
        });
    }
    const metrics = { performance: scores.performance };
    for (const id of METRICS) metrics[id] = lhr.audits[id] ? lhr.audits[id].numericValue : null;
    results[path] = { scores, metrics, failed };
  } finally {
    await chrome.kill();
  }
}
process.stdout.write(JSON.stringify(results));
