// Search: the query side agrees with the index builder word for word, finds steps (with prefixes and a typo), and
// the search box works in Chromium by keyboard and mouse, at a phone and a desktop width, loading nothing until used.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import * as search from "../../templates/search.js";
import { startServer, launchBrowser } from "./lib.mjs";

const site = process.env.HELPSITE_SITE || "site";
const shots = process.env.HELPSITE_SCREENSHOTS || "target/search-screenshots";
const GMAIL = "/v100/email/connect-gmail-app-password/";
let server, browser;

before(async () => {
  server = await startServer(site);
  browser = await launchBrowser();
  await mkdir(shots, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// ---- The tokenizer, against the fixture the Rust tokenizer checks too ----

test("the query side cuts and stems words exactly like the index builder", async () => {
  const fixture = JSON.parse(await readFile("tests/fixtures/tokenizer-cases.json", "utf8"));
  assert.ok(fixture.cases.length > 50);
  const analyzers = new Set(fixture.cases.map((c) => c.analyzer || "en"));
  assert.deepEqual([...analyzers].sort(), ["de", "en", "plain"], "every analyzer has cases");
  for (const c of fixture.cases) {
    const analyzer = search.analyzerFor(c.analyzer || "en");
    const toks = search.tokens(c.text, analyzer).map((t) => [t.surface, t.stem]);
    assert.deepEqual(toks, c.tokens, `tokens of ${JSON.stringify(c.text)}`);
    const terms = search.terms(c.text, analyzer);
    assert.deepEqual(terms.map((t) => t.stem), c.terms, `terms of ${JSON.stringify(c.text)}`);
    assert.deepEqual(terms.map((t) => search.shardFile(search.shardKey(t.stem))), c.shards, `shards of ${JSON.stringify(c.text)}`);
  }
});

test("token offsets point at the words, in UTF-16 units", () => {
  const text = "𝐀𝐁 Öffnen «App passwords» 𠀀应用密码";
  for (const t of search.tokens(text)) assert.equal(search.fold(text.slice(t.start, t.end).toLowerCase()), t.surface);
});

test("one typo is one insertion, deletion, substitution or swap", () => {
  assert.ok(search.withinOne("pasword", "password"));
  assert.ok(search.withinOne("passwrod", "password"));
  assert.ok(search.withinOne("passwort", "password"));
  assert.ok(search.withinOne("passsword", "password"));
  assert.ok(!search.withinOne("pswrd", "password"));
  assert.ok(!search.withinOne("pasowrd", "passwords"));
  assert.ok(search.typoMatch("paswo", "password"), "a typo in a word still being typed");
  assert.ok(!search.typoMatch("xyzzy", "password"));
});

test("the query's last word, still being typed, needs two letters; stopwords are dropped", () => {
  const stems = (q) => search.parseQuery(q).map((t) => t.stem);
  assert.deepEqual(stems("how to add the app p"), ["add", "app"]);
  assert.deepEqual(stems("app pa"), ["app", "pa"]);
  assert.deepEqual(stems("app to"), ["app", "to"], "a stopword being typed may be the start of a word");
  assert.deepEqual(stems("app to "), ["app"]);
  assert.deepEqual(stems("Passwords password"), ["password"], "a word given twice counts once");
});

// ---- The query engine on the built site's index, without a browser ----

async function openIndex(version) {
  const root = join(site, "_search", version);
  const fetchJson = async (url) => JSON.parse(await readFile(new URL(url).pathname, "utf8"));
  const url = new URL(`file://${join(process.cwd(), root, "index.json")}`).href;
  return search.SearchIndex.open(url, fetchJson);
}

async function find(index, query) {
  const { results } = await index.search(search.parseQuery(query));
  return index.describe(results);
}

const link = (r) => `${r.path}/${r.anchor ? `#${r.anchor}` : ""}`;

test("'app password' lists the step where App passwords is clicked first or second, in the older version", async () => {
  const index = await openIndex("v100");
  const found = (await find(index, "app password")).map(link);
  const at = found.indexOf("email/connect-gmail-app-password/#open-app-passwords");
  assert.ok(at === 0 || at === 1, `found at ${at}: ${found.join(", ")}`);
});

test("plural, singular and prefix find the same step; a typo in a long word still finds it", async () => {
  const index = await openIndex("v100");
  for (const q of ["app passwords", "app password", "app pass", "app passw", "app pasword", "apps pasword"]) {
    const found = (await find(index, q)).map(link);
    assert.ok(found.includes("email/connect-gmail-app-password/#open-app-passwords"), `${q}: ${found.join(", ")}`);
  }
});

test("every word must be found, in the unit or its article's title", async () => {
  const index = await openIndex("v100");
  assert.deepEqual(await find(index, "app password xylophone"), []);
  const found = (await find(index, "gmail generate")).map(link);
  assert.ok(found.includes("email/connect-gmail-app-password/#generate"), found.join(", "));
});

test("a split group is read by its third letter; a word being typed waits for it", async () => {
  // Postings: article delta, count, local << 4 | weight.
  const files = {
    "index.json": { format: 3, articles: 3, docsPerFile: 8, docs: 1, label: "V", shards: ["ap", "se", "sec", "ser"] },
    "ap.json": [["app", ["apps"], [0, 1, 26, 1, 1, 26]]],
    "se.json": [["se", [], [2, 1, 17]]],
    "sec.json": [["secur", ["secure"], [0, 1, 26]]],
    "ser.json": [["server", ["servers"], [1, 1, 26]]],
  };
  const loaded = [];
  const fetchJson = async (url) => {
    const name = url.split("/").pop();
    loaded.push(name);
    return structuredClone(files[name]);
  };
  const index = await search.SearchIndex.open("https://x.example/_search/v/h/index.json", fetchJson);
  assert.equal(index.keyFor("server"), "ser");
  assert.equal(index.keyFor("se"), "se");
  assert.equal(index.keyFor("app"), "ap");
  assert.deepEqual(index.prefixKeys("ser"), ["ser"]);
  assert.equal(index.prefixKeys("se"), null);
  assert.deepEqual(index.prefixKeys("a"), ["a"]);

  const typing = await index.search(search.parseQuery("app se"));
  assert.deepEqual(typing.results.map((r) => r.article), [0, 1], "app alone while se waits for a letter");
  assert.ok(!loaded.includes("sec.json") && !loaded.includes("ser.json"), "the split group is not loaded whole");
  assert.equal((await index.search(search.parseQuery("se"))).waiting, true);
  const server = await index.search(search.parseQuery("app ser"));
  assert.deepEqual(server.results.map((r) => [r.article, r.local]), [[1, 1]]);
  assert.ok(loaded.includes("ser.json") && !loaded.includes("sec.json"));
  const typo = await index.search(search.parseQuery("srever "));
  assert.deepEqual(typo.results, [], "a typo in the first two letters is not found");
  const typo2 = await index.search(search.parseQuery("secrue "));
  assert.deepEqual(typo2.results.map((r) => r.article), [0], "a typo after them is, from the whole group");
});

test("only the word being typed is a prefix; a complete word matches whole words and their stems", () => {
  const q = search.parseQuery("set up pop");
  assert.deepEqual(q.map((t) => [t.stem, t.typing]), [["set", false], ["up", false], ["pop", true]]);
  const entries = [["up", [], []], ["upgrad", ["upgrade"], []], ["upper", [], []], ["pop", [], []], ["popup", [], []]];
  assert.deepEqual(search.expand(entries, q[1]).map(([e]) => e[0]), ["up"], "a complete word");
  assert.deepEqual(search.expand(entries, q[2], { prefix: true }).map(([e]) => e[0]), ["pop", "popup"], "the last one");
});

test("a stopword being typed is optional, so it never empties the results; numbers with dots are one term", () => {
  const q = search.parseQuery("app password to");
  assert.deepEqual(q.map((t) => [t.stem, t.optional]), [["app", false], ["password", false], ["to", true]]);
  assert.deepEqual(search.parseQuery("the").map((t) => [t.stem, t.optional]), [["the", false]], "alone it is the query");
  assert.deepEqual(search.parseQuery("http 403.4").map((t) => t.stem), ["http", "403.4"]);
  assert.deepEqual(search.parseQuery("upgrade to 2.4.1 ").map((t) => t.stem), ["upgrad", "2.4.1"]);
});

test("a phrase of a synonym group becomes the group's term, its own words kept as optional", () => {
  const groups = [["smtp", [["smtp"], ["outgo", "mail"]]], ["2fa", [["2fa"], ["two", "factor"]]]];
  const q = search.parseQuery("outgoing mail port ", groups);
  assert.deepEqual(q.map((t) => [t.stem, t.optional]), [["smtp", false], ["outgo", true], ["mail", true], ["port", false]]);
  const typed = search.parseQuery("smtp", groups);
  assert.equal(typed[0].stem, "smtp");
  assert.equal(typed[0].also.surface, "smtp", "a whole word still being typed also matches as a prefix");
  assert.equal(search.parseQuery("two factor", groups)[0].stem, "2fa", "a phrase whose last word is typed whole");
  assert.deepEqual(search.parseQuery("two fact", groups).map((t) => t.stem), ["two", "fact"], "but not half of it");
  assert.deepEqual(search.parseQuery("mail outgoing ", groups).map((t) => t.stem), ["mail", "outgo"]);
});

test("an article whose words are in different steps is found, and lands on the article", () => {
  // Article 0: "ssl" in step 1, "iis" in step 2. Article 1: both in step 1. Article 2: "ssl" in its title (weight 15),
  // "iis" in step 3. Postings: article delta, count, local << 4 | weight.
  const ssl = ["ssl", [], [0, 1, 26, 1, 1, 26, 1, 1, 15]];
  const iis = ["iis", [], [0, 1, 42, 1, 1, 26, 1, 1, 58]];
  const terms = [{ ex: [[ssl, 1]] }, { ex: [[iis, 1]] }];
  const found = search.rank(terms, 3);
  assert.deepEqual(
    found.map((r) => [r.article, r.local]).sort(),
    [[0, 0], [1, 1], [2, 3]],
    "article 0 lands on itself; 1 on the step with both; 2 on step 3, whose article's title says ssl",
  );
  assert.equal(found[found.length - 1].article, 0, "an article with no step holding every word ranks last");
});

test("an article in a common word's tail is found and ranked by it, and lands on a step by the other words", () => {
  // "email" keeps units in articles 1 (step 2, weight 8) and 3 (its title) and is in articles 0, 2 and 4 without
  // them (its tail: article delta, best weight). "imap" is in step 2 of articles 0 and 1 and in step 1 of article 4.
  const email = ["email", [], [1, 1, 40, 2, 1, 15], [0, 1, 2, 1, 2, 2]];
  const imap = ["imap", [], [0, 1, 42, 1, 1, 42, 3, 1, 26]];
  assert.deepEqual([...search.decode(email).arts], [0, 1, 2, 3, 4]);
  assert.deepEqual([...search.decode(email).tail], [1, 0, 1, 0, 2]);
  const found = search.rank([{ ex: [[email, 1]] }, { ex: [[imap, 1]] }], 5);
  assert.deepEqual(
    found.map((r) => [r.article, r.local]).sort(),
    [[0, 2], [1, 2], [4, 1]],
    "the tail's articles land on the step that holds imap, as the head's does on the step holding both",
  );
  assert.equal(found[0].article, 1, "where email is listed in the step, that step holds both words and ranks first");
  assert.deepEqual(
    search.rank([{ ex: [[email, 1]] }], 5).map((r) => [r.article, r.local]),
    [[3, 0], [1, 2], [4, 0], [0, 0], [2, 0]],
    "email alone: its title, its step, then the tail by weight; a tail article lands on the article",
  );
});

test("the manifest's hashes name the published files", async () => {
  const files = {
    "index.json": { format: 3, articles: 1, docsPerFile: 8, docs: 1, label: "V", shards: ["ap"], hashes: { shards: ["0a1b2c3d4e"], docs: ["5f6a7b8c9d"] } },
    "ap.0a1b2c3d4e.json": [["app", [], [0, 1, 26]]],
    "docs-0.5f6a7b8c9d.json": [["c/a", "A", "", [["open", "1", "Open the app.", ""]]]],
  };
  const loaded = [];
  const fetchJson = async (url) => {
    loaded.push(url.split("/").pop());
    return structuredClone(files[url.split("/").pop()]);
  };
  const index = await search.SearchIndex.open("https://x.example/_search/v/index.json", fetchJson);
  const { results } = await index.search(search.parseQuery("app "));
  const rows = await index.describe(results);
  assert.equal(rows[0].path, "c/a");
  assert.deepEqual(loaded, ["index.json", "ap.0a1b2c3d4e.json", "docs-0.5f6a7b8c9d.json"]);
});

test("every article found gets a row, and the rows under them fill up to twelve, best articles first", async () => {
  // Ten articles, each with "app" in three steps (weight 10).
  const postings = [];
  for (let a = 0; a < 10; a++) postings.push(a === 0 ? 0 : 1, 3, (1 << 4) | 10, (2 << 4) | 10, (3 << 4) | 10);
  const article = (a) => [`c/a${a}`, `Article ${a}`, "About apps.", [["open", "1", "Open the app.", ""], ["close", "2", "Close the app.", ""], ["find", "3", "Find the app.", ""]]];
  const files = {
    "index.json": { format: 3, articles: 10, docsPerFile: 8, docs: 2, label: "V", shards: ["ap"], synonyms: [] },
    "ap.json": [["app", ["apps"], postings]],
    "docs-0.json": [0, 1, 2, 3, 4, 5, 6, 7].map(article),
    "docs-1.json": [8, 9].map(article),
  };
  const fetchJson = async (url) => structuredClone(files[url.split("/").pop()]);
  const index = await search.SearchIndex.open("https://x.example/_search/v/index.json", fetchJson);
  const { results } = await index.search(search.parseQuery("app "));
  assert.equal(results.length, search.LIMIT);
  const rows = await index.describe(results);
  assert.equal(rows.length, 12);
  assert.deepEqual(rows.filter((r) => !r.sub).map((r) => r.path), results.map((r) => files["docs-0.json"][r.article][0]));
  assert.equal(rows.filter((r) => r.sub).length, 4, "the first two articles get two rows under them each");
  assert.ok(rows.slice(0, 6).every((r, i) => r.sub === (i % 3 !== 0)));
});

// ---- In Chromium ----

async function openPage(path, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error" || /Content.Security.Policy|Refused/.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(`${server.url}${path}`);
  await page.waitForLoadState("load");
  return { context, page, requests, problems };
}

async function typeQuery(page, text) {
  await page.fill("#hs-search-input", "");
  await page.type("#hs-search-input", text);
  await page.waitForFunction(
    (q) => {
      const form = document.querySelector("form.search");
      return form.dataset.lastQuery === q;
    },
    text,
  );
}

async function results(page) {
  return page.$$eval("#hs-search-results [role=option]", (options) =>
    options.map((o) => ({
      id: o.id,
      href: o.dataset.href,
      text: o.textContent,
      marks: [...o.querySelectorAll("mark")].map((m) => m.textContent),
      selected: o.getAttribute("aria-selected"),
    })),
  );
}

async function prepare(page) {
  // Record each finished search's query, so tests wait for the results of what they typed.
  await page.evaluate(() => {
    const form = document.querySelector("form.search");
    form.addEventListener("search-results", (e) => (form.dataset.lastQuery = e.detail.query));
  });
}

for (const [name, viewport] of [
  ["desktop", { width: 1280, height: 800 }],
  ["phone", { width: 390, height: 844 }],
]) {
  test(`keyboard only: / focuses, 'app password' lists step 6, arrows and Enter land on it highlighted (${name})`, async () => {
    const { context, page, requests, problems } = await openPage("/v100/", viewport);
    await prepare(page);
    assert.equal(await page.getAttribute("#hs-search-input", "aria-expanded"), "false");
    assert.ok(
      !requests.some((u) => u.includes("/_search/") || /\/search\.[0-9a-f]+\.js$/.test(u)),
      "nothing of search is loaded before the box is used",
    );
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "hs-search-input");
    await page.keyboard.type("app password");
    await page.waitForFunction(() => document.querySelector("form.search").dataset.lastQuery === "app password");
    assert.equal(await page.getAttribute("#hs-search-input", "aria-expanded"), "true");
    const list = await results(page);
    const at = list.findIndex((r) => r.href.endsWith(`${GMAIL}#open-app-passwords`));
    assert.ok(at === 0 || at === 1, `step 6 is first or second: ${list.map((r) => r.href).join("\n")}`);
    assert.match(list[at].text, /How To Connect Gmail/);
    assert.match(list[at].text, /Step 6/);
    assert.ok(!list[at].text.includes("SmarterTrack 100 (2022)"), "rows of one version do not repeat it");
    assert.ok(list[at].marks.some((m) => /^app$/i.test(m)), "App is marked");
    assert.ok(list[at].marks.some((m) => /passwords/i.test(m)), "passwords is marked");
    for (const r of list) assert.ok(new URL(r.href).pathname.startsWith("/v100/"), `${r.href} stays in v100`);
    await page.screenshot({ path: `${shots}/results-${name}.png` });

    for (let i = 0; i <= at; i++) await page.keyboard.press("ArrowDown");
    const activeId = await page.getAttribute("#hs-search-input", "aria-activedescendant");
    assert.equal(activeId, list[at].id);
    assert.equal(await page.getAttribute(`#${activeId}`, "aria-selected"), "true");
    await page.screenshot({ path: `${shots}/selected-${name}.png` });
    await Promise.all([page.waitForURL(/connect-gmail-app-password\/#open-app-passwords$/), page.keyboard.press("Enter")]);
    await page.waitForLoadState("load");
    const state = await page.evaluate(() => {
      const li = document.getElementById("open-app-passwords").closest("li.step");
      const other = document.getElementById("step-1");
      const r = li.getBoundingClientRect();
      return {
        id: li.id,
        highlighted: getComputedStyle(li).backgroundColor !== getComputedStyle(other).backgroundColor,
        inView: r.top >= 0 && r.top < innerHeight,
      };
    });
    assert.deepEqual(state, { id: "step-6", highlighted: true, inView: true });
    await page.screenshot({ path: `${shots}/landed-${name}.png` });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("a typo ('pasword') still finds the step, and the links stay in the version", async () => {
  const { context, page, problems } = await openPage(GMAIL);
  await page.focus("#hs-search-input");
  await page.waitForFunction(() => document.querySelector("form.search").dataset.searchReady === "ready");
  await prepare(page);
  await typeQuery(page, "app pasword");
  const list = await results(page);
  assert.ok(list.some((r) => r.href.endsWith(`${GMAIL}#open-app-passwords`)), list.map((r) => r.href).join("\n"));
  await typeQuery(page, "pasword");
  const alone = await results(page);
  assert.ok(alone.length > 0);
  assert.ok(alone.every((r) => new URL(r.href).pathname.startsWith("/v100/")));
  assert.ok(alone.some((r) => r.marks.some((m) => /password/i.test(m))), "the word the typo matched is marked");
  assert.deepEqual(problems, []);
  await context.close();
});

test("latest pages search the latest version and link into latest/", async () => {
  const { context, page } = await openPage("/latest/email/connect-gmail-app-password/");
  await page.focus("#hs-search-input");
  await page.waitForFunction(() => document.querySelector("form.search").dataset.searchReady === "ready");
  await prepare(page);
  await typeQuery(page, "app password");
  const list = await results(page);
  assert.ok(list.length > 0);
  for (const r of list) assert.ok(new URL(r.href).pathname.startsWith("/latest/"), r.href);
  assert.equal(await page.textContent("label[for=hs-search-input]"), "Search Current release");
  await context.close();
});

test("Escape closes the list, a second Escape clears the box; the mouse opens a result", async () => {
  const { context, page, requests } = await openPage("/v100/");
  await page.focus("#hs-search-input");
  await page.waitForFunction(() => document.querySelector("form.search").dataset.searchReady === "ready");
  await prepare(page);
  await typeQuery(page, "smtp");
  assert.equal(await page.getAttribute("#hs-search-input", "aria-expanded"), "true");
  await page.keyboard.press("Escape");
  assert.equal(await page.getAttribute("#hs-search-input", "aria-expanded"), "false");
  assert.ok(await page.isHidden(".search-popup"));
  await page.keyboard.press("Escape");
  assert.equal(await page.inputValue("#hs-search-input"), "");
  await typeQuery(page, "smtp port");
  const first = (await results(page))[0];
  await Promise.all([page.waitForURL(first.href), page.click(`#${first.id}`)]);
  const origin = new URL(server.url).origin;
  assert.ok(requests.every((u) => new URL(u).origin === origin), "no request leaves the site");
  await context.close();
});

test("the combobox and listbox carry their ARIA roles and states", async () => {
  const { context, page } = await openPage("/v100/");
  const input = await page.$eval("#hs-search-input", (el) => ({
    role: el.getAttribute("role"),
    controls: el.getAttribute("aria-controls"),
    label: el.labels[0]?.textContent,
    type: el.type,
  }));
  assert.deepEqual(input, {
    role: "combobox",
    controls: "hs-search-results",
    label: "Search SmarterTrack 100 (2022)",
    type: "search",
  });
  assert.equal(await page.getAttribute("#hs-search-results", "role"), "listbox");
  assert.equal(await page.getAttribute("form.search", "role"), "search");
  await context.close();
});

test("without JavaScript the box says search needs it", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/v100/`);
  assert.ok(await page.isVisible("text=Search needs JavaScript."));
  await page.screenshot({ path: `${shots}/no-javascript.png` });
  await context.close();
  const { context: withJs, page: p2 } = await openPage("/v100/");
  assert.ok(await p2.isHidden("text=Search needs JavaScript."));
  await withJs.close();
});
