// The app-password checker in the built Gmail article, in a real browser: typing and pasting give
// the right verdict, highlights and formatted password; the copy button copies it; typing makes no
// network request and writes nothing to storage or the console; the field clears on pagehide; and
// without JavaScript the rule is there as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser } from './lib.mjs';

const site = process.env.HELPSITE_SITE || 'site';
const ARTICLES = ['v100/email/connect-gmail-app-password/', 'current/email/connect-gmail-app-password/'];
const missing = ARTICLES.filter((a) => !existsSync(join(site, a, 'index.html')));
const skip = missing.length
  ? `the built site is not at ${site}/ (missing ${missing.join(', ')}): build it first, e.g. cargo run -- build, or set HELPSITE_SITE`
  : false;

let server, browser;
before(async () => {
  if (skip) return;
  server = await startServer(site);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens an article with clipboard access; collects console output, page errors and requests. */
async function open(article, options = {}) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, ...options });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  const seen = { console: [], errors: [], requests: [] };
  page.on('console', (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('request', (r) => seen.requests.push(r.url()));
  await page.goto(`${server.url}/${article}`);
  return { context, page, seen };
}

async function ready(page) {
  await page.waitForSelector('.hs-widget-ui:not([hidden])', { timeout: 10000 });
}

/** Pastes `text` into the field as a user would: through the clipboard and Ctrl+V. */
async function paste(page, text) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.focus('.hs-widget-input');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}

async function state(page) {
  return page.evaluate(() => {
    const w = document.querySelector('.hs-widget');
    const q = (s) => w.querySelector(s);
    return {
      status: w.dataset.status,
      value: q('.hs-widget-input').value,
      type: q('.hs-widget-input').type,
      verdict: q('.hs-widget-verdict').innerText.trim(),
      marks: [...q('.hs-widget-echo').querySelectorAll('mark')].map((m) => [m.className, m.textContent]),
      markers: [...q('.hs-widget-echo').querySelectorAll('.hs-echo-char')].map((m) => m.textContent),
      echoShown: !q('.hs-widget-echo-box').hidden,
      fixed: q('.hs-widget-fixed-box').hidden ? null : q('.hs-widget-fixed').textContent,
      changed: [...q('.hs-widget-fixed').querySelectorAll('mark')].map((m) => m.textContent),
      copyEnabled: !q('.hs-widget-copy').disabled,
      copied: q('.hs-widget-copied').textContent,
    };
  });
}

for (const article of ARTICLES) {
  test(`the checker replaces the rule text once ready, and typing loads nothing (${article})`, { skip }, async () => {
    const { context, page, seen } = await open(article);
    await ready(page);
    assert.equal(await page.isVisible('.hs-widget-rule'), false, 'rule text hidden once the checker works');
    assert.ok(seen.requests.some((u) => u.endsWith('.wasm')), 'the wasm was loaded');
    // Bring the widget into view first: the article's lazy images near it load then, not while typing.
    await page.locator('.hs-widget').scrollIntoViewIfNeeded();
    await page.waitForLoadState('networkidle');
    const before = seen.requests.length;
    await page.click('.hs-widget-input');
    await page.keyboard.type('abcd efgh ijkl mnop', { delay: 5 });
    await page.keyboard.press('Backspace');
    await page.keyboard.type('P');
    await paste(page, ' abcd\u00a0efgh ijkl mnop ');
    await page.click('.hs-widget-toggle');
    assert.deepEqual(seen.requests.slice(before), [], 'no request while typing, pasting or toggling');
    assert.deepEqual(seen.console, [], 'nothing on the console');
    assert.deepEqual(seen.errors, []);
    await context.close();
  });

  test(`typing the canonical form says it is right (${article})`, { skip }, async () => {
    const { context, page } = await open(article);
    await ready(page);
    await page.click('.hs-widget-input');
    await page.keyboard.type('abcd efgh ijkl mnop');
    const s = await state(page);
    assert.equal(s.status, 'valid');
    assert.match(s.verdict, /^Right format/);
    assert.deepEqual(s.marks, []);
    assert.equal(s.echoShown, false);
    assert.equal(s.fixed, null);
    assert.ok(s.copyEnabled);
    await context.close();
  });
}

const article = ARTICLES[0];

test('a paste with a trailing space and a no-break space is fixable, shown, and copies the formatted form', { skip }, async () => {
  const { context, page } = await open(article);
  await ready(page);
  await paste(page, 'abcd\u00a0efgh ijkl mnop ');
  let s = await state(page);
  assert.equal(s.value, 'abcd\u00a0efgh ijkl mnop ');
  assert.equal(s.status, 'fixable');
  assert.match(s.verdict, /^Nearly right/);
  assert.match(s.verdict, /A no-break space instead of an ordinary space\./);
  assert.match(s.verdict, /Extra space after the password\./);
  assert.deepEqual(s.markers, ['NBSP']);
  assert.deepEqual(s.marks, [
    ['hs-echo-fix', 'NBSP'],
    ['hs-echo-fix', ' '],
  ]);
  assert.equal(s.fixed, '•••• •••• •••• ••••', 'masked while the field is');
  await page.click('.hs-widget-toggle');
  s = await state(page);
  assert.equal(s.type, 'text');
  assert.equal(s.fixed, 'abcd efgh ijkl mnop');
  await page.click('.hs-widget-copy');
  await page.waitForFunction(() => document.querySelector('.hs-widget-copied').textContent !== '');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'abcd efgh ijkl mnop');
  assert.match((await state(page)).copied, /^Copied/);
  await context.close();
});

