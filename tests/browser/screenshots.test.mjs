// Screenshots in a real browser: nothing moves while they load (their size is known from width and height), and the
// zoom opens by mouse and keyboard and closes by Esc, a click and the Back button, giving focus back and keeping the
// page where it was.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser } from "./lib.mjs";

const site = process.env.HELPSITE_SITE || "site";
const ARTICLE = "/v100/email/connect-gmail-app-password/";
const VIEWPORTS = [
  ["phone", { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
  ["desktop", { viewport: { width: 1280, height: 800 } }],
];
let server, browser;

before(async () => {
  server = await startServer(site);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Page positions (not viewport positions) and sizes of every step and figure. */
function positions(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("li.step, figure.screenshot")].map((el) => {
      const r = el.getBoundingClientRect();
      return { el: el.id || el.tagName, box: [r.left + scrollX, r.top + scrollY, r.width, r.height] };
    }),
  );
}

/** Same elements, each within half a pixel (a variant's height is rounded, so its ratio differs a hair). */
function assertSameLayout(after, before) {
  assert.deepEqual(after.map((p) => p.el), before.map((p) => p.el));
  after.forEach((p, i) => {
    const moved = p.box.some((v, k) => Math.abs(v - before[i].box[k]) > 0.5);
    assert.ok(!moved, `${p.el} moved: ${before[i].box.join(",")} -> ${p.box.join(",")}`);
  });
}

for (const [name, options] of VIEWPORTS) {
  test(`the Gmail article does not move while its screenshots load (${name})`, async () => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    // Hold back every image until the layout without them has been measured.
    let release;
    const held = new Promise((ok) => (release = ok));
    let requested = 0;
    await page.route("**/_img/**", async (route) => {
      requested++;
      await held;
      await route.continue();
    });
    await page.goto(server.url + ARTICLE, { waitUntil: "domcontentloaded" });
    await page.evaluate(() => document.fonts.ready);
    // The app-password widget draws itself when its script has run; that is not an image, so let it finish first.
    if (await page.locator(".hs-widget").count()) await page.waitForSelector(".hs-widget-ui:not([hidden])");
    const loaded = await page.evaluate(() => [...document.querySelectorAll("main img")].filter((i) => i.complete && i.naturalWidth).length);
    assert.equal(loaded, 0, "no image has arrived yet");
    const before = await positions(page);
    assert.ok(before.filter((p) => p.el.startsWith("step-")).length >= 8, "the article's steps are there");
    release();
    // Lazy images load only near the viewport: ask for all of them now, without scrolling.
    await page.evaluate(() => document.querySelectorAll("img[loading=lazy]").forEach((i) => (i.loading = "eager")));
    await page.waitForFunction(() => [...document.querySelectorAll("main img")].every((i) => i.complete && i.naturalWidth > 0));
    assert.ok(requested >= 3, `the article's three screenshots were requested (${requested})`);
    assertSameLayout(await positions(page), before);
    // The browser picked a variant that fits the screen, not always the largest file.
    const chosen = await page.evaluate(() => document.querySelector("figure.screenshot img").currentSrc);
    assert.match(chosen, /-800w\.webp$/, chosen);
    await context.close();
  });
}

async function zoomState(page) {
  return page.evaluate(() => {
    const dialog = document.querySelector("dialog.zoom-dialog");
    const img = dialog?.querySelector("img");
    return {
      open: Boolean(dialog?.open),
      src: img?.getAttribute("src") || null,
      loaded: Boolean(img?.complete && img.naturalWidth > 0),
      focus: document.activeElement?.matches("figure.screenshot > a.zoom")
        ? `link ${[...document.querySelectorAll("figure.screenshot > a.zoom")].indexOf(document.activeElement)}`
        : document.activeElement?.className || document.activeElement?.tagName,
      scrollY: Math.round(scrollY),
      url: location.href,
    };
  });
}

// Closed and done closing: the dialog's close event (which restores focus and scroll) comes a moment after it closes,
// and lets the full-size image go.
const closed = (page) =>
  page.waitForFunction(() => {
    const dialog = document.querySelector("dialog.zoom-dialog");
    return dialog && !dialog.open && !dialog.querySelector("img").hasAttribute("src");
  });

for (const [name, options] of VIEWPORTS) {
  test(`a click opens a screenshot full size and a click closes it (${name})`, async () => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    await page.goto(server.url + ARTICLE);
    const link = page.locator("figure.screenshot > a.zoom").nth(1);
    await link.scrollIntoViewIfNeeded();
    const href = await link.evaluate((a) => a.href);
    const start = await zoomState(page);
    await link.click();
    await page.waitForFunction(() => document.querySelector("dialog.zoom-dialog img")?.naturalWidth > 0);
    const open = await zoomState(page);
    assert.equal(open.open, true);
    assert.equal(new URL(open.src, page.url()).href, href, "the full-size file");
    assert.equal(open.focus, "zoom-close", "focus is in the dialog");
    assert.equal(open.url, start.url, "the address does not change");
    const size = await page.evaluate(() => {
      const img = document.querySelector("dialog.zoom-dialog img");
      const pane = img.parentElement;
      return { w: img.getBoundingClientRect().width, natural: img.naturalWidth, dpr: devicePixelRatio, scrolls: pane.scrollWidth > pane.clientWidth };
    });
    if (name === "phone") {
      assert.equal(size.w, size.natural / size.dpr, "full size on a phone: one image pixel per screen pixel");
      assert.ok(size.scrolls, "and the pane scrolls to pan");
    } else {
      assert.ok(size.w > 668 && size.w <= 1280, `larger than in the page, within the window (${size.w})`);
    }
    await page.mouse.click(20, (options.viewport.height * 3) / 4);
    await closed(page);
    const end = await zoomState(page);
    assert.equal(end.focus, "link 1", "focus returns to the screenshot's link");
    assert.equal(end.scrollY, start.scrollY, "the page stays where it was");
    assert.equal(end.url, start.url);
    await context.close();
  });
}

