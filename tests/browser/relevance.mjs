// The search relevance set (tests/fixtures/search-relevance/): builds its site, runs every query through the search
// box of a page in Chromium as a reader would (the words pasted, the last one still "being typed"), and scores the
// links the box offers. Shared by tests/browser/search-relevance.test.mjs and scripts/search-report --relevance.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFixtureSite } from './lib.mjs';

export const FIXTURE = 'tests/fixtures/search-relevance';

export function loadQueries() {
  return JSON.parse(readFileSync(join(FIXTURE, 'queries.json'), 'utf8'));
}

/** The shipped content with the fixture's articles added: `{ root, site }`; throws when the build fails. */
export function buildRelevanceSite() {
  const { root, out } = buildFixtureSite('helpsite-relevance-', ['content', join(FIXTURE, 'content')]);
  if (out.status !== 0) throw new Error(`the relevance site did not build:\n${out.stdout}\n${out.stderr}`);
  return { root, site: join(root, 'site') };
}

/**
 * Types each query into the search box of `url` (a page of the set's version) and returns, per query, the links the
 * results offer, in order, as `category/slug/#anchor` (the anchor empty for an article).
 */
export async function runQueries(browser, url, queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.evaluate(() => {
    window.searchLog = [];
    document.querySelector('form.search').addEventListener('search-results', (e) => window.searchLog.push(e.detail.query));
  });
  await page.focus('#hs-search-input');
  await page.waitForFunction(() => document.querySelector('form.search').dataset.searchReady === 'ready');
  const out = [];
  for (const { query } of queries) {
    const n = await page.evaluate(() => window.searchLog.length);
    await page.fill('#hs-search-input', query);
    await page.waitForFunction(([q, n]) => window.searchLog.slice(n).includes(q), [query, n]);
    const links = await page.evaluate(() => {
      const home = new URL(document.querySelector('form.search').dataset.home, document.baseURI).href;
      const popup = document.querySelector('.search-popup');
      if (popup.hidden) return [];
      return [...document.querySelectorAll('form.search [role=option]')].map((o) =>
        o.dataset.href.startsWith(home) ? o.dataset.href.slice(home.length) : o.dataset.href,
      );
    });
    out.push({ query, links });
  }
  await context.close();
  return out;
}

/** 1-based rank of the first entry of `list` that `hit` accepts; 0 when none does. */
function rankOf(list, hit) {
  const i = list.findIndex(hit);
  return i + 1;
}

/**
 * Scores the answers of `runQueries` against the set: per query the rank of its article (among the distinct articles
 * offered, in order) and of its step or heading (among all links offered); MRR and hit@k for both.
 */
export function score(queries, answers) {
  const rows = queries.map((q, i) => {
    const links = answers[i].links;
    const articles = [...new Set(links.map((l) => l.split('/#')[0].replace(/\/$/, '')))];
    const articleRank = rankOf(articles, (a) => a === q.article);
    const unitRank = q.anchor ? rankOf(links, (l) => l === `${q.article}/#${q.anchor}`) : null;
    return { ...q, links, articleRank, unitRank };
  });
  const summary = (ranks) => ({
    n: ranks.length,
    mrr: ranks.reduce((s, r) => s + (r ? 1 / r : 0), 0) / Math.max(1, ranks.length),
    hit1: ranks.filter((r) => r === 1).length,
    hit3: ranks.filter((r) => r >= 1 && r <= 3).length,
  });
  return {
    rows,
    articles: summary(rows.map((r) => r.articleRank)),
    units: summary(rows.filter((r) => r.unitRank !== null).map((r) => r.unitRank)),
    empty: rows.filter((r) => r.links.length === 0).map((r) => r.query),
  };
}

/** The figures as lines of text. */
export function report(s) {
  const f = (x) => `MRR ${x.mrr.toFixed(2)}, hit@1 ${x.hit1}/${x.n}, hit@3 ${x.hit3}/${x.n}`;
  return [
    `articles (${s.articles.n} queries): ${f(s.articles)}`,
    `steps and headings (${s.units.n} queries): ${f(s.units)}`,
    `queries with no result: ${s.empty.length}${s.empty.length ? ` (${s.empty.join('; ')})` : ''}`,
  ];
}