test('spaces lost in copying and invisible characters are marked and fixed', { skip }, async () => {
  const { context, page } = await open(article);
  await ready(page);
  await page.click('.hs-widget-toggle');
  await paste(page, '\ufeffabcdefgh\u200bijkl mnop');
  const s = await state(page);
  assert.equal(s.status, 'fixable');
  assert.match(s.verdict, /Spaces missing/);
  assert.match(s.verdict, /byte-order mark/);
  assert.match(s.verdict, /zero-width space/);
  assert.deepEqual(s.markers, ['BOM', 'ZWSP']);
  // Neighbouring ranges of one severity show as one highlight: BOM, the run without spaces, ZWSP.
  assert.deepEqual(s.marks, [['hs-echo-fix', 'BOMabcdefghZWSPijkl']]);
  assert.equal(s.fixed, 'abcd efgh ijkl mnop');
  await context.close();
});

test('a capitalised first letter is a warning that shows the change before copying', { skip }, async () => {
  const { context, page } = await open(article);
  await ready(page);
  await page.click('.hs-widget-toggle');
  await page.click('.hs-widget-input');
  await page.keyboard.type('Abcd efgh ijkl mnop');
  const s = await state(page);
  assert.equal(s.status, 'warning');
  assert.match(s.verdict, /^Check before you copy/);
  assert.match(s.verdict, /Capital letter/);
  assert.deepEqual(s.marks, [['hs-echo-warn', 'A']]);
  assert.equal(s.fixed, 'abcd efgh ijkl mnop');
  assert.deepEqual(s.changed, ['a'], 'the letter that changes is marked');
  assert.ok(s.copyEnabled);
  await context.close();
});

test('look-alike letters and digits are invalid, highlighted, and cannot be copied', { skip }, async () => {
  const { context, page } = await open(article);
  await ready(page);
  await page.click('.hs-widget-toggle');
  await paste(page, '\u0430bcd efgh ijkl mn0p');
  const s = await state(page);
  assert.equal(s.status, 'invalid');
  assert.match(s.verdict, /^This is not an app password yet/);
  assert.match(s.verdict, /Cyrillic letter/);
  assert.match(s.verdict, /A digit/);
  assert.deepEqual(s.marks, [
    ['hs-echo-bad', '\u0430'],
    ['hs-echo-bad', '0'],
  ]);
  assert.equal(s.fixed, null);
  assert.equal(s.copyEnabled, false);
  await context.close();
});

test('masked bullets, a double paste and an account password are each explained', { skip }, async () => {
  const { context, page } = await open(article);
  await ready(page);
  for (const [input, message] of [
    ['\u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022', /These dots hide a password/],
    ['abcd efgh ijkl mnop abcd efgh ijkl mnop', /more than once/],
    ['Summer2024!', /ordinary account password/],
    ['"abcd efgh ijkl mnop"', /Quotation mark/],
  ]) {
    await paste(page, input);
    const s = await state(page);
    assert.match(s.verdict, message, input);
  }
  await context.close();
});

test('the checker works by keyboard alone', { skip }, async () => {
  const { context, page } = await open(article);
  await ready(page);
  await page.focus('.hs-widget-input');
  await page.keyboard.type('abcd efgh ijkl mnop ');
  await page.keyboard.press('Enter'); // must not submit or reload anything
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'hs-widget-toggle');
  await page.keyboard.press('Enter');
  assert.equal((await state(page)).type, 'text');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'hs-widget-copy');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('.hs-widget-copied').textContent !== '');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'abcd efgh ijkl mnop');
  assert.equal((await state(page)).value, 'abcd efgh ijkl mnop ', 'still on the page, nothing submitted');
  await context.close();
});

test('nothing is stored, and the field and echo are cleared when the page is hidden', { skip }, async () => {
  const { context, page } = await open(article);
  await ready(page);
  await page.click('.hs-widget-toggle');
  await paste(page, 'abcd efgh ijkl mnop\u00a0');
  const stored = await page.evaluate(async () => ({
    cookie: document.cookie,
    local: localStorage.length,
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).length,
  }));
  assert.deepEqual(stored, { cookie: '', local: 0, session: 0, databases: 0 });
  assert.deepEqual((await context.cookies()).length, 0);
  await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
  const s = await state(page);
  assert.equal(s.value, '');
  assert.equal(s.type, 'password');
  assert.equal(s.verdict, '');
  assert.equal(await page.evaluate(() => document.querySelector('.hs-widget-echo').textContent), '');
  await context.close();
});

for (const article of ARTICLES) {
  test(`without JavaScript the rule is there as text (${article})`, { skip }, async () => {
    const { context, page, seen } = await open(article, { javaScriptEnabled: false });
    assert.ok(await page.isVisible('.hs-widget-rule'));
    assert.match(await page.innerText('.hs-widget-rule'), /16 letters.*four groups of four/s);
    assert.equal(await page.isVisible('.hs-widget-ui'), false, 'the checker stays hidden');
    assert.equal(seen.requests.filter((u) => u.endsWith('.wasm')).length, 0);
    await context.close();
  });
}