test("the keyboard opens the zoom with Enter or Space and closes it with Esc or the close button", async () => {
  const page = await browser.newPage();
  await page.goto(server.url + ARTICLE);
  const link = page.locator("figure.screenshot > a.zoom").first();
  await link.focus();
  const start = await zoomState(page);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("dialog.zoom-dialog")?.open);
  assert.equal((await zoomState(page)).focus, "zoom-close");
  await page.keyboard.press("Escape");
  await closed(page);
  let end = await zoomState(page);
  assert.equal(end.focus, "link 0");
  assert.equal(end.scrollY, start.scrollY);
  // History goes back to where it was (history.back() finishes a moment later): no entry of the zoom's is left behind.
  await page.waitForFunction(() => history.state === null, null, { timeout: 2000 });

  await page.keyboard.press(" ");
  await page.waitForFunction(() => document.querySelector("dialog.zoom-dialog")?.open);
  await page.keyboard.press("Enter"); // on the focused close button
  await closed(page);
  end = await zoomState(page);
  assert.equal(end.focus, "link 0");
  assert.equal(end.scrollY, start.scrollY, "Space did not scroll the page");
  await page.close();
});

test("a screenshot opened again right after closing stays open, and Back still closes it", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url + ARTICLE);
  const link = page.locator("figure.screenshot > a.zoom").first();
  await link.click();
  await page.waitForFunction(() => document.querySelector("dialog.zoom-dialog")?.open);
  // Close and open again before the closing's history.back() has finished.
  await page.evaluate(() => {
    document.querySelector("dialog.zoom-dialog").close();
    document.querySelector("figure.screenshot > a.zoom").click();
  });
  await page.waitForFunction(() => history.state?.["helpsite-zoom"], null, { timeout: 2000 });
  await page.waitForTimeout(200);
  assert.ok(await page.evaluate(() => document.querySelector("dialog.zoom-dialog").open), "the zoom is still open");
  assert.ok(await page.evaluate(() => document.querySelector("dialog.zoom-dialog img").getAttribute("src")), "with its image");
  await page.evaluate(() => history.back());
  await closed(page);
  assert.equal(await page.evaluate(() => history.state), null);
  await page.close();
});

test("the Back button closes the zoom and keeps the step in the address", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}${ARTICLE}#step-5`);
  const link = page.locator("#step-5 figure.screenshot > a.zoom");
  const start = await zoomState(page);
  await link.click();
  await page.waitForFunction(() => document.querySelector("dialog.zoom-dialog")?.open);
  await page.evaluate(() => history.back());
  await closed(page);
  const end = await zoomState(page);
  assert.equal(end.url, start.url);
  assert.match(end.url, /#step-5$/);
  assert.equal(end.focus, "link 0");
  assert.equal(end.scrollY, start.scrollY);
  assert.equal(await page.evaluate(() => history.state), null, "back on the page's own history entry");
  await page.close();
});

test("without JavaScript a screenshot is a link to its full-size file", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + ARTICLE);
  const href = await page.locator("figure.screenshot > a.zoom").first().evaluate((a) => a.href);
  const response = await Promise.all([page.waitForNavigation(), page.locator("figure.screenshot > a.zoom").first().click()]).then(([r]) => r);
  assert.equal(page.url(), href);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()["content-type"], "image/webp");
  await context.close();
});
