// The rough edges a customer meets on a phone (and some on a desktop), in Chromium on the shipped site and on a
// fixture article: the version menu stays inside the screen and closes as menus do, a deep link into an older version
// keeps saying it is old, step 1 of a short article is on the first screen, and axe finds nothing on any page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { createRequire } from "node:module";
import { startServer, launchBrowser, buildFixtureSite, watchedPage } from "./lib.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const site = process.env.HELPSITE_SITE || "site";
const OLD = "/v100/email/connect-gmail-app-password/";
const CURRENT = "/latest/email/connect-gmail-app-password/";
let server, browser, fixture, fixtureServer;

before(async () => {
  server = await startServer(site);
  browser = await launchBrowser();
  fixture = buildFixtureSite("helpsite-phone-", ["tests/fixtures/phone/content"]);
  assert.equal(fixture.out.status, 0, fixture.out.stderr);
  fixtureServer = await startServer(join(fixture.root, "site"));
});
after(async () => {
  await browser?.close();
  await server?.close();
  await fixtureServer?.close();
});

async function open(url, viewport) {
  const context = await browser.newContext({ viewport });
  const { page, problems } = await watchedPage(context);
  await page.goto(url);
  await page.waitForLoadState("load");
  return { context, page, problems };
}

function menuBox(page) {
  return page.evaluate(() => {
    const menu = document.querySelector(".version-switcher details");
    const list = menu.querySelector("ul").getBoundingClientRect();
    // Each label on one line: its text's rectangles all share one top.
    const wrapped = [...menu.querySelectorAll("li a")].filter((a) => {
      const range = document.createRange();
      range.selectNodeContents(a.firstChild);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
    });
    return { open: menu.open, left: list.left, right: list.right, width: window.innerWidth, wrapped: wrapped.map((a) => a.textContent) };
  });
}

