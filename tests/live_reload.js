// Drives the live preview (`bookbuild serve`) in headless Chromium: opens a page, rewrites a source
// file, and waits for the page to reload by itself (its load event), then reads what it shows.
// Every wait is on an event; the timeout is only a safety net.
//
// Usage: node tests/live_reload.js <page url> <steps.json>
// steps.json: [{"file": path, "text": new content, "expect": [strings the reloaded page must show],
//               "error": a string the error box must show, or null for no error box}, ...]
// Prints JSON: {steps: [{ms, shown, error, reloaded}]}, where ms runs from the write of the file to
// the load event of the reloaded page, both measured in this process.
const fs = require("fs");
const puppeteer = require("puppeteer");

const SAFETY_NET_MS = 20000;

(async () => {
  const [url, stepsFile] = process.argv.slice(2);
  const steps = JSON.parse(fs.readFileSync(stepsFile, "utf8"));
  const browser = await puppeteer.launch({
    executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const results = [];
  try {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: "load" });
    // The page listens for changes once its event stream is open (the preview's script marks it).
    const listening = () => page.waitForFunction(() => document.documentElement.dataset.live === "open",
                                                 { timeout: SAFETY_NET_MS });
    await listening();
    for (const step of steps) {
      const reloaded = page.waitForNavigation({ waitUntil: "load", timeout: SAFETY_NET_MS });
      const start = Date.now();
      fs.writeFileSync(step.file, step.text);
      await reloaded;
      const ms = Date.now() - start;
      const seen = await page.evaluate(() => {
        const box = document.getElementById("bookbuild-errors");
        return { text: document.body.innerText, error: box ? box.innerText : null };
      });
      results.push({
        ms,
        shown: (step.expect || []).filter((text) => seen.text.includes(text)),
        missing: (step.expect || []).filter((text) => !seen.text.includes(text)),
        error: seen.error,
      });
      await listening();
    }
    console.log(JSON.stringify({ steps: results }));
  } finally {
    await browser.close();
  }
})().catch((error) => { console.error(error); process.exit(1); });
