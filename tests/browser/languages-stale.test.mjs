// A marked translation whose source changed afterwards, in a real browser: the German page says it may be out of
// date, and its link opens the English article at the step the reader is on. The site is the shipped content with
// one sentence of the English Gmail article changed, built here with the helpsite binary (HELPSITE_BIN, default the
// newer of target/release/helpsite and target/debug/helpsite).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, launchBrowser, helpsiteBinary, watchedPage } from "./lib.mjs";

let root, server, browser;

before(async () => {
  root = mkdtempSync(join(tmpdir(), "helpsite-stale-"));
  cpSync("content", join(root, "content"), { recursive: true });
  const source = join(root, "content/current/email/connect-gmail-app-password.md");
  writeFileSync(source, readFileSync(source, "utf8").replace("Click **Done**.", "Click **Done** to close the dialog."));
  const out = spawnSync(helpsiteBinary(), ["build", "--root", root, "--output-dir", join(root, "site")], { encoding: "utf8" });
  assert.equal(out.status, 0, `${out.stdout}\n${out.stderr}`);
  server = await startServer(join(root, "site"));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

for (const [name, viewport] of [["desktop", { width: 1280, height: 800 }], ["phone", { width: 390, height: 844 }]]) {
  test(`the out-of-date notice links the English article at the reader's step (${name})`, async () => {
    const context = await browser.newContext({ viewport });
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}/de/latest/email/connect-gmail-app-password/#step-7`);
    await page.waitForLoadState("load");
    const notice = page.locator(".language-stale");
    assert.match(await notice.textContent(), /möglicherweise nicht mehr aktuell/);
    assert.ok(await notice.isVisible());
    await Promise.all([page.waitForURL(/\/current\/email\/connect-gmail-app-password\/#generate$/), notice.locator("a").click()]);
    const s = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      step: document.getElementById("generate").closest("li.step").id,
    }));
    assert.deepEqual(s, { lang: "en", step: "step-7" });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("the untouched German article says nothing about being out of date", async () => {
  const context = await browser.newContext();
  const { page } = await watchedPage(context);
  await page.goto(`${server.url}/de/latest/troubleshooting/app-password-problems/`);
  assert.equal(await page.locator(".language-stale").count(), 0);
  await context.close();
});