for (const width of [320, 390, 430, 1280]) {
  for (const path of [OLD, CURRENT]) {
    test(`the version menu opens inside the screen with each version on one line at ${width} px (${path})`, async () => {
      const { context, page, problems } = await open(`${server.url}${path}`, { width, height: 800 });
      await page.click(".version-switcher summary");
      const box = await menuBox(page);
      assert.ok(box.open);
      assert.ok(box.left >= 0 && box.right <= box.width, JSON.stringify(box));
      assert.deepEqual(box.wrapped, []);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}

test("the version menu closes on Escape (focus back on its button), on a click elsewhere and when Tab leaves it", async () => {
  const { context, page } = await open(`${server.url}${CURRENT}`, { width: 390, height: 844 });
  const isOpen = () => page.evaluate(() => document.querySelector(".version-switcher details").open);
  await page.focus(".version-switcher summary");
  await page.keyboard.press("Enter");
  assert.ok(await isOpen());
  await page.keyboard.press("Tab");
  await page.keyboard.press("Escape");
  assert.ok(!(await isOpen()), "Escape closes it");
  assert.ok(await page.evaluate(() => document.activeElement.matches(".version-switcher summary")));
  await page.click(".version-switcher summary");
  assert.ok(await isOpen());
  await page.mouse.click(200, 600);
  assert.ok(!(await isOpen()), "a click elsewhere closes it");
  await page.focus(".version-switcher summary");
  await page.keyboard.press("Enter");
  const items = await page.evaluate(() => document.querySelectorAll(".version-switcher li a").length);
  for (let i = 0; i <= items; i++) await page.keyboard.press("Tab");
  assert.ok(!(await isOpen()), "Tab past the last version closes it");
  await context.close();
});

for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
  test(`a deep link into an older version keeps its "no longer maintained" notice in view above the step (${viewport.width} px)`, async () => {
    const { context, page, problems } = await open(`${server.url}${OLD}#step-6`, viewport);
    const seen = () =>
      page.evaluate(() => {
        const banner = document.querySelector(".version-banner").getBoundingClientRect();
        const step = document.getElementById("step-6").getBoundingClientRect();
        return { top: banner.top, bottom: banner.bottom, height: window.innerHeight, step: step.top, text: document.querySelector(".version-banner").textContent };
      });
    let s = await seen();
    assert.match(s.text, /no longer maintained/);
    assert.ok(s.top >= 0 && s.bottom <= s.height, JSON.stringify(s));
    assert.ok(s.step >= s.bottom - 1, `the step starts below the notice: ${JSON.stringify(s)}`);
    await page.mouse.wheel(0, 1500);
    await page.waitForTimeout(100);
    s = await seen();
    assert.ok(s.top >= 0 && s.top < 5, `still in view after scrolling: ${JSON.stringify(s)}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("step 1 of an article with a two-paragraph introduction is on the first screen of a phone", async () => {
  const { context, page } = await open(`${fixtureServer.url}/v1/guide/set-up-mail/`, { width: 390, height: 844 });
  const top = await page.evaluate(() => document.getElementById("step-1").getBoundingClientRect().top);
  assert.ok(top + 40 <= 844, `step 1 starts at ${top} px`);
  const crumbs = await page.evaluate(() => document.querySelector(".breadcrumbs").textContent);
  assert.ok(!crumbs.includes("Set up incoming mail"), "the breadcrumb does not repeat the title below it");
  await context.close();
});

test("the home page's title names the site once, and the footer links home and to this page in each version", async () => {
  const { context, page } = await open(`${server.url}/latest/`, { width: 1280, height: 800 });
  assert.equal(await page.title(), "SmarterTrack Help");
  await page.goto(`${server.url}${CURRENT}`);
  const links = await page.evaluate(() => [...document.querySelectorAll(".site-footer a")].map((a) => a.textContent));
  assert.ok(links.includes("SmarterTrack Help") && links.includes("SmarterTrack 100 (2022)"), JSON.stringify(links));
  await context.close();
});

// Every HTML file of a built site, as a URL path.
function pages(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".html")) out.push("/" + relative(dir, full).replaceAll("\\", "/"));
    }
  };
  walk(dir);
  return out.sort();
}

async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

test("axe finds no violation on any page of the shipped site, in light and dark, on a phone and a desktop, menu open or not", async () => {
  const found = [];
  for (const colorScheme of ["light", "dark"]) {
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
      const context = await browser.newContext({ viewport, colorScheme });
      const page = await context.newPage();
      for (const path of pages(site)) {
        // A redirect page moves on at once: it is looked at as it is, without its refresh and its script.
        const html = readFileSync(join(site, path), "utf8");
        if (html.includes('http-equiv="refresh"')) {
          const still = html.replace(/<meta http-equiv="refresh"[^>]*>/, "").replace(/<script[^>]*><\/script>/, "");
          await page.route(`${server.url}${path}`, (route) => route.fulfill({ body: still, contentType: "text/html" }));
        }
        await page.goto(`${server.url}${path}`);
        await page.waitForLoadState("load");
        for (const v of await axe(page)) found.push(`${path} (${colorScheme}, ${viewport.width}): ${v}`);
        if (await page.$(".version-switcher summary")) {
          await page.click(".version-switcher summary");
          for (const v of await axe(page)) found.push(`${path} menu open (${colorScheme}, ${viewport.width}): ${v}`);
        }
      }
      await context.close();
    }
  }
  assert.deepEqual(found, []);
});

test("print keeps the checker's rule (not its form), each step with its screenshot, and no title alone at a page foot", async () => {
  const { context, page } = await open(`${server.url}${CURRENT}`, { width: 1280, height: 800 });
  // On screen the checker replaces its rule once it has loaded; print shows the rule again.
  await page.waitForSelector(".hs-widget-ui:not([hidden])");
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => {
    const rule = document.querySelector(".hs-widget-rule");
    const form = document.querySelector(".hs-widget-ui");
    const style = (el, p) => getComputedStyle(el).getPropertyValue(p);
    return {
      rule: rule.offsetHeight > 0 ? rule.textContent : "",
      form: form.offsetHeight,
      // A step with a widget may break between its blocks; every other step is kept whole.
      steps: [...document.querySelectorAll("li.step:not(:has(> .hs-widget))")].map((li) => style(li, "break-inside")),
      introductions: [...document.querySelectorAll("li.step > p:has(+ figure.screenshot, + .hs-widget)")].map((p) => style(p, "break-after")),
      pictures: [...document.querySelectorAll("figure.screenshot")].map((f) => style(f, "break-inside")),
      titles: [...document.querySelectorAll(".callout-title, h2")].map((t) => style(t, "break-after")),
      callouts: [...document.querySelectorAll(".callout")].map((c) => style(c, "break-inside")),
    };
  });
  assert.match(printed.rule, /four groups of four/);
  assert.equal(printed.form, 0, "a form cannot be used on paper");
  assert.ok(printed.steps.length > 5 && printed.steps.every((b) => b === "avoid"), JSON.stringify(printed.steps));
  assert.ok(printed.titles.length > 0 && printed.titles.every((b) => b === "avoid"), JSON.stringify(printed.titles));
  assert.ok(printed.callouts.every((b) => b === "avoid"));
  assert.ok(printed.introductions.length >= 3 && printed.introductions.every((b) => b === "avoid"), "a picture stays with the sentence before it");
  assert.ok(printed.pictures.every((b) => b === "avoid"));
  // On A4, the nine steps with their three screenshots fit on three pages (they took five when a screenshot could
  // be 60% of a page high and pushed its step to the next page, leaving half a page empty).
  const pdf = (await page.pdf({ format: "A4" })).toString("latin1");
  const pages = (pdf.match(/\/Type\s*\/Page(?!s)/g) || []).length;
  assert.ok(pages >= 2 && pages <= 3, `${pages} A4 pages`);
  await context.close();
});
