// The language switcher in a real browser: it lands on the same article at the same step in the other language, by
// mouse and by keyboard, on a desktop and on a phone; an untranslated article says so in the reader's language.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, watchedPage } from "./lib.mjs";

const site = process.env.HELPSITE_SITE || "site";
const ARTICLE = "/current/email/connect-gmail-app-password/";
let server, browser;

before(async () => {
  server = await startServer(site);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path, viewport) {
  const context = await browser.newContext({ viewport });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}${path}`);
  await page.waitForLoadState("load");
  return { context, page, problems };
}

async function target(page) {
  return page.evaluate(() => {
    const id = decodeURIComponent(location.hash.slice(1));
    const li = document.getElementById(id)?.closest("li.step");
    const r = li?.getBoundingClientRect();
    return { lang: document.documentElement.lang, step: li?.id, inView: !!r && r.top >= 0 && r.top < innerHeight };
  });
}

for (const [name, viewport] of [["desktop", { width: 1280, height: 800 }], ["phone", { width: 390, height: 844 }]]) {
  test(`the language switcher opens the German article at the step the reader is on (${name})`, async () => {
    const { context, page, problems } = await open(`${ARTICLE}#step-6`, viewport);
    await page.click(".language-switcher summary");
    const box = await page.evaluate(() => {
      const r = document.querySelector(".language-switcher ul").getBoundingClientRect();
      return { left: r.left, right: r.right, width: innerWidth };
    });
    assert.ok(box.left >= 0 && box.right <= box.width, `the menu is inside the screen: ${JSON.stringify(box)}`);
    await Promise.all([page.waitForURL(/\/de\/current\/email\/connect-gmail-app-password\//), page.click(".language-switcher a[hreflang=de]")]);
    assert.equal(new URL(page.url()).hash, "#name-app-password", "mapped from the step's number to its name");
    const t = await target(page);
    assert.equal(t.lang, "de");
    assert.equal(t.step, "step-6");
    assert.ok(t.inView, "the step is scrolled into view");
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("the language switcher works from the keyboard and back to English by the step's name", async () => {
  const { context, page, problems } = await open(`/de${ARTICLE}#open-app-passwords`, { width: 390, height: 844 });
  await page.focus(".language-switcher summary");
  await page.keyboard.press("Enter");
  assert.ok(await page.evaluate(() => document.querySelector(".language-switcher details").open));
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("hreflang")), "en");
  await Promise.all([page.waitForURL(new RegExp(`^${server.url}${ARTICLE}`)), page.keyboard.press("Enter")]);
  assert.equal(new URL(page.url()).hash, "#open-app-passwords");
  const t = await target(page);
  assert.equal(t.lang, "en");
  assert.equal(t.step, "step-5");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the language menu closes on Escape, back on its button", async () => {
  const { context, page } = await open(ARTICLE, { width: 390, height: 844 });
  await page.focus(".language-switcher summary");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
  assert.ok(!(await page.evaluate(() => document.querySelector(".language-switcher details").open)));
  assert.ok(await page.evaluate(() => document.activeElement.matches(".language-switcher summary")));
  await context.close();
});

test("an untranslated article in the German tree says so in German and keeps its English text marked English", async () => {
  const { context, page, problems } = await open("/de/current/email/gmail-pop-smtp-settings/", { width: 390, height: 844 });
  const s = await page.evaluate(() => ({
    notice: document.querySelector(".language-fallback")?.textContent,
    articleLang: document.querySelector("article.article").lang,
    robots: document.querySelector('meta[name="robots"]')?.content,
  }));
  assert.match(s.notice, /noch nicht übersetzt/);
  assert.equal(s.articleLang, "en");
  assert.equal(s.robots, "noindex");
  assert.deepEqual(problems, []);
  await context.close();
});
