// Old links in a real browser: an alias (the redirect page of a moved article) keeps the #fragment, and a step's former
// name still lands on the step. The shipped site (HELPSITE_SITE, default site/) has the /kb/ alias of the Gmail
// article; for former names a small site is built here with the helpsite binary (HELPSITE_BIN, default
// the newer of target/release/helpsite and target/debug/helpsite).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { startServer, launchBrowser, helpsiteBinary } from "./lib.mjs";

const site = process.env.HELPSITE_SITE || "site";
let shipped, fixture, browser, fixtureDir;

function write(root, rel, text) {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

// Version 1 publishes #open-console as step 2. Version 2 moves the article to guide/install, inserts a step before it
// and renames it launch-console, keeping open-console as a former name.
function buildFixture() {
  const root = mkdtempSync(join(tmpdir(), "helpsite-links-"));
  write(root, "content/site.toml", `title = "Fixture Help"
base_url = "https://help.fixture.test/"
[[versions]]
id = "v1"
label = "Version 1"
status = "unmaintained"
[[versions]]
id = "v2"
label = "Version 2"
status = "current"
`);
  write(root, "content/v1/guide/setup.md", `+++
title = "Set up"
+++

1. Download the installer. {#download}
2. Open the console. {#open-console}
3. Save.
`);
  write(root, "content/v2/guide/setup.md", "+++\nremoved = true\n+++\n");
  const filler = Array.from({ length: 30 }, (_, i) => `Paragraph ${i + 1} pushes the steps down the page.`).join("\n\n");
  write(root, "content/v2/guide/install.md", `+++
title = "Install"
aliases = ["guide/setup", "/kb/old-setup"]
+++

${filler}

1. Download the installer. {#download}
2. Accept the license.
3. Open the web console. {#launch-console open-console}
4. Save.
`);
  const out = spawnSync(helpsiteBinary(), ["build", "--root", root], { encoding: "utf8" });
  assert.equal(out.status, 0, `the fixture builds:\n${out.stderr}`);
  return root;
}

before(async () => {
  fixtureDir = buildFixture();
  shipped = await startServer(site);
  fixture = await startServer(join(fixtureDir, "site"));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await shipped?.close();
  await fixture?.close();
  if (fixtureDir) rmSync(fixtureDir, { recursive: true, force: true });
});

/** Where the page ended up, and the step the fragment's element belongs to. */
async function landing(page) {
  await page.waitForLoadState("load");
  return page.evaluate(() => {
    const id = decodeURIComponent(location.hash.slice(1));
    const el = id && document.getElementById(id);
    const li = el && el.closest("li.step");
    const r = li && li.getBoundingClientRect();
    return {
      path: location.pathname,
      hash: location.hash,
      stepId: li ? li.id : null,
      text: li ? li.textContent : null,
      inView: !!r && r.top >= 0 && r.top < window.innerHeight,
    };
  });
}

async function open(server, path, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  // A redirect page replaces itself; wait until the article is there.
  await page.waitForFunction(() => document.querySelector("article"), null, { timeout: 5000 });
  return { page, context };
}

test("an old alias URL with a fragment lands on that step of the latest article", async () => {
  const { page, context } = await open(shipped, "/kb/gmail-app-password/#enter-exactly");
  const at = await landing(page);
  assert.equal(at.path, "/latest/email/connect-gmail-app-password/");
  assert.equal(at.hash, "#enter-exactly");
  assert.match(at.stepId, /^step-\d+$/);
  assert.match(at.text, /exactly as it is shown/);
  assert.ok(at.inView, "the step is scrolled into view");
  await context.close();
});

test("a former step name lands on the renamed, renumbered step", async () => {
  const { page, context } = await open(fixture, "/latest/guide/install/#open-console");
  const at = await landing(page);
  assert.equal(at.stepId, "step-3");
  assert.match(at.text, /Open the web console/);
  assert.ok(at.inView, "the step is scrolled into view");
  await context.close();
});

for (const old of ["/v2/guide/setup/", "/latest/guide/setup/", "/kb/old-setup/"]) {
  test(`the moved article's old address ${old} with a former step name lands on the step`, async () => {
    const { page, context } = await open(fixture, `${old}#open-console`);
    const at = await landing(page);
    assert.match(at.path, /\/guide\/install\/$/);
    assert.equal(at.hash, "#open-console");
    assert.equal(at.stepId, "step-3");
    assert.ok(at.inView, "the step is scrolled into view");
    await context.close();
  });
}

test("without JavaScript the redirect still reaches the article (meta refresh)", async () => {
  const { page, context } = await open(fixture, "/kb/old-setup/#open-console", { javaScriptEnabled: false });
  const at = await landing(page);
  assert.equal(at.path, "/latest/guide/install/");
  await context.close();
});

test("the version 1 page still has the step under its old name", async () => {
  const { page, context } = await open(fixture, "/v1/guide/setup/#open-console");
  const at = await landing(page);
  assert.equal(at.stepId, "step-2");
  await context.close();
});
