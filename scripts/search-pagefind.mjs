// scripts/search-report --pagefind: the relevance set (tests/fixtures/search-relevance/) answered by helpsite's search
// box and by Pagefind (the static search most generators recommend) over the same built site, side by side.
//
// Pagefind indexes the built pages of the set's version (`<version>/**/*.html`, each page's <article>), and is asked
// through its own browser API (`pagefind.js`, `search()`, every result's `sub_results`) in the same Chromium. Its
// results are pages with the headings (ids) that match under them, so it can land on a heading but never on a step.
// Each query's links are scored alike (tests/browser/relevance.mjs): an article's rank among the distinct articles
// offered, a step's or heading's among all links offered, the first twelve links of each tool.
//
// PAGEFIND=path/to/pagefind (a binary) or else the npm package `pagefind` at PAGEFIND_VERSION, installed into
// target/pagefind/ on first use.
import { existsSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { startServer, launchBrowser } from '../tests/browser/lib.mjs';
import { buildRelevanceSite, loadQueries, runQueries, score, report } from '../tests/browser/relevance.mjs';

const PAGEFIND_VERSION = '1.6.0';
const ROWS = 12;

function pagefindBinary() {
  if (process.env.PAGEFIND) return process.env.PAGEFIND;
  const bin = 'target/pagefind/node_modules/.bin/pagefind';
  if (!existsSync(bin)) {
    const npm = spawnSync('npm', ['install', '--silent', '--prefix', 'target/pagefind', `pagefind@${PAGEFIND_VERSION}`], {
      stdio: 'inherit',
    });
    if (npm.status !== 0) throw new Error('npm install pagefind failed');
  }
  return bin;
}

/** Pagefind's answer to each query, as links `category/slug/#anchor` relative to the version's home. */
async function pagefindQueries(browser, base, version, queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // A page without the site's Content-Security-Policy: Pagefind's WebAssembly needs 'wasm-unsafe-eval'.
  await page.goto(`${base}/pagefind/pagefind.js`);
  const home = `/${version}/`;
  const out = [];
  for (const { query } of queries) {
    const links = await page.evaluate(
      async ([query, home, rows]) => {
        const pf = (window.pf ||= await import('/pagefind/pagefind.js'));
        const found = await pf.search(query);
        const links = [];
        for (const r of found.results) {
          if (links.length >= rows) break;
          const d = await r.data();
          const path = new URL(d.url, location.href).pathname;
          if (!path.startsWith(home)) continue;
          const article = path.slice(home.length);
          const subs = (d.sub_results || []).filter((s) => s.url.includes('#'));
          if (subs.length === 0) links.push(article);
          for (const s of subs.slice(0, 3)) links.push(`${article}#${s.url.split('#')[1]}`);
        }
        return links.slice(0, rows);
      },
      [query, home, ROWS],
    );
    out.push({ query, links });
  }
  await context.close();
  return out;
}

const bin = pagefindBinary();
const built = buildRelevanceSite();
const set = loadQueries();
const pf = spawnSync(bin, ['--site', built.site, '--glob', `${set.version}/**/*.html`, '--root-selector', 'article', '--quiet'], {
  encoding: 'utf8',
});
if (pf.status !== 0) throw new Error(`pagefind failed:\n${pf.stdout}\n${pf.stderr}`);
const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
const server = await startServer(built.site);
const browser = await launchBrowser();
try {
  const ours = score(set.queries, await runQueries(browser, `${server.url}/${set.version}/`, set.queries));
  const theirs = score(set.queries, await pagefindQueries(browser, server.url, set.version, set.queries));
  console.log(`Search relevance, ${set.queries.length} queries over the shipped content and the fixture's articles`);
  console.log('helpsite:');
  for (const line of report(ours)) console.log(`  ${line}`);
  console.log(`${version} (pages of ${set.version}/, root <article>, results' sub_results as headings):`);
  for (const line of report(theirs)) console.log(`  ${line}`);
  if (process.env.VERBOSE) {
    console.log('\nEvery query (article rank, step rank: helpsite | pagefind):');
    ours.rows.forEach((r, i) => {
      const t = theirs.rows[i];
      const u = (x) => (x.unitRank === null ? '' : ` step ${x.unitRank || '-'}`);
      console.log(`  ${JSON.stringify(r.query).padEnd(44)} ${r.articleRank || '-'}${u(r)} | ${t.articleRank || '-'}${u(t)}`);
    });
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(built.root, { recursive: true, force: true });
}
