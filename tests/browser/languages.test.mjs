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

async function germanSearch(page, query) {
  await page.evaluate(() => {
    window.searchLog = [];
    document.querySelector("form.search").addEventListener("search-results", (e) => window.searchLog.push(e.detail.query));
  });
  await page.focus("#hs-search-input");
  await page.waitForFunction(() => document.querySelector("form.search").dataset.searchReady === "ready");
  await page.fill("#hs-search-input", query);
  await page.waitForFunction((q) => window.searchLog.includes(q), query);
  return page.$$eval("#hs-search-results [role=option]", (options) =>
    options.map((o) => ({
      href: new URL(o.dataset.href).pathname + new URL(o.dataset.href).hash,
      marked: [...o.querySelectorAll("mark")].map((m) => m.textContent),
    })),
  );
}

test("German search finds the German article's step by an inflected word, with or without umlauts", async () => {
  const { context, page, problems } = await open("/de/current/", { width: 1280, height: 800 });
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  // The step says "Bestätigung in zwei Schritten"; the reader types the plural.
  let rows = await germanSearch(page, "Bestätigungen");
  assert.equal(rows[0]?.href, `/de${ARTICLE}#enable-2sv`, JSON.stringify(rows));
  assert.ok(rows[0].marked.includes("Bestätigung"), `the inflected form is marked: ${JSON.stringify(rows[0])}`);
  // "Öffnen Sie die Seite „App-Passwörter“", typed without umlauts and with other endings.
  rows = await germanSearch(page, "offnet seite passworter");
  assert.equal(rows[0]?.href, `/de${ARTICLE}#open-app-passwords`, JSON.stringify(rows));
  assert.ok(requests.some((p) => p.startsWith("/_search/de/current/")), "the German index is the one loaded");
  assert.ok(!requests.some((p) => /^\/_search\/(current|v100)\//.test(p)), `no English index: ${requests.join(" ")}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the German page's checker, step links, zoom and search speak German", async () => {
  const { context, page, problems } = await open(`/de${ARTICLE}`, { width: 1280, height: 800 });
  await page.waitForSelector(".hs-widget-ui:not([hidden])", { timeout: 10000 });
  // A password copied without its spaces, with a capital letter and a no-break space.
  await page.fill(".hs-widget-input", "Abcd\u00a0efghijklmnop");
  const widget = await page.evaluate(() => ({
    verdict: document.querySelector(".hs-widget-verdict").innerText,
    toggle: document.querySelector(".hs-widget-toggle").textContent,
    caption: document.querySelector(".hs-widget-fixed-caption").textContent,
  }));
  assert.match(widget.verdict, /^Vor dem Kopieren prüfen/, widget.verdict);
  assert.match(widget.verdict, /Großbuchstabe: App-Passwörter sind ganz in Kleinbuchstaben/, widget.verdict);
  assert.match(widget.verdict, /Ein geschütztes Leerzeichen statt eines normalen Leerzeichens\./, widget.verdict);
  assert.doesNotMatch(widget.verdict, /[Tt]he |password/, `no English left: ${widget.verdict}`);
  assert.equal(widget.toggle, "Anzeigen");
  assert.match(widget.caption, /^Formatiertes Passwort/);
  await page.fill(".hs-widget-input", "abcd efgh");
  const short = await page.locator(".hs-widget-verdict").innerText();
  assert.match(short, /Zu kurz: 8 Buchstaben, wo ein App-Passwort 16 Buchstaben hat\./, short);

  // The copy button beside each step, and the notice for a step that is not there.
  const copy = await page.$eval(".step-copy", (b) => [b.textContent, b.getAttribute("aria-label")]);
  assert.deepEqual(copy, ["Link kopieren", "Link kopieren (Schritt 1)"]);
  await page.evaluate(() => (location.hash = "#no-such-step"));
  await page.waitForFunction(() => document.querySelector(".step-notice.shown"));
  assert.match(await page.locator(".step-notice").innerText(), /^Auf dieser Seite gibt es keinen Schritt/);

  // The zoom's controls.
  await page.click("figure.screenshot > a.zoom");
  await page.waitForSelector("dialog.zoom-dialog[open]");
  const zoom = await page.evaluate(() => [document.querySelector(".zoom-close").getAttribute("aria-label"), document.querySelector(".zoom-toggle").textContent]);
  assert.equal(zoom[0], "Vollbild schließen");
  assert.ok(["Originalgröße", "An Bildschirm anpassen"].includes(zoom[1]), zoom[1]);
  await page.keyboard.press("Escape");

  // Search's spoken summary.
  await germanSearch(page, "Bestätigung");
  const status = await page.locator("form.search [role=status]").textContent();
  assert.match(status, /^\d+ Artikel, \d+ Treffer? für Bestätigung; Pfeiltasten wechseln, Eingabe öffnet\.$/, status);
  assert.deepEqual(problems, []);
  await context.close();
});
