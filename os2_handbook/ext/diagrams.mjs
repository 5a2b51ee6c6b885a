// Draws Mermaid diagrams with @mermaid-js/mermaid-cli in one headless browser.
// Called by os2_handbook/ext/diagrams.py: a JSON request on stdin, one JSON line
// per job on stdout. Everything is read from node_modules: nothing is fetched.
import { writeFile } from "node:fs/promises";
import { renderMermaid } from "@mermaid-js/mermaid-cli";
import puppeteer from "puppeteer";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = JSON.parse(Buffer.concat(chunks).toString("utf-8"));

let browser;
try {
  browser = await puppeteer.launch({
    headless: true,
    executablePath: request.browser || undefined, // else puppeteer's own download
    args: request.browserArgs,
  });
} catch (error) {
  console.log(JSON.stringify({ fatal: String(error.message || error) }));
  process.exit(2);
}
async function draw(index) {
  const job = request.jobs[index];
  try {
    const { title, desc, data } = await renderMermaid(browser, job.code, job.format, {
      backgroundColor: "transparent",
      mermaidConfig: job.config,
      svgId: job.svgId,
    });
    // The types Mermaid parses with langium (pie, packet, wardley, railroad, …) draw
    // a syntax error as a picture instead of failing: that picture is not the diagram.
    if (Buffer.from(data).toString("utf-8").includes('aria-roledescription="error"')) {
      throw new Error("Syntax error in text (Mermaid drew its error picture)");
    }
    await writeFile(job.out, data);
    console.log(JSON.stringify({ index, title, desc }));
  } catch (error) {
    console.log(JSON.stringify({ index, error: String(error.message || error) }));
  }
}

// A few tabs at once: the browser lays out one while it loads another.
let next = 0;
async function worker() {
  while (next < request.jobs.length) await draw(next++);
}
try {
  await Promise.all(Array.from({ length: request.tabs || 1 }, worker));
} finally {
  await browser.close();
}
