// Opens a page in headless Chromium, records every request it makes, lists its links and images,
// and saves a screenshot. Prints JSON: {requests, links, images, title, scripts, overflow, blocks}, where
// blocks are the page's sections with a language: their direction, whether their picture stands on the
// left of their text, and whether all their paragraphs and list items start flush left (or right).
// Usage: node tests/browser_check.js <file.html> <screenshot.png> [width]
const puppeteer = require("puppeteer");

(async () => {
  const [page_file, screenshot, width] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
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
    console.log(JSON.stringify({ requests, ...found }));
  } finally {
    await browser.close();
  }
})().catch((error) => { console.error(error); process.exit(1); });
