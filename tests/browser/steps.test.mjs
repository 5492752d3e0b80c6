// Step links in a real browser: opening an article at a step highlights it and scrolls it into view, and the
// version switcher lands on the same step in the other version, even where it has another number.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser } from "./lib.mjs";

const site = process.env.HELPSITE_SITE || "site";
let server, browser;

before(async () => {
  server = await startServer(site);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function stepState(page, id) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    const li = el.closest("li.step");
    const plain = [...document.querySelectorAll("li.step")].find((s) => s !== li && !s.matches(":target"));
    const r = li.getBoundingClientRect();
    return {
      stepId: li.id,
      highlighted: getComputedStyle(li).backgroundColor !== getComputedStyle(plain).backgroundColor,
      inView: r.top >= 0 && r.top < window.innerHeight,
      text: li.textContent,
    };
  }, id);
}

for (const [name, viewport] of [["desktop", { width: 1280, height: 800 }], ["phone", { width: 390, height: 844 }]]) {
  test(`an article opened at #step-6 highlights step 6 and shows it (${name})`, async () => {
    const page = await browser.newPage({ viewport });
    await page.goto(`${server.url}/v100/email/connect-gmail-app-password/#step-6`);
    await page.waitForLoadState("load");
    const s = await stepState(page, "step-6");
    assert.equal(s.stepId, "step-6");
    assert.ok(s.highlighted, "step 6 has the target highlight");
    assert.ok(s.inView, "step 6 is scrolled into view");
    assert.match(s.text, /App passwords/);
    await page.close();
  });
}

test("a step opened by its name is highlighted like one opened by its number", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/v100/email/connect-gmail-app-password/#open-app-passwords`);
  const s = await stepState(page, "open-app-passwords");
  assert.equal(s.stepId, "step-6");
  assert.ok(s.highlighted);
  await page.close();
});

test("the version switcher lands on the same step in the other version, renumbered", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/v100/email/connect-gmail-app-password/#step-6`);
  await page.click(".version-switcher summary");
  await Promise.all([page.waitForURL(/\/current\/email\/connect-gmail-app-password\//), page.click(".version-switcher a[data-map]")]);
  const url = new URL(page.url());
  assert.equal(url.hash, "#open-app-passwords", "mapped by the step's name");
  const s = await stepState(page, "open-app-passwords");
  assert.equal(s.stepId, "step-5", "in the current edition the same step is number 5");
  assert.ok(s.highlighted);
  assert.ok(s.inView);
  await page.close();
});

test("the footer's link to the other version keeps the step too, by the switcher's map", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/v100/email/connect-gmail-app-password/#step-6`);
  const footerLink = page.locator('.site-footer a[href*="/current/"]');
  assert.equal(await footerLink.count(), 1);
  assert.equal(await footerLink.getAttribute("data-map"), null, "the footer carries no map of its own");
  await Promise.all([page.waitForURL(/\/current\/email\/connect-gmail-app-password\//), footerLink.click()]);
  assert.equal(new URL(page.url()).hash, "#open-app-passwords");
  // A step whose name is the same in both editions keeps its name.
  await page.goto(`${server.url}/v100/email/connect-gmail-app-password/#open-app-passwords`);
  await page.click(".version-switcher summary");
  await Promise.all([page.waitForURL(/\/current\//), page.click(".version-switcher a[data-map]")]);
  assert.equal(new URL(page.url()).hash, "#open-app-passwords");
  await page.close();
});

test("switching from a step that no longer exists opens the top of the article", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/v100/email/connect-gmail-app-password/#select-app`);
  await page.click(".version-switcher summary");
  await Promise.all([page.waitForURL(/\/current\//), page.click(".version-switcher a[data-map]")]);
  assert.equal(new URL(page.url()).hash, "");
  await page.close();
});

test("the copy button copies the published address of the step", async () => {
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  const page = await context.newPage();
  await page.goto(`${server.url}/current/email/connect-gmail-app-password/`);
  const button = page.locator("#step-5 .step-copy");
  await button.click();
  await page.waitForFunction(() => document.querySelector("#step-5 .step-copy").textContent === "Copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, "https://help.smartertrack.example/latest/email/connect-gmail-app-password/#open-app-passwords");
  await context.close();
});

test("an old version shows a banner that leads to the latest edition at the same step", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/v100/email/connect-gmail-app-password/#enter-exactly`);
  const banner = page.locator(".version-banner a");
  await Promise.all([page.waitForURL(/\/latest\//), banner.click()]);
  assert.equal(new URL(page.url()).hash, "#enter-exactly");
  await page.close();
});
