// The search box's results in Chromium, on the shipped content with one more article (tests/fixtures/search-ui/):
// one row per article with its other matching steps under it, no "See also" or "Related articles" section as a
// result, rows that would read the same told apart by their heading, no version label when all rows are of one
// version, a status that always speaks of what is in the box, and focus on the step a result opens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer, launchBrowser, buildFixtureSite, watchedPage } from './lib.mjs';

let root, server, browser;

before(async () => {
  const built = buildFixtureSite('helpsite-search-ui-', ['content', 'tests/fixtures/search-ui/content']);
  root = built.root;
  assert.equal(built.out.status, 0, `${built.out.stdout}\n${built.out.stderr}`);
  server = await startServer(`${root}/site`);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function openSearch(path = '/current/') {
  const context = await browser.newContext();
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}${path}`);
  await page.evaluate(() => {
    window.searchLog = [];
    document.querySelector('form.search').addEventListener('search-results', (e) => window.searchLog.push(e.detail.query));
  });
  await page.focus('#hs-search-input');
  await page.waitForFunction(() => document.querySelector('form.search').dataset.searchReady === 'ready');
  return { context, page, problems };
}

/** Types `text` key by key; after each key, once its search is done, calls `each(boxValue)`. */
async function typeKeys(page, text, each = async () => {}) {
  for (const ch of text) {
    const n = await page.evaluate(() => window.searchLog.length);
    await page.keyboard.type(ch);
    await page.waitForFunction((n) => window.searchLog.length > n, n);
    await each(await page.inputValue('#hs-search-input'));
  }
}

async function search(page, query) {
  const n = await page.evaluate(() => window.searchLog.length);
  await page.fill('#hs-search-input', query);
  await page.waitForFunction(([q, n]) => window.searchLog.slice(n).includes(q), [query, n]);
  return page.$$eval('#hs-search-results [role=option]', (options) =>
    options.map((o) => ({
      href: new URL(o.dataset.href).pathname + new URL(o.dataset.href).hash,
      sub: o.classList.contains('search-result-sub'),
      title: o.querySelector('.search-result-title')?.textContent ?? null,
      text: o.textContent,
      label: o.getAttribute('aria-label'),
      heading: o.querySelector('.search-result-heading')?.textContent ?? null,
      version: o.querySelector('.search-result-version')?.textContent ?? null,
    })),
  );
}

test('each article is one row, with its other matching steps under it', async () => {
  const { context, page, problems } = await openSearch();
  const rows = await search(page, 'app password');
  assert.ok(rows.length > 1);
  const firsts = rows.filter((r) => !r.sub).map((r) => r.href.split('#')[0]);
  assert.equal(new Set(firsts).size, firsts.length, `an article is one row: ${firsts.join(', ')}`);
  assert.ok(!rows[0].sub, 'the list starts with an article');
  for (const [i, r] of rows.entries()) {
    if (!r.sub) {
      assert.ok(r.title, `${r.href} shows its article's title`);
      continue;
    }
    const owner = rows.slice(0, i).findLast((o) => !o.sub);
    assert.equal(r.href.split('#')[0], owner.href.split('#')[0], `${r.href} is under its own article`);
    assert.equal(r.title, null, 'a row under an article does not repeat the title');
    assert.ok(r.label.startsWith(`${owner.title}: `), `but says it to a screen reader: ${r.label}`);
  }
  assert.ok(rows.some((r) => r.sub), `some article has more than one matching step: ${rows.map((r) => r.href).join(', ')}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('"See also" and "Related articles" sections are never results, though their links name the words', async () => {
  const { context, page } = await openSearch();
  for (const q of ['gmail pop smtp settings', 'troubleshooting gmail app passwords', 'related articles', 'see also']) {
    const rows = await search(page, q);
    for (const r of rows) assert.ok(!/#(see-also|related-articles)$/.test(r.href), `${q}: ${r.href}`);
  }
  await context.close();
});

test('steps that read the same say which heading each is under', async () => {
  const { context, page } = await openSearch();
  const rows = await search(page, 'write new message');
  const same = rows.filter((r) => /Click Write to start a new message/.test(r.text));
  assert.equal(same.length, 2, rows.map((r) => r.text).join('\n'));
  assert.deepEqual(same.map((r) => r.heading).sort(), ['under From Apple Mail', 'under From Thunderbird']);
  const other = await search(page, 'apple mail');
  assert.ok(other.length > 0);
  assert.ok(other.every((r) => r.heading === null), 'a row unlike the others shows no heading');
  await context.close();
});

test('rows of one version show no version label; the box names the version', async () => {
  const { context, page } = await openSearch();
  const rows = await search(page, 'app password');
  assert.ok(rows.length > 0);
  assert.ok(rows.every((r) => r.version === null), rows.map((r) => r.version).join(', '));
  assert.equal(await page.textContent('label[for=hs-search-input]'), 'Search Current release');
  await context.close();
});

test('the status always speaks of what is in the box, also when the list stays the same', async () => {
  const { context, page } = await openSearch();
  const said = [];
  await typeKeys(page, 'gmail headerzzz', async (value) => {
    const status = await page.textContent('form.search [role=status]');
    said.push([value, status]);
  });
  for (const [value, status] of said) {
    if (value.trim().length < 2) continue;
    assert.ok(status.includes(`for ${value.trim()}`), `box "${value}", status "${status}"`);
  }
  assert.match(said[said.length - 1][1], /^Nothing found for gmail headerzzz\.$/);
  await context.close();
});

for (const [kind, anchor] of [
  ['a named step, opened from the search box', 'open-app-passwords'],
  ['a numbered step, opened by its address', 'step-6'],
]) {
  test(`the step a result opens has the focus: ${kind}`, async () => {
    const { context, page } = await openSearch('/v100/');
    if (anchor === 'open-app-passwords') {
      const rows = await search(page, 'app password');
      const at = rows.findIndex((r) => r.href.endsWith('#open-app-passwords'));
      assert.ok(at >= 0, rows.map((r) => r.href).join('\n'));
      for (let i = 0; i <= at; i++) await page.keyboard.press('ArrowDown');
      await Promise.all([page.waitForURL(/#open-app-passwords$/), page.keyboard.press('Enter')]);
    } else {
      await page.goto(`${server.url}/v100/email/connect-gmail-app-password/#${anchor}`);
    }
    await page.waitForLoadState('load');
    await page.waitForFunction(() => document.activeElement?.matches('li.step'));
    const focused = await page.evaluate(() => ({
      step: document.activeElement.id,
      holds: !!document.activeElement.querySelector('#open-app-passwords'),
    }));
    assert.deepEqual(focused, { step: 'step-6', holds: true });
    await context.close();
  });
}
