// The editor HTML helpsite cleans instead of refusing (tests/fixtures/html-vectors), in a real browser: the page it
// becomes loads nothing from another origin, runs nothing, navigates nowhere by itself, and breaks no rule of its
// Content-Security-Policy (an inline style left behind would). The site is built here with the helpsite binary
// (HELPSITE_BIN, default the newer of target/release/helpsite and target/debug/helpsite).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { startServer, launchBrowser, buildFixtureSite, watchedPage } from "./lib.mjs";

let root, server, browser;

before(async () => {
  let out;
  ({ root, out } = buildFixtureSite("helpsite-vectors-", ["tests/fixtures/html-vectors/content"]));
  assert.equal(out.status, 0, `the vectors build, with a warning:\n${out.stdout}\n${out.stderr}`);
  assert.match(out.stdout + out.stderr, /1 warning/);
  server = await startServer(join(root, "site"));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

test("the cleaned editor HTML loads nothing from elsewhere, runs nothing and stays on its page", async () => {
  const context = await browser.newContext();
  const { page, problems } = await watchedPage(context);
  const elsewhere = [];
  const origin = new URL(server.url).origin;
  page.on("request", (r) => {
    if (new URL(r.url()).origin !== origin) elsewhere.push(r.url());
  });
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  const url = `${server.url}/latest/a/dropped/`;
  const response = await page.goto(url, { waitUntil: "load" });
  assert.equal(response.status(), 200);
  await page.waitForTimeout(500);
  assert.equal(page.url(), url, "the page did not navigate itself");
  assert.deepEqual(elsewhere, [], "nothing was fetched from another origin");
  assert.deepEqual(problems, []);
  // The text of every cleaned element is still there, without its look.
  const text = await page.locator("main").innerText();
  for (const words of ["bg", "upper", "split", "cell", "font", "editor text", "Build passing", "CI", "a page elsewhere"]) {
    assert.ok(text.includes(words), `${words} shown`);
  }
  const styled = await page.$$eval("main [style], main font, main [align]", (els) => els.length);
  assert.equal(styled, 0);
  await context.close();
});
