// A step link whose step moved since it was sent, in a real browser, on the shipped site: the ledger
// (content/links.lock) recorded SmarterTrack 100's numbering when it was the latest version, so
// /latest/...#step-6 meant "Next Click App passwords.", which is step 5 of the current edition. The page says so above
// the steps, its link lands on the right step, the notice is announced (a live region) and reachable by keyboard; a
// fragment that matches nothing gets a notice too; a step that only the older version has links there.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, watchedPage } from "./lib.mjs";

const site = process.env.HELPSITE_SITE || "site";
const PAGE = "/latest/email/connect-gmail-app-password/";
let server, browser;

before(async () => {
  server = await startServer(site);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function notice(page) {
  return page.evaluate(() => {
    const n = document.querySelector(".step-notice");
    const r = n.getBoundingClientRect();
    return {
      role: n.getAttribute("role"),
      text: n.textContent,
      shown: n.classList.contains("shown") && r.height > 0,
      inView: r.top >= 0 && r.bottom <= window.innerHeight,
      focused: document.activeElement === n,
      beforeSteps: !!(n.nextElementSibling && n.nextElementSibling.matches("ol.steps")),
    };
  });
}

for (const [name, viewport] of [["desktop", { width: 1280, height: 800 }], ["phone", { width: 390, height: 844 }]]) {
  test(`an old #step-6 of /latest/ says the steps were renumbered and its link lands on step 5 (${name})`, async () => {
    const context = await browser.newContext({ viewport });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}${PAGE}#step-6`);
    await page.waitForLoadState("load");
    const n = await notice(page);
    assert.equal(n.role, "status", "a live region, announced politely");
    assert.ok(n.shown && n.inView && n.beforeSteps, JSON.stringify(n));
    assert.match(n.text, /^Steps were renumbered since 2026-11-01\. Looking for “Next Click App passwords”\? It is now step 5\.$/);
    // Keyboard: the notice has focus, so Tab reaches its link first; Enter follows it.
    assert.ok(n.focused, "the notice takes focus");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "step 5");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => location.hash === "#open-app-passwords");
    const landed = await page.evaluate(() => {
      const li = document.getElementById("open-app-passwords").closest("li.step");
      return { id: li.id, text: li.textContent, highlighted: getComputedStyle(li).backgroundColor !== getComputedStyle(document.getElementById("step-1")).backgroundColor };
    });
    assert.equal(landed.id, "step-5");
    assert.match(landed.text, /Open the App passwords page/);
    assert.ok(landed.highlighted, "the step it now is, highlighted");
    const after = await notice(page);
    assert.equal(after.text, "", "the notice goes once the reader is at a step that is there");
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("a fragment that matches nothing on the page gets a notice instead of silence", async () => {
  const context = await browser.newContext();
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}${PAGE}#step-10x`);
  const n = await notice(page);
  assert.ok(n.shown, JSON.stringify(n));
  assert.match(n.text, /This page has no step or section called “step-10x”/);
  // A step of the page itself needs no notice.
  await page.goto(`${server.url}${PAGE}#generate`);
  assert.equal((await notice(page)).text, "");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a step only the older version has links to it there, where it lands", async () => {
  const context = await browser.newContext();
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}${PAGE}#2sv-enabled`);
  const n = await notice(page);
  assert.match(n.text, /The step “After you enable 2-Step Verification it should look like this:” is not in this edition of the article\. It is still in SmarterTrack 100 \(2022\)\./);
  await page.click(".step-notice a");
  await page.waitForURL(/\/v100\/email\/connect-gmail-app-password\/#2sv-enabled$/);
  assert.equal(await page.evaluate(() => document.getElementById("2sv-enabled").closest("li.step").id), "step-5");
  assert.equal((await notice(page)).text, "", "v100's own page has that step: no notice there");
  assert.deepEqual(problems, []);
  await context.close();
});
