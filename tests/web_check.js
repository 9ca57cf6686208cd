// Opens pages of the web edition in headless Chromium, records every request each page makes and
// every address it links to, and runs axe-core on it. Optionally saves a screenshot of each page.
// Usage: node tests/web_check.js <pages.json>
// pages.json: [{"file": "/abs/page.html", "query": "?q=..." (optional), "screenshot": "/abs/shot.png" or null,
//               "width": 1200, "axe": true}]
// Prints JSON: [{file, requests, links, images, violations: [{id, impact, help, nodes}], scripts}]
const fs = require("fs");
const { pathToFileURL } = require("url");
const puppeteer = require("puppeteer");

// axe-core, loaded into each page from its file (which lets the browser compile it once for all the
// pages) after the page's own requests have been recorded.
const AXE = pathToFileURL(require.resolve("axe-core/axe.min.js")).href;

(async () => {
  const pages = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const browser = await puppeteer.launch({
    executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--allow-file-access-from-files"],
  });
  const results = [];
  try {
    for (const item of pages) {
      const page = await browser.newPage();
      await page.setViewport({ width: item.width || 1200, height: 900 });
      const requests = [];
      page.on("request", (request) => requests.push(request.url()));
      await page.goto("file://" + item.file + (item.query || ""), { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready);
      const found = await page.evaluate(() => ({
        links: Array.from(document.querySelectorAll("a[href], link[href]"), (a) => a.href),
        images: Array.from(document.querySelectorAll("img"), (img) => ({ src: img.src, loaded: img.complete && img.naturalWidth > 0 })),
        scripts: Array.from(document.querySelectorAll("script[src]"), (s) => s.src),
        overflow: document.documentElement.scrollWidth > window.innerWidth,
        text: document.body.innerText,
      }));
      const pageRequests = [...requests];
      let violations = [];
      if (item.axe) {
        await page.addScriptTag({ url: AXE });
        const report = await page.evaluate(() => window.axe.run(document));
        violations = report.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                                      nodes: v.nodes.slice(0, 3).map((n) => n.html) }));
      }
      if (item.screenshot) {
        await page.screenshot({ path: item.screenshot, fullPage: true });
      }
      results.push({ file: item.file, requests: pageRequests, violations, ...found });
      await page.close();
    }
    console.log(JSON.stringify(results));
  } finally {
    await browser.close();
  }
})().catch((error) => { console.error(error); process.exit(1); });
