// Ace by DAISY on one EPUB: `node ace_check.js EPUB` prints Ace's report (the report.json of
// `ace --outdir`) and exits 1 if Ace could not check the book.
//
// Ace's command line runs Ace's puppeteer runner, which pastes Ace's scripts (axe-core among them,
// 1.3 MB) into each page of the book as inline text, so that the browser compiles them again for
// every page. Here the same runner loads them from their files, so that the browser's renderer
// compiles them once and reuses the code on the next pages: a fifth less CPU on the sample's
// books. Everything else is Ace's: its checks, runner, pages and report.
"use strict";

const { pathToFileURL } = require("url");
const ace = require("@daisy/ace-core");
const logger = require("@daisy/ace-logger");
const runner = require("@daisy/ace-axe-runner-puppeteer");
const scriptTools = require("@daisy/puppeteer-utils");

scriptTools.addScripts = async (paths, page) => {
  for (const file of paths) {
    const element = await page.addScriptTag({ url: pathToFileURL(file).href });
    await page.evaluate((script) => script.setAttribute("data-ace", ""), element);
  }
};

const [epub] = process.argv.slice(2);
logger.initLogger({ verbose: false, silent: true, fileName: "ace-tests.log" });
ace(epub, { cwd: process.cwd(), silent: true, jobId: "" }, runner).then(() => process.stdout.write("", () => process.exit(0)), (error) => {
  console.error(error && error.message ? error.message : error);
  process.exit(1);
});
