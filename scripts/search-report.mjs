// The measuring half of scripts/search-report: node scripts/search-report.mjs SITE VERSION ARTICLES
//
// Prints the version's index size (raw and gzipped), what the first query transfers (gzipped, as a server with
// gzip level 6 would send it; HTTP headers not counted), and per-keystroke latency in headless Chromium with the CPU
// throttled 4x: from the input event to the results in the page ("dom"), and to the next frame after that ("frame").
import { readdir, readFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { startServer, launchBrowser } from "../tests/browser/lib.mjs";

const [site, version, articles] = process.argv.slice(2);
if (!site || !version) {
  console.error("usage: node scripts/search-report.mjs SITE VERSION [ARTICLES]");
  process.exit(2);
}
const THROTTLE = 4;
// Readers search from an article; the version's home lists every article (10,000 links), a heavier page to update.
const ARTICLE = `/${version}/email/connect-gmail-app-password/`;
const HOME = `/${version}/`;
const QUERY = "app password";
const OTHER_QUERIES = ["pasword", "email server password", "ticket queue", "departments", "configure the mailbox"];

const gz = (bytes) => gzipSync(bytes, { level: 6 }).length;
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

// ---- Sizes on disk ----
// The index's files are in _search/<version>/, named by their content's hash.
const dir = join(site, "_search", version);
// Only the index files, not the .br and .gz copies beside them.
const names = (await readdir(dir)).filter((n) => n.endsWith(".json"));
let raw = 0;
let packed = 0;
const shards = [];
let docs = 0;
for (const name of names) {
  const bytes = await readFile(join(dir, name));
  const g = gz(bytes);
  raw += bytes.length;
  packed += g;
  if (name.startsWith("docs-")) docs++;
  else if (name !== "index.json") shards.push({ name, raw: bytes.length, gz: g });
}
shards.sort((a, b) => b.gz - a.gz);
const manifest = await readFile(join(dir, "index.json"));
const assets = await readdir(join(site, "_assets"));
const scriptName = assets.find((n) => /^search\.[0-9a-f]+\.js$/.test(n));
const script = await readFile(join(site, "_assets", scriptName));

console.log(`Load average before measuring: ${loadavg().map((l) => l.toFixed(2)).join(" ")} (on ${(await import("node:os")).cpus().length} cores)`);
console.log(`\nSearch index of ${version} (${articles ?? "?"} articles): ${names.length} files`);
console.log(`  total           ${kb(raw)} raw, ${kb(packed)} gzipped (each file gzipped on its own)`);
console.log(`  shards          ${shards.length}; largest ${shards[0].name} ${kb(shards[0].raw)} raw / ${kb(shards[0].gz)} gz; median ${kb(median(shards.map((s) => s.gz)))} gz`);
console.log(`  docs files      ${docs}`);
console.log(`  manifest        ${kb(manifest.length)} raw, ${kb(gz(manifest))} gz`);
console.log(`  search.js       ${kb(script.length)} raw, ${kb(gz(script))} gz`);

// ---- In Chromium ----
const server = await startServer(site);
const browser = await launchBrowser();

async function sizeOf(url) {
  const path = decodeURIComponent(new URL(url).pathname);
  const bytes = await readFile(join(site, path));
  return { path, raw: bytes.length, gz: gz(bytes) };
}

/** A fresh page of the version, throttled; returns helpers to type and read timings. */
async function openSearch(throttle, path = ARTICLE) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  await page.goto(`${server.url}${path}`);
  await page.waitForLoadState("load");
  const before = new Set();
  const after = [];
  let focused = false;
  const isSearch = (u) => u.includes("/_search/") || /\/_assets\/search\.[0-9a-f]+\.js$/.test(u);
  page.on("request", (r) => {
    if (!isSearch(r.url())) return;
    if (focused) after.push(r.url());
    else before.add(r.url());
  });
  await page.evaluate(() => {
    window.searchTimes = [];
    document.querySelector("form.search").addEventListener("search-results", (e) => {
      const d = e.detail;
      requestAnimationFrame(() =>
        setTimeout(() => window.searchTimes.push({ query: d.query, results: d.results, dom: d.ms, frame: performance.now() - d.started })),
      );
    });
  });
  focused = true;
  const t0 = Date.now();
  await page.focus("#hs-search-input");
  await page.waitForFunction(() => document.querySelector("form.search").dataset.searchReady === "ready");
  const ready = Date.now() - t0;
  const searchedBefore = [...before];
  return { context, page, after, ready, searchedBefore };
}

async function typeSlowly(page, text) {
  const times = [];
  for (const ch of text) {
    const n = await page.evaluate(() => window.searchTimes.length);
    await page.keyboard.type(ch);
    await page.waitForFunction((n) => window.searchTimes.length > n, n, { timeout: 20000 });
    times.push(await page.evaluate(() => window.searchTimes[window.searchTimes.length - 1]));
    await page.waitForTimeout(60);
  }
  return times;
}

