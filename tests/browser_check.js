// Opens pages in headless Chromium, one after the other in one browser: for each, records every
// request it makes, lists its links and images, and saves a screenshot. Prints a JSON list with one
// object per page: {requests, links, images, title, scripts, overflow, blocks}, where
// blocks are the page's sections with a language: their direction, whether their picture stands on the
// left of their text, and whether all their paragraphs and list items start flush left (or right).
// Usage: node tests/browser_check.js <width> <file.html> <screenshot.png> [<file.html> <screenshot.png> ...]
const puppeteer = require("puppeteer");

(async () => {
  const [width, ...pairs] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const seen = [];
  try {
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const [page_file, screenshot] = [pairs[i], pairs[i + 1]];
      const page = await browser.newPage();
      await page.setViewport({ width: parseInt(width || "390", 10), height: 844 });
      const requests = [];
      page.on("request", (request) => requests.push(request.url()));
      await page.goto("file://" + page_file, { waitUntil: "load" });
      const found = await page.evaluate(() => ({
        links: Array.from(document.querySelectorAll("a[href]"), (a) => a.href),
        images: Array.from(document.querySelectorAll("img"), (img) => ({ src: img.src, loaded: img.complete && img.naturalWidth > 0 })),
        title: document.title,
        scripts: document.querySelectorAll("script").length,
        overflow: document.documentElement.scrollWidth > window.innerWidth,
        blocks: Array.from(document.querySelectorAll("section[lang]"), (section) => {
          const text = section.querySelector("div") || section;
          const picture = section.querySelector("img");
          // Where each paragraph's and list item's text starts: flush with the left or the right edge.
          const sides = Array.from(text.querySelectorAll("p, li"), (element) => {
            const range = document.createRange();
            range.selectNodeContents(element);
            const box = element.getBoundingClientRect(), words = range.getBoundingClientRect();
            return { left: Math.abs(words.left - box.left) < 1, right: Math.abs(box.right - words.right) < 1 };
          });
          return {
            lang: section.lang,
            direction: getComputedStyle(section).direction,
            pictureLeft: picture ? picture.getBoundingClientRect().left < text.getBoundingClientRect().left : null,
            flushLeft: sides.every((side) => side.left),
            flushRight: sides.every((side) => side.right),
          };
        }),
      }));
      await page.screenshot({ path: screenshot, fullPage: true });
      seen.push({ requests, ...found });
      await page.close();
    }
    console.log(JSON.stringify(seen));
  } finally {
    await browser.close();
  }
})().catch((error) => { console.error(error); process.exit(1); });
