// Around the article, in Chromium on a fixture help center: "Was this article helpful?" and "Didn't work?" open the
// support form already saying which article, version and step, and send nothing by themselves; with a feedback
// endpoint the answer is posted there on the click only; "On this page" folds on phones; the announcement can be put
// away for the tab without anything stored beyond it; related articles, previous and next lead to real pages; and axe
// finds nothing in any of these states.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { startServer, launchBrowser, buildFixtureSite, watchedPage } from "./lib.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const ARTICLE = "/latest/mail/forward-mail/";
let browser, plain, withEndpoint;

before(async () => {
  browser = await launchBrowser();
  for (const [name, dirs] of [
    ["plain", ["tests/fixtures/support/content"]],
    ["endpoint", ["tests/fixtures/support/content", "tests/fixtures/support/endpoint"]],
  ]) {
    const built = buildFixtureSite(`helpsite-support-${name}-`, dirs);
    assert.equal(built.out.status, 0, built.out.stderr);
    const server = await startServer(join(built.root, "site"));
    if (name === "plain") plain = server;
    else withEndpoint = server;
  }
});
after(async () => {
  await browser?.close();
  await plain?.close();
  await withEndpoint?.close();
});

// A page on `server` whose requests to any other origin are recorded (and answered here, so nothing leaves).
async function open(server, path, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const { page, problems } = await watchedPage(context);
  const outside = [];
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, async (route) => {
    const r = route.request();
    outside.push({ method: r.method(), url: r.url(), body: r.postData() });
    await route.fulfill({ status: 200, contentType: "text/html", body: "<!DOCTYPE html><title>Support</title><p>form</p>" });
  });
  await page.goto(`${server.url}${path}`);
  await page.waitForLoadState("load");
  return { context, page, problems, outside };
}

async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

test("answering no opens the support form with the article, version and page filled in, and nothing was sent before", async () => {
  const { context, page, problems, outside } = await open(plain, ARTICLE);
  assert.deepEqual(outside, [], "loading the page reaches no other origin");
  await Promise.all([page.waitForURL(/support\.example\.com/), page.click(".feedback a[data-answer=no]")]);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("subject"), "Forward mail from a shared mailbox");
  assert.equal(url.searchParams.get("version"), "Example Desk 1");
  assert.equal(url.searchParams.get("answer"), "This article did not help");
  assert.equal(url.searchParams.get("page"), "https://help.example.com/latest/mail/forward-mail/");
  assert.deepEqual(outside.map((r) => r.method), ["GET"], "only the navigation the reader clicked");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the step a link opened offers “Didn't work?”, which tells support that step", async () => {
  const { context, page, outside } = await open(plain, `${ARTICLE}#open-forwarding`);
  const shown = await page.evaluate(() =>
    [...document.querySelectorAll("li.step")].map((li) => {
      const r = li.querySelector(".step-report");
      return r ? getComputedStyle(r).opacity : "none";
    }),
  );
  // The three steps of the first procedure, then the two of the second: only the opened one shows it.
  assert.deepEqual(shown.slice(0, 3), ["0", "1", "0"]);
  await Promise.all([page.waitForURL(/support\.example\.com/), page.click("li.step:nth-child(2) .step-report")]);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("step"), "Step 2 (#open-forwarding)");
  assert.equal(url.searchParams.get("answer"), "This step did not work");
  assert.equal(outside.length, 1);
  await context.close();
});

test("with a feedback endpoint the answer is posted there on the click, and the reader stays on the article", async () => {
  const { context, page, problems, outside } = await open(withEndpoint, ARTICLE);
  assert.deepEqual(outside, []);
  await page.click(".feedback a[data-answer=yes]");
  await page.waitForFunction(() => document.querySelector(".feedback-thanks").textContent.length > 0);
  await page.waitForTimeout(200);
  assert.equal(new URL(page.url()).pathname, ARTICLE);
  assert.equal(outside.length, 1, JSON.stringify(outside));
  assert.equal(outside[0].method, "POST");
  assert.equal(outside[0].url, "https://feedback.example.com/answers");
  assert.deepEqual(JSON.parse(outside[0].body), {
    article: "Forward mail from a shared mailbox",
    version: "v1",
    url: "https://help.example.com/latest/mail/forward-mail/",
    step: "",
    answer: "This article helped",
  });
  assert.deepEqual(problems, [], "the page's policy lets it reach the endpoint");
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length + document.cookie.length), 0);
  await context.close();
});

test("“On this page” is open beside the article on a desktop and folded above it on a phone", async () => {
  for (const [width, open] of [[1280, true], [390, false]]) {
    const { context, page } = await open_(width);
    assert.equal(await page.evaluate(() => document.querySelector(".toc-details").open), open, `${width} px`);
    await context.close();
  }
  async function open_(width) {
    return open(plain, ARTICLE, { width, height: 800 });
  }
});

test("the announcement is on every page until dismissed, then gone for the tab only, with nothing kept beyond it", async () => {
  const { context, page } = await open(plain, "/latest/");
  assert.match(await page.textContent(".announcement"), /Example Desk 2 is out/);
  await page.click(".announcement-close");
  assert.equal(await page.isVisible(".announcement"), false);
  assert.equal(await page.evaluate(() => document.activeElement.id), "main", "focus is not lost with the button");
  await page.goto(`${plain.url}${ARTICLE}`);
  assert.equal(await page.isVisible(".announcement"), false, "dismissed in this tab");
  assert.equal(await page.evaluate(() => localStorage.length + document.cookie.length), 0);
  const other = await context.newPage();
  await other.goto(`${plain.url}${ARTICLE}`);
  assert.equal(await other.isVisible(".announcement"), true, "another tab shows it");
  await context.close();
});

test("related articles, previous and next lead to pages of the site", async () => {
  const { context, page } = await open(plain, ARTICLE);
  const related = await page.$$eval(".related a", (as) => as.map((a) => a.textContent));
  assert.deepEqual(related, ["Sort incoming mail with mailbox rules"]);
  await Promise.all([page.waitForURL(/mailbox-rules/), page.click(".pager a[rel=next]")]);
  assert.equal(await page.textContent("h1"), "Sort incoming mail with mailbox rules");
  assert.ok(await page.$(".pager a[rel=prev]"));
  await context.close();
});

test("axe finds nothing on the home page and the article, with the announcement, the folded contents and an answer given", async () => {
  const found = [];
  for (const colorScheme of ["light", "dark"]) {
    for (const width of [390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
      const page = await context.newPage();
      await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({ status: 204, body: "" }));
      for (const path of ["/latest/", ARTICLE, `${ARTICLE}#open-forwarding`]) {
        await page.goto(`${withEndpoint.url}${path}`);
        await page.waitForLoadState("load");
        for (const v of await axe(page)) found.push(`${path} (${colorScheme}, ${width}): ${v}`);
      }
      await page.click(".feedback a[data-answer=no]");
      for (const v of await axe(page)) found.push(`answered (${colorScheme}, ${width}): ${v}`);
      await context.close();
    }
  }
  assert.deepEqual(found, []);
});
