// A help center's export as it is brought (tests/fixtures/imports/zendesk, with its fixes laid over it), in a real
// browser: an article three sections deep shows breadcrumbs with every level, each leading to a page that is there;
// its screenshots load; its attachment link serves the file with its bytes; nothing is blocked by the page's
// Content-Security-Policy and nothing is logged as an error. The site is built here with the helpsite binary
// (HELPSITE_BIN, default the newer of target/release/helpsite and target/debug/helpsite).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startServer, launchBrowser, buildFixtureSite, watchedPage } from "./lib.mjs";

const FIXTURE = "tests/fixtures/imports/zendesk";
const SECTION = "Shipping & Tracking/Labels and Printing/Thermal Printers";
const ARTICLE = "shipping-tracking/labels-and-printing/thermal-printers/set-up-a-thermal-printer/";
// The article itself is not a crumb: its title is the heading right below them.
const CRUMBS = ["Shipping & Tracking", "Labels and Printing", "Thermal Printers"];
let root, server, browser;

before(async () => {
  let out;
  ({ root, out } = buildFixtureSite("helpsite-sections-", [join(FIXTURE, "content"), join(FIXTURE, "fixes/content")]));
  assert.equal(out.status, 0, `the fixed export builds:\n${out.stdout}\n${out.stderr}`);
  server = await startServer(join(root, "site"));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

for (const version of ["latest", "v23"]) {
  test(`an article three sections deep shows every level in its breadcrumbs, each a page that is there (${version})`, async () => {
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context);
    const response = await page.goto(`${server.url}/${version}/${ARTICLE}`);
    assert.equal(response.status(), 200);
    const crumbs = await page.$$eval("nav.breadcrumbs a", (links) => links.map((a) => ({ text: a.textContent.trim(), href: a.href })));
    const home = version === "latest" ? "Parcelwise 2024" : "Parcelwise 2023";
    assert.deepEqual(crumbs.map((c) => c.text), [home, ...CRUMBS]);
    const depth = ARTICLE.split("/").filter(Boolean).length;
    for (const [i, crumb] of crumbs.entries()) {
      // Each crumb is one level up from the next: the version's home, then each folder down to the article's.
      const path = new URL(crumb.href).pathname;
      assert.equal(path.split("/").filter(Boolean).length, i + 1, `${crumb.text} is at level ${i}: ${path}`);
      const landed = await page.goto(crumb.href);
      assert.equal(landed.status(), 200, `${crumb.text}: ${crumb.href}`);
      if (i > 0) assert.equal((await page.locator("main h1").textContent()).trim(), crumb.text, crumb.href);
      await page.goBack();
    }
    assert.equal(crumbs.length, depth);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("the deep article's screenshots load, from its section's shared assets folder", async () => {
  const context = await browser.newContext();
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}/latest/${ARTICLE}`);
  await page.evaluate(() => document.querySelectorAll("img[loading=lazy]").forEach((i) => (i.loading = "eager")));
  await page.waitForFunction(() => [...document.querySelectorAll("main img")].every((i) => i.complete));
  const images = await page.$$eval("main img", (imgs) => imgs.map((i) => ({ alt: i.alt, src: i.currentSrc, width: i.naturalWidth })));
  assert.deepEqual(
    images.map((i) => i.alt),
    ["The driver's menu with Printing preferences", "The driver's paper settings"],
  );
  for (const image of images) {
    assert.ok(image.width > 0, `${image.alt} loaded: ${image.src}`);
    assert.match(new URL(image.src).pathname, /^\/_img\//);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("the deep article's attachment link serves the file with its bytes, and downloads it", async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}/latest/${ARTICLE}`);
  const expected = readFileSync(join(FIXTURE, "content/v23", SECTION, "assets/printer-models.csv"));
  const link = page.locator("main a", { hasText: "the list of printers" });
  const href = await link.evaluate((a) => a.href);
  assert.equal(
    new URL(href).pathname,
    "/latest/Shipping%20%26%20Tracking/Labels%20and%20Printing/Thermal%20Printers/assets/printer-models.csv",
  );
  const response = await page.request.get(href);
  assert.equal(response.status(), 200);
  assert.deepEqual(Buffer.from(await response.body()), expected);
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  assert.equal(download.suggestedFilename(), "printer-models.csv");
  assert.deepEqual(readFileSync(await download.path()), expected);
  assert.deepEqual(problems, []);
  await context.close();
});
