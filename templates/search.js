// helpsite search: the query side of the index src/search/ builds. site.js imports this module the first time the
// search box is focused and calls attach(form); until then nothing of search is loaded.
//
// The tokenizer and stemmer below must agree with src/search/tokenize.rs word for word: tests/browser/search.test.mjs
// runs both over tests/fixtures/tokenizer-cases.json.

export const MAX_TOKEN_CHARS = 40;
export const STOPWORDS = new Set(
  ("a about all an and any are as at be been but by d do does for from had has have he her his how i if in into is " +
    "it its ll m me my of on or our re s she so t than that the their them then there these they this those to too " +
    "us ve was we were what when where which while who will with would you your").split(" "),
);
const WORD = /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]+/gu;

// ---- Tokenizer (mirror of src/search/tokenize.rs) ----

/** Every word of `text`: {surface, stem, start, end}, offsets in UTF-16 code units. */
export function tokens(text) {
  const out = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (word.length > MAX_TOKEN_CHARS && [...word].length > MAX_TOKEN_CHARS) continue;
    const surface = word.toLowerCase();
    out.push({ surface, stem: stem(surface), start: m.index, end: m.index + word.length });
  }
  return out;
}

/** The index terms of `text`: tokens that are not stopwords. */
export function terms(text) {
  return tokens(text).filter((t) => !STOPWORDS.has(t.surface));
}

export function shardKey(term) {
  return [...term].slice(0, 2).join("");
}

export function shardFile(key) {
  if (/^[A-Za-z0-9]*$/.test(key)) return `${key}.json`;
  const hex = [...new TextEncoder().encode(key)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `x${hex}.json`;
}

function isConsonant(w, i) {
  const c = w[i];
  if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
  if (c === "y") return i === 0 || !isConsonant(w, i - 1);
  return true;
}

function measure(w) {
  const n = w.length;
  let i = 0;
  while (i < n && isConsonant(w, i)) i++;
  let m = 0;
  while (i < n) {
    while (i < n && !isConsonant(w, i)) i++;
    if (i === n) break;
    while (i < n && isConsonant(w, i)) i++;
    m++;
  }
  return m;
}

function hasVowel(w) {
  for (let i = 0; i < w.length; i++) if (!isConsonant(w, i)) return true;
  return false;
}

function endsDoubleConsonant(w) {
  const n = w.length;
  return n >= 2 && w[n - 1] === w[n - 2] && isConsonant(w, n - 1);
}

function endsCvc(w) {
  const n = w.length;
  return (
    n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1) && !"wxy".includes(w[n - 1])
  );
}

