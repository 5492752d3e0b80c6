// helpsite serve in a real browser: an open article page at #step-6 reloads by itself after an edit, shows the new
// text and keeps its step anchor and its place on the screen; a broken edit shows the problems over the page (the
// last good build still under it), also on a page opened while the build is broken; fixing the edit clears them.
// Runs the helpsite binary (HELPSITE_BIN, default the newer of target/release/helpsite and target/debug/helpsite) on
// a copy of the repository's content/ in a temporary folder.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser } from "./lib.mjs";

const ARTICLE = "content/current/email/connect-gmail-app-password.md";
const PAGE = "latest/email/connect-gmail-app-password/";
const STEP_6 = 'Type a name for the app password, for example "SmarterTrack".';
const EDITED = 'Type a name for the app password (edited while serving), for example "SmarterTrack".';
const WAIT = 30_000;

function helpsiteBinary() {
  if (process.env.HELPSITE_BIN) return process.env.HELPSITE_BIN;
  const built = ["target/release/helpsite", "target/debug/helpsite"]
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return built[0] || null;
}

const binary = helpsiteBinary();
const skip = binary ? false : "no helpsite binary: run cargo build (or set HELPSITE_BIN) to test helpsite serve";
let root, serve, url, browser, original;
const output = [];

// Starts `helpsite serve --port 0` and resolves with its address once the first build is served.
function startServe(siteRoot) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ["serve", "--root", siteRoot, "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let address = null;
    const timer = setTimeout(() => reject(new Error(`helpsite serve did not start:\n${output.join("")}`)), WAIT);
    const onData = (chunk) => {
      const text = chunk.toString();
      output.push(text);
      const serving = /Serving (http:\/\/\S+?\/);/.exec(text);
      if (serving) address = serving[1];
      if (address && output.join("").includes("\nbuilt ")) {
        clearTimeout(timer);
        resolve({ child, address });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => output.push(chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`helpsite serve exited with ${code}:\n${output.join("")}`)));
  });
}

function edit(from, to) {
  const text = readFileSync(join(root, ARTICLE), "utf8");
  assert.ok(text.includes(from), `the article holds ${from}`);
  writeFileSync(join(root, ARTICLE), text.replace(from, to));
}

// Opens the article at step 6 and records content-security-policy complaints.
async function openArticle() {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  page.cspErrors = [];
  page.on("console", (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) page.cspErrors.push(m.text());
  });
  await page.goto(`${url}${PAGE}#step-6`);
  await page.waitForFunction(() => document.readyState === "complete");
  return page;
}

const stepTop = (page) => page.evaluate(() => document.getElementById("step-6").getBoundingClientRect().top);

before(async () => {
  if (skip) return;
  root = mkdtempSync(join(tmpdir(), "helpsite-serve-"));
  cpSync("content", join(root, "content"), { recursive: true });
  if (existsSync("templates")) cpSync("templates", join(root, "templates"), { recursive: true });
  original = readFileSync(join(root, ARTICLE), "utf8");
  ({ child: serve, address: url } = await startServe(root));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (serve && serve.exitCode === null) {
    serve.removeAllListeners("exit");
    const stopped = new Promise((ok) => serve.once("exit", ok));
    serve.kill("SIGINT");
    await stopped;
  }
  if (root) rmSync(root, { recursive: true, force: true });
});

test("an open page reloads by itself after an edit, with the new text, at the same step", { skip }, async () => {
  const page = await openArticle();
  try {
    assert.equal(await page.locator("script[src^='/__helpsite/livereload.js']").count(), 1);
    const top = await stepTop(page);
    assert.ok(top >= 0 && top < 700, `step 6 is on the screen (${top})`);
    await page.evaluate(() => {
      window.notReloadedYet = true;
    });

    edit(STEP_6, EDITED);
    await page.waitForFunction(
      () => document.getElementById("step-6")?.textContent.includes("(edited while serving)"),
      null,
      { timeout: WAIT },
    );
    assert.equal(await page.evaluate(() => window.notReloadedYet), undefined, "the page reloaded");
    assert.equal(await page.evaluate(() => location.hash), "#step-6");
    // Wait for the place to be restored after load, then compare.
    await page.waitForFunction(() => document.readyState === "complete");
    const after = await stepTop(page);
    assert.ok(Math.abs(after - top) <= 2, `step 6 stays where it was on the screen (${top} then ${after})`);
    assert.deepEqual(page.cspErrors, []);
  } finally {
    await page.close();
  }
});

test("a broken edit shows the problems over the page, and fixing it clears them", { skip }, async () => {
  const page = await openArticle();
  try {
    edit("order = 1\n", "order = 1\nordr = 2\n");
    const overlay = page.locator(".hs-lr-overlay");
    await overlay.waitFor({ state: "visible", timeout: WAIT });
    const text = await overlay.innerText();
    assert.match(text, /The site does not build/);
    assert.match(text, new RegExp(`${ARTICLE.replaceAll(".", "\\.")}:\\d+`), text);
    assert.match(text, /ordr/);
    assert.match(text, /last good build/);
    assert.equal(await page.locator(".hs-lr-overlay [style]").count(), 0, "no inline styles");
    assert.equal(await page.getByRole("alertdialog").count(), 1);
    // Under it, the last good build.
    assert.ok((await page.locator("#step-6").textContent()).includes("(edited while serving)"));

    // A page opened while the build is broken shows the problems too.
    const late = await openArticle();
    await late.locator(".hs-lr-overlay").waitFor({ state: "visible", timeout: WAIT });
    assert.match(await late.locator(".hs-lr-overlay").innerText(), /ordr/);

    // Hide keeps it hidden until the next rebuild.
    await late.getByRole("button", { name: /Hide/ }).click();
    assert.equal(await late.locator(".hs-lr-overlay").count(), 0);
    await late.close();

    edit("order = 1\nordr = 2\n", "order = 1\n");
    await page.waitForFunction(() => !document.querySelector(".hs-lr-overlay"), null, { timeout: WAIT });
    await page.waitForFunction(() => document.readyState === "complete");
    assert.equal(await page.evaluate(() => location.hash), "#step-6");
    assert.ok((await page.locator("#step-6").textContent()).includes("(edited while serving)"));
    assert.deepEqual(page.cspErrors, []);
  } finally {
    await page.close();
    writeFileSync(join(root, ARTICLE), original);
  }
});
