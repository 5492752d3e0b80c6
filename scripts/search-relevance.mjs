// scripts/search-report --relevance: builds the relevance set's site (tests/fixtures/search-relevance/) and prints,
// for its queries typed into the search box in Chromium, MRR and hit@1/hit@3 for articles and for steps and
// headings, the queries that found nothing, and (with VERBOSE=1) every query's ranks and first links.
import { rmSync } from 'node:fs';
import { startServer, launchBrowser } from '../tests/browser/lib.mjs';
import { buildRelevanceSite, loadQueries, runQueries, score, report } from '../tests/browser/relevance.mjs';

const built = buildRelevanceSite();
const server = await startServer(built.site);
const browser = await launchBrowser();
try {
  const set = loadQueries();
  const s = score(set.queries, await runQueries(browser, `${server.url}/${set.version}/`, set.queries));
  console.log(`Search relevance: ${set.queries.length} queries over the shipped content and the fixture's articles`);
  for (const line of report(s)) console.log(`  ${line}`);
  const show = process.env.VERBOSE ? s.rows : s.rows.filter((r) => r.articleRank !== 1 || (r.unitRank !== null && r.unitRank !== 1));
  console.log(process.env.VERBOSE ? '\nEvery query:' : '\nQueries not answered first (VERBOSE=1 lists all):');
  for (const r of show) {
    const want = `${r.article}${r.anchor ? `#${r.anchor}` : ''}`;
    const unit = r.unitRank === null ? '' : ` step ${r.unitRank || '-'}`;
    console.log(`  ${JSON.stringify(r.query).padEnd(44)} article ${r.articleRank || '-'}${unit}  want ${want}`);
    console.log(`      got ${r.links.slice(0, 4).join('  ') || '(nothing)'}`);
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(built.root, { recursive: true, force: true });
}