async function clear(page) {
  const n = await page.evaluate(() => window.searchTimes.length);
  await page.fill("#hs-search-input", "");
  await page.waitForFunction((n) => window.searchTimes.length > n, n);
}

function table(times) {
  return times
    .map((t) => `    ${JSON.stringify(t.query).padEnd(16)} ${String(t.results).padStart(2)} results  dom ${t.dom.toFixed(1).padStart(6)} ms  frame ${t.frame.toFixed(1).padStart(6)} ms`)
    .join("\n");
}

// First query, typed key by key, on a fresh page: what it transfers, and each keystroke's latency.
{
  const { context, page, after, ready, searchedBefore } = await openSearch(THROTTLE);
  const times = await typeSlowly(page, QUERY);
  const files = await Promise.all([...new Set(after)].map(sizeOf));
  const total = files.reduce((s, f) => s + f.gz, 0);
  const totalRaw = files.reduce((s, f) => s + f.raw, 0);
  console.log(`\nFirst query ${JSON.stringify(QUERY)}, typed key by key on a fresh article page (${ARTICLE}), CPU throttled ${THROTTLE}x, 390x844:`);
  console.log(`  before the box is focused, search requests: ${searchedBefore.length}`);
  console.log(`  focus -> search ready: ${ready} ms (module + manifest)`);
  console.log(`  transferred: ${kb(total)} gzipped (${kb(totalRaw)} raw) in ${files.length} files`);
  for (const f of files) console.log(`    ${f.path.padEnd(48)} ${kb(f.raw).padStart(9)} raw ${kb(f.gz).padStart(9)} gz`);
  console.log(`  per keystroke:\n${table(times)}`);
  const doms = times.map((t) => t.dom);
  const frames = times.map((t) => t.frame);
  console.log(`  dom: median ${median(doms).toFixed(1)} ms, max ${Math.max(...doms).toFixed(1)} ms; frame: median ${median(frames).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms`);

  await clear(page);
  const warm = await typeSlowly(page, QUERY);
  const wd = warm.map((t) => t.dom);
  const wf = warm.map((t) => t.frame);
  console.log(`  typed again on the same page (index files already loaded): dom median ${median(wd).toFixed(1)} ms, max ${Math.max(...wd).toFixed(1)} ms; frame max ${Math.max(...wf).toFixed(1)} ms`);
  await context.close();
}

// The same on the version's home page.
{
  const { context, page } = await openSearch(THROTTLE, HOME);
  const times = await typeSlowly(page, QUERY);
  const doms = times.map((t) => t.dom);
  const frames = times.map((t) => t.frame);
  console.log(`\nThe same typed on the home page (${HOME}, every article listed): dom median ${median(doms).toFixed(1)} ms, max ${Math.max(...doms).toFixed(1)} ms; frame median ${median(frames).toFixed(1)} ms, max ${Math.max(...frames).toFixed(1)} ms`);
  await context.close();
}

// First query pasted at once: one search, fewer files.
{
  const { context, page, after } = await openSearch(THROTTLE);
  await page.fill("#hs-search-input", QUERY);
  await page.waitForFunction((q) => window.searchTimes.some((t) => t.query === q), QUERY);
  const t = await page.evaluate(() => window.searchTimes[window.searchTimes.length - 1]);
  const files = await Promise.all([...new Set(after)].map(sizeOf));
  console.log(`\nFirst query ${JSON.stringify(QUERY)} pasted at once: ${kb(files.reduce((s, f) => s + f.gz, 0))} gzipped in ${files.length} files; ${t.results} results, dom ${t.dom.toFixed(1)} ms, frame ${t.frame.toFixed(1)} ms (throttled ${THROTTLE}x, fetches included)`);
  await context.close();
}

// Other queries, each typed on a fresh page.
console.log(`\nOther queries, typed key by key on a fresh page each, throttled ${THROTTLE}x:`);
for (const q of OTHER_QUERIES) {
  const { context, page, after } = await openSearch(THROTTLE);
  const times = await typeSlowly(page, q);
  const files = await Promise.all([...new Set(after)].map(sizeOf));
  const doms = times.map((t) => t.dom);
  const frames = times.map((t) => t.frame);
  const last = times[times.length - 1];
  console.log(
    `  ${JSON.stringify(q).padEnd(26)} ${String(last.results).padStart(2)} results; transferred ${kb(files.reduce((s, f) => s + f.gz, 0)).padStart(9)} gz; dom median ${median(doms).toFixed(1)} ms, max ${Math.max(...doms).toFixed(1)} ms; frame max ${Math.max(...frames).toFixed(1)} ms`,
  );
  if (process.env.VERBOSE) console.log(table(times));
  await context.close();
}

await browser.close();
await server.close();