/** The light Porter-style stemmer of tokenize.rs: steps 1a, 1b, 1c and 5, on words of three or more letters a-z. */
export function stem(word) {
  if (word.length < 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.endsWith("sses") || w.endsWith("ies")) w = w.slice(0, -2);
  else if (!w.endsWith("ss") && w.endsWith("s")) w = w.slice(0, -1);
  let tidy = false;
  if (w.endsWith("eed")) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else if (w.endsWith("ed") && hasVowel(w.slice(0, -2))) {
    w = w.slice(0, -2);
    tidy = true;
  } else if (w.endsWith("ing") && hasVowel(w.slice(0, -3))) {
    w = w.slice(0, -3);
    tidy = true;
  }
  if (tidy) {
    if (w.endsWith("at") || w.endsWith("bl") || w.endsWith("iz")) w += "e";
    else if (endsDoubleConsonant(w) && !"lsz".includes(w[w.length - 1])) w = w.slice(0, -1);
    else if (measure(w) === 1 && endsCvc(w)) w += "e";
  }
  if (w.length > 2 && w.endsWith("y") && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + "i";
  if (w.length > 2 && w.endsWith("e")) {
    const rest = w.slice(0, -1);
    const m = measure(rest);
    if (m > 1 || (m === 1 && !endsCvc(rest))) w = rest;
  }
  if (w.endsWith("ll") && measure(w) > 1) w = w.slice(0, -1);
  return w.length < 2 ? word : w;
}

// ---- Queries ----

const EXACT = 1;
const PREFIX = 0.75;
const TYPO = 0.5;
/** A term found only in the article's title or description still counts for its steps, this much. */
const CONTEXT = 0.3;
/** The article itself ranks below its own steps and headings when they match as well. */
const ARTICLE = 0.5;
export const LIMIT = 8;
const PER_ARTICLE = 3;

/**
 * The terms of what the reader typed. The last word, while still being typed (no space after it), matches as a
 * prefix, and needs two characters; stopwords are dropped unless they are that last word.
 */
export function parseQuery(value) {
  const toks = tokens(value);
  const typing = toks.length > 0 && toks[toks.length - 1].end === value.length;
  const out = [];
  const seen = new Set();
  toks.forEach((t, i) => {
    const last = typing && i === toks.length - 1;
    if (!last && STOPWORDS.has(t.surface)) return;
    if (last && [...t.surface].length < 2) return;
    if (seen.has(t.stem)) return;
    seen.add(t.stem);
    out.push({ surface: t.surface, stem: t.stem, typing: last });
  });
  return out;
}

/** At most one edit (insertion, deletion, substitution or swap of neighbours) turns `a` into `b`. */
export function withinOne(a, b) {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (i === la && i === lb) return true;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** A word of five or more letters matches `word`, or the start of it, with one typo. */
export function typoMatch(query, word) {
  if (withinOne(query, word)) return true;
  for (let n = query.length - 1; n <= query.length + 1; n++) {
    if (n >= 4 && n < word.length && withinOne(query, word.slice(0, n))) return true;
  }
  return false;
}

/**
 * The terms of `entries` (shard entries `[stem, forms, postings]`) a query term matches, with how much a match
 * counts: [entry, factor]. `prefix`: also terms that start with what was typed; `typo`: only terms one typo away.
 */
export function expand(entries, term, { prefix = true, typo = false } = {}) {
  const out = [];
  const q = term.surface;
  for (const e of entries) {
    if (typo) {
      if (typoMatch(q, e[0]) || e[1].some((f) => typoMatch(q, f))) out.push([e, TYPO]);
    } else if (e[0] === term.stem) out.push([e, EXACT]);
    else if (prefix && (e[0].startsWith(q) || e[1].some((f) => f.startsWith(q)))) out.push([e, PREFIX]);
  }
  return out;
}

/** A term's postings decoded once: sorted article numbers, and for each its units (`local << 4 | weight`). */
const decoded = new WeakMap();
export function decode(entry) {
  let d = decoded.get(entry);
  if (d) return d;
  const p = entry[2];
  let groups = 0;
  for (let i = 0; i < p.length; i += 2 + p[i + 1]) groups++;
  const arts = new Int32Array(groups);
  const starts = new Int32Array(groups + 1);
  const units = new Int32Array(p.length - 2 * groups);
  let article = 0;
  let g = 0;
  let u = 0;
  for (let i = 0; i < p.length; ) {
    article += p[i];
    const n = p[i + 1];
    arts[g] = article;
    starts[g] = u;
    for (let j = i + 2; j < i + 2 + n; j++) units[u++] = p[j];
    g++;
    i += 2 + n;
  }
  starts[g] = u;
  d = { arts, starts, units };
  decoded.set(entry, d);
  return d;
}

/**
 * Ranks the units that hold every term: in the unit itself, or (for a step or heading) in its article's title or
 * description. `terms[i]` lists the term's expansions as [entry, factor]; `articles` is the version's article count;
 * `scratch` an Int32Array of that length, reused between queries. Returns up to `limit` {article, local, score},
 * best first, at most PER_ARTICLE from one article.
 */
export function rank(terms, articles, limit = LIMIT, scratch = new Int32Array(articles)) {
  const T = terms.length;
  if (T === 0) return [];
  const lists = terms.map((ex) => ex.map(([e, f]) => ({ d: decode(e), f })));
  const df = lists.map((l) => Math.min(articles, l.reduce((n, x) => n + x.d.arts.length, 0)));
  const idf = df.map((n) => Math.log(1 + articles / Math.max(1, n)));
  const order = lists.map((_, i) => i).sort((a, b) => df[a] - df[b]);

  // Articles holding every term. In this query, scratch[a] === base + k once a holds the first k terms (in `order`);
  // values left by earlier queries are all <= base.
  let base = rank.epoch || 0;
  if (base + T + 1 >= 0x3fffffff) {
    scratch.fill(0);
    base = 0;
  }
  rank.epoch = base + T + 1;
  const candidates = [];
  for (let k = 0; k < T; k++) {
    const want = base + k;
    for (const { d } of lists[order[k]]) {
      const arts = d.arts;
      for (let i = 0; i < arts.length; i++) {
        const a = arts[i];
        if (k === 0 ? scratch[a] <= want : scratch[a] === want) {
          scratch[a] = want + 1;
          if (k === T - 1) candidates.push(a);
        }
      }
    }
  }
  candidates.sort((a, b) => a - b);

  // Score each candidate's units, walking every expansion's list with a cursor (candidates ascend). weights[t][local]
  // is term t's best weight in that unit of the current article; an article whose best possible unit cannot enter
  // the list is skipped.
  const cursors = lists.map((l) => new Int32Array(l.length));
  const best = [];
  const keep = limit * PER_ARTICLE;
  let size = 64;
  let weights = terms.map(() => new Float64Array(size));
  let marked = new Uint8Array(size);
  const seen = [];
  for (const a of candidates) {
    seen.length = 0;
    let bound = 0;
    for (let t = 0; t < T; t++) {
      const l = lists[t];
      let most = 0;
      for (let x = 0; x < l.length; x++) {
        const { d, f } = l[x];
        let c = cursors[t][x];
        while (d.arts[c] < a) c++;
        cursors[t][x] = c;
        if (d.arts[c] !== a) continue;
        for (let j = d.starts[c]; j < d.starts[c + 1]; j++) {
          const local = d.units[j] >> 4;
          const w = (d.units[j] & 15) * f;
          if (local >= size) {
            const grown = Math.max(size * 2, local + 1);
            weights = weights.map((old) => {
              const n = new Float64Array(grown);
              n.set(old);
              return n;
            });
            const m = new Uint8Array(grown);
            m.set(marked);
            marked = m;
            size = grown;
          }
          const wt = weights[t];
          if (!marked[local]) {
            marked[local] = 1;
            seen.push(local);
          }
          if (wt[local] < w) wt[local] = w;
          if (w > most) most = w;
        }
      }
      bound += most * idf[t];
    }
    const full = best.length === keep;
    if (!full || bound >= best[best.length - 1].score) {
      for (const local of seen) {
        let score = 0;
        for (let t = 0; t < T; t++) {
          let w = weights[t][local];
          if (local !== 0) w = Math.max(w, weights[t][0] * CONTEXT);
          if (w === 0) {
            score = 0;
            break;
          }
          score += w * idf[t];
        }
        if (score === 0) continue;
        if (local === 0) score *= ARTICLE;
        if (best.length === keep) {
          const w = best[keep - 1];
          if (score < w.score || (score === w.score && (a > w.article || (a === w.article && local > w.local)))) continue;
        }
        let at = best.length;
        while (at > 0) {
          const b = best[at - 1];
          if (b.score > score || (b.score === score && (b.article < a || (b.article === a && b.local < local)))) break;
          at--;
        }
        best.splice(at, 0, { article: a, local, score });
        if (best.length > keep) best.pop();
      }
    }
    for (const local of seen) {
      marked[local] = 0;
      for (let t = 0; t < T; t++) weights[t][local] = 0;
    }
  }
  const perArticle = new Map();
  const out = [];
  for (const r of best) {
    const n = perArticle.get(r.article) || 0;
    if (n >= PER_ARTICLE) continue;
    perArticle.set(r.article, n + 1);
    out.push(r);
    if (out.length === limit) break;
  }
  return out;
}

// ---- The index files ----

export class SearchIndex {
  /** `url`: the manifest's URL. */
  static async open(url, fetchJson = getJson) {
    const manifest = await fetchJson(url);
    if (manifest.format !== 1) throw new Error(`unknown search index format ${manifest.format}`);
    return new SearchIndex(url, manifest, fetchJson);
  }

  constructor(url, manifest, fetchJson) {
    this.url = url;
    this.manifest = manifest;
    this.fetchJson = fetchJson;
    this.keys = new Set(manifest.shards);
    // Two-character groups the builder split by a third character (it lists their three-character keys).
    this.split = new Set(manifest.shards.filter((k) => [...k].length === 3).map(shardKey));
    this.shards = new Map();
    this.docs = new Map();
    this.termCache = new Map();
  }

  /** Fetches an index file by its logical name; the manifest maps it to its content-hashed file. */
  file(name) {
    const published = (this.manifest.files && this.manifest.files[name]) || name;
    return this.fetchJson(new URL(published, this.url).href);
  }

  /** The shard key of the file that holds `stem`, if it is in the index. */
  keyFor(stem) {
    const k2 = shardKey(stem);
    const chars = [...stem];
    return this.split.has(k2) && chars.length >= 3 ? chars.slice(0, 3).join("") : k2;
  }

  /** The keys of the files that may hold terms starting with `q`; null when that is a whole split group. */
  prefixKeys(q) {
    const k2 = shardKey(q);
    if (!this.split.has(k2)) return [k2];
    const chars = [...q];
    return chars.length >= 3 ? [chars.slice(0, 3).join("")] : null;
  }

  /** The entries of the shards with these keys. */
  async entries(keys) {
    const shards = await Promise.all([...new Set(keys)].map((k) => this.shard(k)));
    return shards.length === 1 ? shards[0] : shards.flat();
  }

  shard(key) {
    if (!this.keys.has(key)) return Promise.resolve([]);
    if (!this.shards.has(key)) {
      const p = this.file(shardFile(key));
      p.catch(() => this.shards.delete(key));
      this.shards.set(key, p);
    }
    return this.shards.get(key);
  }

  docsFile(n) {
    if (!this.docs.has(n)) {
      const p = this.file(`docs-${n}.json`);
      p.catch(() => this.docs.delete(n));
      this.docs.set(n, p);
    }
    return this.docs.get(n);
  }

  /**
   * The index terms a query term matches: its stem, words starting with what was typed, or else (five letters or
   * more) words one typo away. Loads the shards it needs.
   */
  async expansions(t) {
    const id = `${t.stem}\u0000${t.surface}`;
    if (this.termCache.has(id)) return this.termCache.get(id);
    const prefixKeys = this.prefixKeys(t.surface);
    let found = expand(await this.entries([this.keyFor(t.stem), ...(prefixKeys || [])]), t, { prefix: !!prefixKeys });
    if (found.length === 0 && t.surface.length >= 5) {
      const k2 = shardKey(t.surface);
      const group = [...this.keys].filter((k) => shardKey(k) === k2);
      found = expand(await this.entries(group), t, { typo: true });
    }
    if (this.termCache.size > 200) this.termCache.clear();
    this.termCache.set(id, found);
    return found;
  }

  /**
   * Loads what the terms need, then ranks. Returns {results, stems} (stems: every index term matched). A word still
   * being typed whose first two letters are a split group waits for its third letter (it would need the whole
   * group); until then the other words are searched.
   */
  async search(queryTerms, limit = LIMIT) {
    const ready = queryTerms.filter((t) => !(t.typing && this.prefixKeys(t.surface) === null && [...t.surface].length < 3));
    const stems = new Set();
    if (ready.length === 0) return { results: [], stems, waiting: queryTerms.length > 0 };
    const expansions = await Promise.all(ready.map((t) => this.expansions(t)));
    for (const ex of expansions) for (const [e] of ex) stems.add(e[0]);
    if (expansions.some((ex) => ex.length === 0)) return { results: [], stems };
    this.scratch ||= new Int32Array(this.manifest.articles);
    return { results: rank(expansions, this.manifest.articles, limit, this.scratch), stems };
  }

  /** What a result shows: {path, title, anchor, number, text, heading}. */
  async describe(results) {
    const per = this.manifest.docsPerFile;
    const files = await Promise.all(results.map((r) => this.docsFile(Math.floor(r.article / per))));
    return results.map((r, i) => {
      const [path, title, description, units] = files[i][r.article % per];
      if (r.local === 0) return { path, title, anchor: "", number: "", text: description, article: true };
      const [anchor, number, text] = units[r.local - 1];
      return { path, title, anchor, number, text, article: false };
    });
  }
}

async function getJson(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

// ---- The search box ----

/** `text` as nodes, with the words whose stems are in `stems` marked. */
export function highlight(text, stems) {
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const t of tokens(text)) {
    if (!stems.has(t.stem)) continue;
    if (t.start > at) frag.append(text.slice(at, t.start));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(t.start, t.end);
    frag.append(mark);
    at = t.end;
  }
  if (at < text.length) frag.append(text.slice(at));
  return frag;
}

function span(className, ...children) {
  const el = document.createElement("span");
  el.className = className;
  el.append(...children);
  return el;
}

/** Wires the search form of base.html: a combobox with a listbox of results. */
export async function attach(form) {
  if (form.dataset.searchReady) return;
  form.dataset.searchReady = "loading";
  const input = form.querySelector("input[type=search]");
  const listbox = form.querySelector("[role=listbox]");
  const popup = form.querySelector(".search-popup");
  const empty = form.querySelector(".search-empty");
  const status = form.querySelector("[role=status]");
  const home = new URL(form.dataset.home, document.baseURI);
  let index;
  try {
    index = await SearchIndex.open(new URL(form.dataset.index, document.baseURI).href);
  } catch (e) {
    form.dataset.searchReady = "failed";
    status.textContent = "Search could not be loaded.";
    console.warn("search:", e);
    return;
  }
  const label = index.manifest.label;
  form.dataset.searchReady = "ready";
  form.classList.add("search-ready");

  let seq = 0;
  let options = [];
  let active = -1;

  const setActive = (i) => {
    if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
    active = i;
    if (active >= 0 && options[active]) {
      const option = options[active];
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };
  const open = (yes) => {
    popup.hidden = !yes;
    input.setAttribute("aria-expanded", yes ? "true" : "false");
    if (!yes) setActive(-1);
  };
  const go = (option, newTab) => {
    const href = option.dataset.href;
    if (newTab) {
      window.open(href, "_blank", "noopener");
      return;
    }
    open(false);
    location.assign(href);
  };

  let shown = "";
  const render = (query, items, stems) => {
    // Typing on in a word often changes nothing that is shown: then the list (and the option in focus) stays.
    const marked = [...stems].sort().join(" ");
    const signature = JSON.stringify([items.map((i) => [i.path, i.anchor, i.article]), marked]);
    if (signature === shown && !popup.hidden) return;
    shown = signature;
    listbox.replaceChildren();
    options = items.map((item, i) => {
      const li = document.createElement("li");
      li.id = `hs-search-option-${i}`;
      li.className = "search-result";
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.href = new URL(`${item.path}/${item.anchor ? `#${item.anchor}` : ""}`, home).href;
      const text = span("search-result-text");
      if (item.number) text.append(span("search-result-number", `Step ${item.number}`), " ");
      text.append(highlight(item.text || "", stems));
      li.append(span("search-result-title", highlight(item.title, stems)));
      if (item.text || item.number) li.append(text);
      li.append(span("search-result-version", label));
      listbox.append(li);
      return li;
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    empty.hidden = items.length > 0;
    open(true);
    status.textContent = items.length
      ? `${items.length} result${items.length === 1 ? "" : "s"}; arrow keys move, Enter opens.`
      : `Nothing found for ${query}.`;
  };

  // Each finished update says so with a "search-results" event on the form (the tests and scripts/search-report
  // use it; `started` is the input event's time, `ms` how long until the results were in the page).
  const done = (value, count, started) =>
    form.dispatchEvent(
      new CustomEvent("search-results", {
        detail: { query: value, results: count, started, ms: performance.now() - started },
      }),
    );

  const update = async (started = performance.now()) => {
    const mine = ++seq;
    const value = input.value;
    const queryTerms = parseQuery(value);
    if (queryTerms.length === 0) {
      listbox.replaceChildren();
      shown = "";
      options = [];
      open(false);
      status.textContent = "";
      done(value, 0, started);
      return;
    }
    try {
      const { results, stems, waiting } = await index.search(queryTerms);
      if (mine !== seq) return;
      if (waiting) {
        // One more letter is needed; keep what is shown.
        done(value, options.length, started);
        return;
      }
      const items = await index.describe(results);
      if (mine !== seq) return;
      render(value.trim(), items, stems);
      done(value, items.length, started);
    } catch (e) {
      if (mine !== seq) return;
      status.textContent = "Search could not be loaded.";
      console.warn("search:", e);
    }
  };

  input.addEventListener("input", (e) => update(e.timeStamp));
  input.addEventListener("focus", () => {
    if (input.value && options.length) open(true);
  });
  input.addEventListener("keydown", (e) => {
    if (e.isComposing) return;
    const shown = !popup.hidden && options.length > 0;
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        if (popup.hidden && input.value) {
          open(true);
          if (!options.length) return;
        }
        if (options.length) setActive(active < options.length - 1 ? active + 1 : 0);
        break;
      case "ArrowUp":
        e.preventDefault();
        if (shown) setActive(active > 0 ? active - 1 : options.length - 1);
        break;
      case "Home":
      case "End":
        if (shown && active >= 0) {
          e.preventDefault();
          setActive(e.key === "Home" ? 0 : options.length - 1);
        }
        break;
      case "Enter":
        e.preventDefault();
        if (shown) go(options[active >= 0 ? active : 0], e.ctrlKey || e.metaKey);
        break;
      case "Escape":
        if (!popup.hidden) {
          e.preventDefault();
          open(false);
        } else if (input.value) {
          e.preventDefault();
          input.value = "";
          update();
        }
        break;
      default:
    }
  });
  form.addEventListener("submit", (e) => e.preventDefault());
  // Clicking a result must not take the focus from the box first.
  listbox.addEventListener("mousedown", (e) => e.preventDefault());
  listbox.addEventListener("click", (e) => {
    const option = e.target.closest("[role=option]");
    if (option) go(option, e.ctrlKey || e.metaKey);
  });
  listbox.addEventListener("mousemove", (e) => {
    const option = e.target.closest("[role=option]");
    const i = options.indexOf(option);
    if (i >= 0 && i !== active) setActive(i);
  });
  form.addEventListener("focusout", (e) => {
    if (!form.contains(e.relatedTarget)) open(false);
  });
  if (input.value) update();
}
