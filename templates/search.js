// helpsite search: the query side of the index src/search/ builds. site.js imports this module the first time the
// search box is focused and calls attach(form); until then nothing of search is loaded.
//
// The tokenizer, folding and stemmers below must agree with src/search/tokenize.rs and language.rs word for word:
// tests/browser/search.test.mjs runs both over tests/fixtures/tokenizer-cases.json (cases per analyzer).

// The texts this script shows, from the theme's message catalogue (templates/messages/): helpsite writes each page
// language's own texts between the markers of its copy of this file. `{name}` is filled in where the text is used.
const TEXT = /* messages */ {
  "search_failed": "Search could not be loaded.",
  "search_summary": "{articles}, {results} for {query}; arrow keys move, Enter opens.",
  "search_articles_one": "1 article",
  "search_articles_many": "{n} articles",
  "search_results_one": "1 result",
  "search_results_many": "{n} results",
  "search_none": "Nothing found for {query}.",
  "search_step": "Step {number}",
  "search_under": "under {heading}"
} /* end messages */;

// A text with its `{name}` parts filled in.
function message(key, values) {
  return TEXT[key].replace(/\{([a-z]+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

export const MAX_TOKEN_CHARS = 40;
// A "." between two ASCII digits is part of the word: 403.4, 2.4.1 and 5.7.8 are one token each.
const WORD = /(?:[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]|(?<=[0-9])\.(?=[0-9]))+/gu;
// Han, Hiragana and Katakana: written without spaces, cut into pairs of characters.
const CJK = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{2fa1f}]/u;
const CJK_RUNS = new RegExp(`${CJK.source}+|(?:(?!${CJK.source})[^])+`, "gu");

// ---- Languages (mirror of src/search/language.rs) ----

const EN_STOPWORDS = new Set(
  ("a about all an and any are as at be been but by d do does for from had has have he her his how i if in into is " +
    "it its ll m me my of on or our re s she so t than that the their them then there these they this those to too " +
    "us ve was we were what when where which while who will with would you your").split(" "),
);
const DE_STOPWORDS = new Set(
  ("aber alle als also am an auch auf aus bei bin bis bist da damit dann das dass dem den denn der des die dies " +
    "diese diesem diesen dieser dieses doch du durch ein eine einem einen einer eines er es euch fur hat hatte ich " +
    "ihm ihn ihr ihre im in ist ja man mit nach noch nur ob oder sich sie sind so uber um und uns vom von vor war " +
    "was wenn wie wir wird wo zu zum zur").split(" "),
);

/** How a language's words become terms: the manifest's `analyzer` names one. */
export const ANALYZERS = {
  en: { stopwords: EN_STOPWORDS, stem: (w) => stem(w) },
  de: { stopwords: DE_STOPWORDS, stem: (w) => stemGerman(w) },
  plain: { stopwords: new Set(), stem: (w) => w },
};
export const STOPWORDS = EN_STOPWORDS;

/** The analyzer a manifest names (English for one that names none). */
export function analyzerFor(name) {
  return ANALYZERS[name] || ANALYZERS.en;
}

const FOLD_SPECIAL = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d" };
const MARKS = /^[\u0300-\u036f]+$/;

/** A Latin letter with diacritics as its base letter (`é` → `e`); `ß`, `æ`, `œ`, `ø`, `ł`, `đ` spelled out. */
export function fold(word) {
  if (/^[\x00-\x7f]*$/.test(word)) return word;
  let out = "";
  for (const c of word) {
    if (c < "\x80") out += c;
    else if (FOLD_SPECIAL[c]) out += FOLD_SPECIAL[c];
    else if (MARKS.test(c)) continue;
    else {
      const d = c.normalize("NFD");
      out += d.length > 1 && /^[A-Za-z]$/.test(d[0]) && MARKS.test(d.slice(1)) ? d[0] : c;
    }
  }
  return out;
}

// ---- Tokenizer (mirror of src/search/tokenize.rs) ----

/**
 * Every word of `text`: {surface, stem, start, end}, offsets in UTF-16 code units. A dotted number is followed by its
 * parts ({part: true}), as the index holds them too; a run of CJK characters gives its pairs.
 */
export function tokens(text, analyzer = ANALYZERS.en) {
  const out = [];
  const push = (word, start, part) => {
    const surface = fold(word.toLowerCase());
    const t = { surface, stem: analyzer.stem(surface), start, end: start + word.length };
    if (part) t.part = true;
    out.push(t);
  };
  const plain = (word, start) => {
    if (word.length > MAX_TOKEN_CHARS && [...word].length > MAX_TOKEN_CHARS) return;
    push(word, start, false);
    if (!word.includes(".")) return;
    let at = start;
    for (const part of word.split(".")) {
      push(part, at, true);
      at += part.length + 1;
    }
  };
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (!CJK.test(word)) {
      plain(word, m.index);
      continue;
    }
    for (const r of word.matchAll(CJK_RUNS)) {
      const at = m.index + r.index;
      if (!CJK.test(r[0])) {
        plain(r[0], at);
        continue;
      }
      const chars = [...r[0]];
      if (chars.length === 1) push(r[0], at, false);
      let offset = at;
      for (let i = 0; i + 1 < chars.length; i++) {
        push(chars[i] + chars[i + 1], offset, false);
        offset += chars[i].length;
      }
    }
  }
  return out;
}

/** The index terms of `text`: tokens that are not stopwords. */
export function terms(text, analyzer = ANALYZERS.en) {
  return tokens(text, analyzer).filter((t) => !analyzer.stopwords.has(t.surface));
}

export function shardKey(term) {
  const chars = [...term];
  return chars.length > 0 && CJK.test(chars[0]) ? chars[0] : chars.slice(0, 2).join("");
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

/** The light Porter-style English stemmer of language.rs: steps 1a, 1b, 1c and 5, on words of three or more letters a-z. */
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

const DE_VOWEL = new Set([..."aeiouyäöü"]);
const S_ENDING = new Set([..."bdfghklmnrt"]);
const ST_ENDING = new Set([..."bdfghklmnt"]);
const DE_POSTLUDE = { U: "u", Y: "y", ä: "a", ö: "o", ü: "u" };

/**
 * The Snowball German stemmer (what src/search/language.rs takes from the rust-stemmers crate), written from the
 * algorithm's description: R1 and R2, then three steps of suffixes.
 */
export function stemGerman(word) {
  let w = [...word.replaceAll("ß", "ss")];
  // u and y between vowels count as consonants: marked upper case until the end.
  for (let i = 1; i + 1 < w.length; i++) {
    if (DE_VOWEL.has(w[i - 1]) && DE_VOWEL.has(w[i + 1])) {
      if (w[i] === "u") w[i] = "U";
      else if (w[i] === "y") w[i] = "Y";
    }
  }
  // After the first non-vowel that follows a vowel, from `from`.
  const after = (from) => {
    let i = from;
    while (i < w.length && !DE_VOWEL.has(w[i])) i++;
    while (i < w.length && DE_VOWEL.has(w[i])) i++;
    return i < w.length ? i + 1 : w.length;
  };
  let p1 = w.length;
  let p2 = w.length;
  if (w.length >= 3) {
    p1 = after(0);
    p2 = after(p1);
    if (p1 < 3) p1 = 3;
  }
  const ends = (s) => w.length >= s.length && w.slice(w.length - s.length).join("") === s;
  const longest = (list) => list.filter(ends).sort((a, b) => b.length - a.length)[0];
  const cut = (n) => {
    w = w.slice(0, w.length - n);
  };
  const before = (s) => w[w.length - s.length - 1];
  let s = longest(["em", "ern", "er", "e", "en", "es", "s"]);
  if (s && w.length - s.length >= p1) {
    if (s === "s") {
      if (S_ENDING.has(before(s))) cut(1);
    } else {
      cut(s.length);
      if ((s === "e" || s === "en" || s === "es") && ends("niss")) cut(1);
    }
  }
  s = longest(["en", "er", "est", "st"]);
  if (s && w.length - s.length >= p1) {
    if (s !== "st") cut(s.length);
    else if (ST_ENDING.has(before(s)) && w.length - 2 >= 4) cut(2);
  }
  s = longest(["end", "ung", "ig", "ik", "isch", "lich", "heit", "keit"]);
  if (s && w.length - s.length >= p2) {
    if (s === "end" || s === "ung") {
      cut(s.length);
      if (ends("ig") && before("ig") !== "e" && w.length - 2 >= p2) cut(2);
    } else if (s === "ig" || s === "ik" || s === "isch") {
      if (before(s) !== "e") cut(s.length);
    } else if (s === "lich" || s === "heit") {
      cut(s.length);
      if ((ends("er") || ends("en")) && w.length - 2 >= p1) cut(2);
    } else {
      cut(4);
      const t = longest(["lich", "ig"]);
      if (t && w.length - t.length >= p2) cut(t.length);
    }
  }
  return w.map((c) => DE_POSTLUDE[c] || c).join("");
}

// ---- Queries ----

const EXACT = 1;
const PREFIX = 0.75;
const TYPO = 0.5;
/** A term in the article's title, tags or description (weights of 4 and more in its own unit) counts for each of its
 * steps and headings, this much: the unit is about what the article is about. */
const CONTEXT = 0.3;
/** How much the article's best step or heading adds to the article's own score. */
const UNIT = 0.5;
/** Results (articles) shown, and the steps or headings under each besides the one it lands on. */
export const LIMIT = 8;
const SUBS = 2;
/** Rows in all: a list longer than this is more to read than to choose from. */
const MAX_ROWS = 12;
/** A step ranks above a heading of up to this much more score (the heading holds its steps' words as well). */
const STEP = 1.15;

/**
 * The terms of what the reader typed: {surface, stem, typing, optional}. Only the last word, while still being typed
 * (no space after it), matches as a prefix; it needs two characters. A stopword is dropped, unless it is that last
 * word: then it is optional (it may be the start of a word, but it never empties the results). A dotted number
 * (403.4) is one term, not its parts. `synonyms` (the manifest's) turn a phrase of a group into the group's term.
 */
export function parseQuery(value, synonyms = [], analyzer = ANALYZERS.en) {
  const toks = tokens(value, analyzer).filter((t) => !t.part);
  const typing = toks.length > 0 && toks[toks.length - 1].end === value.length;
  const out = [];
  const seen = new Set();
  toks.forEach((t, i) => {
    const last = typing && i === toks.length - 1;
    const stop = analyzer.stopwords.has(t.surface);
    if (!last && stop) return;
    // One Chinese or Japanese character is a word; one letter is not yet.
    if (last && [...t.surface].length < 2 && !CJK.test(t.surface)) return;
    if (seen.has(t.stem)) return;
    seen.add(t.stem);
    out.push({ surface: t.surface, stem: t.stem, typing: last, optional: last && stop });
  });
  if (out.length === 1) out[0].optional = false;
  return withSynonyms(out, synonyms);
}

/**
 * Replaces each phrase of a synonym group in `terms` (complete words; a word still being typed only when it is
 * whole) with the group's term, which the index holds wherever a text says any phrase of the group. The phrase's
 * own words stay as optional terms, so that a text in the reader's words ranks first.
 */
export function withSynonyms(terms, synonyms) {
  if (!synonyms.length) return terms;
  const out = [];
  for (let i = 0; i < terms.length; ) {
    let best = null;
    for (const [canonical, phrases] of synonyms) {
      for (const p of phrases) {
        if (best && p.length <= best.length) continue;
        if (p.every((s, k) => terms[i + k] && !terms[i + k].optional && terms[i + k].stem === s)) {
          best = { canonical, length: p.length };
        }
      }
    }
    if (!best) {
      out.push(terms[i]);
      i++;
      continue;
    }
    const words = terms.slice(i, i + best.length);
    out.push({
      surface: best.canonical,
      stem: best.canonical,
      typing: false,
      optional: false,
      synonym: true,
      // A single word typed to its end may still be the start of a longer one.
      also: words.length === 1 && words[0].typing ? words[0] : null,
    });
    for (const w of words) if (w.stem !== best.canonical) out.push({ ...w, typing: false, optional: true });
    i += best.length;
  }
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
export function expand(entries, term, { prefix = false, typo = false } = {}) {
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

/**
 * A term's postings decoded once: sorted article numbers, for each its units (`local << 4 | weight`, from `starts[i]`
 * to `starts[i + 1]`), and `tail[i]`: the term's best weight in an article of its tail (the builder lists no units
 * there for a term of many articles), else 0.
 */
const decoded = new WeakMap();
export function decode(entry) {
  let d = decoded.get(entry);
  if (d) return d;
  const p = entry[2];
  const rest = entry[3] || [];
  let groups = rest.length / 2;
  for (let i = 0; i < p.length; i += 2 + p[i + 1]) groups++;
  const arts = new Int32Array(groups);
  const starts = new Int32Array(groups + 1);
  const tail = new Uint8Array(groups);
  const units = new Int32Array(p.length - 2 * (groups - rest.length / 2));
  // The head and the tail each ascend: merged, so the articles do.
  let i = 0;
  let k = 0;
  let head = p.length ? p[0] : Infinity;
  let other = rest.length ? rest[0] : Infinity;
  let u = 0;
  for (let g = 0; g < groups; g++) {
    starts[g] = u;
    if (head < other) {
      const n = p[i + 1];
      arts[g] = head;
      for (let j = i + 2; j < i + 2 + n; j++) units[u++] = p[j];
      i += 2 + n;
      head = i < p.length ? head + p[i] : Infinity;
    } else {
      arts[g] = other;
      tail[g] = rest[k + 1];
      k += 2;
      other = k < rest.length ? other + rest[k] : Infinity;
    }
  }
  starts[groups] = u;
  d = { arts, starts, units, tail };
  decoded.set(entry, d);
  return d;
}

/**
 * Ranks articles, then the steps and headings of each. `terms[i]` is {ex, optional}: the term's expansions as
 * [entry, factor]. An article is a result when it holds every term that is not optional, anywhere (title, tags,
 * description, headings, steps, body): its score sums each term's best weight in it, plus part of its best unit's.
 * A unit (step or heading) is one to land on when it holds every such term itself or through its article's title,
 * tags or description, and holds the ones those lack (when they lack none: at least half of its score is its own);
 * else the article is where the result lands.
 * `articles` is the version's article count; `scratch` an Int32Array of that length, reused between queries.
 * Returns up to `limit` {article, local, score, units: [{local, score}]}, best first; `local` (0: the article) is
 * where it lands, `units` the units to land on, best first (`local` the first of them, when there is one).
 */
export function rank(terms, articles, limit = LIMIT, scratch = new Int32Array(articles)) {
  const T = terms.length;
  if (T === 0) return [];
  const lists = terms.map((t) => t.ex.map(([e, f]) => ({ d: decode(e), f })));
  const required = terms.map((t) => !t.optional);
  if (!required.some(Boolean)) required.fill(true);
  const df = lists.map((l) => Math.min(articles, l.reduce((n, x) => n + x.d.arts.length, 0)));
  const idf = df.map((n) => Math.log(1 + articles / Math.max(1, n)));
  const order = lists
    .map((_, i) => i)
    .filter((i) => required[i])
    .sort((a, b) => df[a] - df[b]);
  const R = order.length;

  // Articles holding every required term. In this query, scratch[a] === base + k once a holds the first k of them (in
  // `order`); values left by earlier queries are all <= base.
  let base = rank.epoch || 0;
  if (base + R + 1 >= 0x3fffffff) {
    scratch.fill(0);
    base = 0;
  }
  rank.epoch = base + R + 1;
  const candidates = [];
  for (let k = 0; k < R; k++) {
    const want = base + k;
    for (const { d } of lists[order[k]]) {
      const arts = d.arts;
      for (let i = 0; i < arts.length; i++) {
        const a = arts[i];
        if (k === 0 ? scratch[a] <= want : scratch[a] === want) {
          scratch[a] = want + 1;
          if (k === R - 1) candidates.push(a);
        }
      }
    }
  }
  candidates.sort((a, b) => a - b);

  // Each candidate's units, walking every expansion's list with a cursor (candidates ascend). weights[t][local] is
  // term t's best weight in that unit of the current article, context[t] its best in the article's title, tags or
  // description. An article whose best possible score cannot enter the list is not looked at further.
  const cursors = lists.map((l) => new Int32Array(l.length));
  const best = [];
  let size = 64;
  let weights = terms.map(() => new Float64Array(size));
  let marked = new Uint8Array(size);
  const context = new Float64Array(T);
  const unlisted = new Uint8Array(T);
  const seen = [];
  const better = (s, a, b) => s.score > b.score || (s.score === b.score && a < b.article);
  for (const a of candidates) {
    seen.length = 0;
    unlisted.fill(0);
    let own = 0;
    for (let t = 0; t < T; t++) {
      const l = lists[t];
      let most = 0;
      context[t] = 0;
      for (let x = 0; x < l.length; x++) {
        const { d, f } = l[x];
        let c = cursors[t][x];
        while (c < d.arts.length && d.arts[c] < a) c++;
        cursors[t][x] = c;
        if (d.arts[c] !== a) continue;
        if (d.tail[c]) {
          // In the article, in units the index does not list: it counts for the article, and a unit needs it not.
          const w = d.tail[c] * f;
          if (w > most) most = w;
          unlisted[t] = 1;
          continue;
        }
        for (let j = d.starts[c]; j < d.starts[c + 1]; j++) {
          const local = d.units[j] >> 4;
          const raw = d.units[j] & 15;
          const w = raw * f;
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
          if (!marked[local]) {
            marked[local] = 1;
            seen.push(local);
          }
          const wt = weights[t];
          if (wt[local] < w) wt[local] = w;
          if (w > most) most = w;
          if (local === 0 && raw >= 4 && w * CONTEXT > context[t]) context[t] = w * CONTEXT;
        }
      }
      own += most * idf[t];
    }
    // A unit's score is at most its article's, so this bounds the article's.
    const worst = best.length === limit ? best[limit - 1] : null;
    if (!worst || better({ score: own * (1 + UNIT) }, -1, worst)) {
      // The terms the article's title, tags and description hold, and whether they hold every required one.
      let outside = false;
      for (let t = 0; t < T; t++) if (required[t] && context[t] === 0) outside = true;
      const units = [];
      for (const local of seen) {
        if (local === 0) continue;
        let score = 0;
        let mine = 0;
        let covered = true;
        for (let t = 0; t < T; t++) {
          const w = weights[t][local];
          const c = Math.max(w, context[t]);
          if (c === 0 && required[t] && !unlisted[t]) {
            covered = false;
            break;
          }
          score += c * idf[t];
          mine += w * idf[t];
        }
        // A unit that adds words the article's summary lacks is where to land; when the summary has them all, the
        // unit must be about them itself.
        if (covered && mine > 0 && (outside || mine * 2 >= score)) units.push({ local, score });
      }
      units.sort((x, y) => y.score - x.score || x.local - y.local);
      const score = own + (units.length ? units[0].score * UNIT : 0);
      const r = { article: a, local: units.length ? units[0].local : 0, score, units: units.slice(0, SUBS + 1) };
      if (!worst || better(r, a, worst)) {
        let at = best.length;
        while (at > 0 && better(r, a, best[at - 1])) at--;
        best.splice(at, 0, r);
        if (best.length > limit) best.pop();
      }
    }
    for (const local of seen) {
      marked[local] = 0;
      for (let t = 0; t < T; t++) weights[t][local] = 0;
    }
  }
  return best;
}

// ---- The index files ----

export class SearchIndex {
  /** `url`: the manifest's URL. */
  static async open(url, fetchJson = getJson) {
    const manifest = await fetchJson(url);
    if (manifest.format !== 3) throw new Error(`unknown search index format ${manifest.format}`);
    return new SearchIndex(url, manifest, fetchJson);
  }

  constructor(url, manifest, fetchJson) {
    this.url = url;
    this.manifest = manifest;
    this.fetchJson = fetchJson;
    this.analyzer = analyzerFor(manifest.analyzer);
    this.keys = new Set(manifest.shards);
    const hashes = manifest.hashes || { shards: [], docs: [] };
    this.hashes = { shards: new Map(manifest.shards.map((k, i) => [k, hashes.shards[i]])), docs: hashes.docs };
    // Two-character groups the builder split by a third character (it lists their three-character keys).
    this.split = new Set(manifest.shards.filter((k) => [...k].length === 3).map(shardKey));
    this.shards = new Map();
    this.docs = new Map();
    this.termCache = new Map();
  }

  /** Fetches an index file by its logical name (`ap.json`) and its hash from the manifest (the published name is
   * `ap.<hash>.json`; a manifest without hashes names files as they are). */
  file(name, hash) {
    const published = hash ? name.replace(/\.json$/, `.${hash}.json`) : name;
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
      const p = this.file(shardFile(key), this.hashes.shards.get(key));
      p.catch(() => this.shards.delete(key));
      this.shards.set(key, p);
    }
    return this.shards.get(key);
  }

  docsFile(n) {
    if (!this.docs.has(n)) {
      const p = this.file(`docs-${n}.json`, this.hashes.docs[n]);
      p.catch(() => this.docs.delete(n));
      this.docs.set(n, p);
    }
    return this.docs.get(n);
  }

  /** The manifest's synonym groups, for parseQuery. */
  get synonyms() {
    return this.manifest.synonyms || [];
  }

  /**
   * The index terms a query term matches: its stem; while it is being typed, words starting with what was typed; or
   * else (five letters or more) words one typo away. A synonym group's term matches itself (and, when the reader is
   * still typing its one word, what that word does). Loads the shards it needs.
   */
  async expansions(t) {
    const id = `${t.stem}\u0000${t.surface}\u0000${t.typing}\u0000${t.also ? t.also.surface : ""}`;
    if (this.termCache.has(id)) return this.termCache.get(id);
    let found;
    if (t.synonym) {
      found = expand(await this.entries([this.keyFor(t.stem)]), t);
      if (t.also) found = found.concat(await this.expansions(t.also));
    } else {
      const prefixKeys = t.typing ? this.prefixKeys(t.surface) : null;
      found = expand(await this.entries([this.keyFor(t.stem), ...(prefixKeys || [])]), t, { prefix: !!prefixKeys });
      if (found.length === 0 && t.surface.length >= 5) {
        const k2 = shardKey(t.surface);
        const group = [...this.keys].filter((k) => shardKey(k) === k2);
        found = expand(await this.entries(group), t, { typo: true });
      }
    }
    if (this.termCache.size > 200) this.termCache.clear();
    this.termCache.set(id, found);
    return found;
  }

  /**
   * Loads what the terms need, then ranks. Returns {results, stems} (stems: every index term matched). A word still
   * being typed whose first two letters are a split group waits for its third letter (it would need the whole
   * group); until then the other words are searched. An optional term that matches nothing is left out.
   */
  async search(queryTerms, limit = LIMIT) {
    const ready = queryTerms.filter((t) => !(t.typing && this.prefixKeys(t.surface) === null && [...t.surface].length < 3));
    const stems = new Set();
    if (ready.length === 0) return { results: [], stems, waiting: queryTerms.length > 0 };
    const expansions = await Promise.all(ready.map((t) => this.expansions(t)));
    const terms = [];
    for (let i = 0; i < ready.length; i++) {
      const ex = expansions[i];
      if (ex.length === 0) {
        if (ready[i].optional) continue;
        return { results: [], stems };
      }
      for (const [e] of ex) stems.add(e[0]);
      terms.push({ ex, optional: ready[i].optional });
    }
    this.scratch ||= new Int32Array(this.manifest.articles);
    return { results: rank(terms, this.manifest.articles, limit, this.scratch), stems };
  }

  /**
   * What the results show, a row each: the article with the step or heading it lands on (or its description), then
   * its other matching units. Each row is {path, title, anchor, number, text, heading, article, sub, label}:
   * `heading` is the heading a step is under, `article` whether the row is the article itself, `sub` whether it is
   * shown under the article's first row.
   */
  async describe(results) {
    const per = this.manifest.docsPerFile;
    const files = await Promise.all(results.map((r) => this.docsFile(Math.floor(r.article / per))));
    const label = this.manifest.label;
    const rows = [];
    // Every article gets its row; the rows under them fill what is left of MAX_ROWS, best articles first.
    let spare = MAX_ROWS - results.length;
    results.forEach((r, i) => {
      const [path, title, description, units] = files[i][r.article % per];
      const unit = (u) => {
        const [anchor, number, text, heading] = units[u.local - 1];
        return { path, title, anchor, number, text, heading: heading || "", article: false, label, score: u.score };
      };
      // A heading holds its steps' words too: a step scoring about as well is the more precise place to land.
      const preferred = (u) => u.score * (u.number ? STEP : 1);
      const found = r.units.map(unit).sort((a, b) => preferred(b) - preferred(a));
      if (found.length === 0) {
        rows.push({ path, title, anchor: "", number: "", text: description, heading: "", article: true, label, sub: false });
      }
      found.forEach((u, k) => {
        if (k > 0 && spare <= 0) return;
        if (k > 0) spare--;
        delete u.score;
        rows.push({ ...u, sub: k > 0 });
      });
    });
    return rows;
  }
}

async function getJson(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

// ---- The search box ----

/** `text` as nodes, with the words whose stems are in `stems` marked. */
export function highlight(text, stems, analyzer = ANALYZERS.en) {
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const t of tokens(text, analyzer)) {
    // The parts of a dotted number overlap it.
    if (t.start < at || !stems.has(t.stem)) continue;
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
    status.textContent = TEXT.search_failed;
    console.warn("search:", e);
    return;
  }
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
  const say = (text) => {
    if (status.textContent !== text) status.textContent = text;
  };
  let shownItems = [];
  const summarise = (query, items) => {
    const articles = new Set(items.map((i) => i.path)).size;
    if (!items.length) return message("search_none", { query });
    const count = (key, n) => message(`${key}_${n === 1 ? "one" : "many"}`, { n });
    return message("search_summary", { articles: count("search_articles", articles), results: count("search_results", items.length), query });
  };
  const render = (query, items, stems) => {
    // The screen reader hears what the box shows now, even when the list itself stays as it was.
    const summary = summarise(query, items);
    shownItems = items;
    // Typing on in a word often changes nothing that is shown: then the list (and the option in focus) stays.
    const marked = [...stems].sort().join(" ");
    const signature = JSON.stringify([items.map((i) => [i.path, i.anchor, i.article]), marked]);
    if (signature === shown && !popup.hidden) {
      say(summary);
      return;
    }
    shown = signature;
    listbox.replaceChildren();
    // The version is said only when the rows are not all of one; rows that would read the same say their heading.
    const versions = new Set(items.map((i) => i.label)).size > 1;
    const texts = new Map();
    for (const i of items) texts.set(`${i.number}\u0000${i.text}`, (texts.get(`${i.number}\u0000${i.text}`) || 0) + 1);
    options = items.map((item, i) => {
      const li = document.createElement("li");
      li.id = `hs-search-option-${i}`;
      li.className = item.sub ? "search-result search-result-sub" : "search-result";
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.href = new URL(`${item.path}/${item.anchor ? `#${item.anchor}` : ""}`, home).href;
      const line = span("search-result-text");
      const step = item.number ? message("search_step", { number: item.number }) : "";
      if (item.number) line.append(span("search-result-number", step), " ");
      line.append(highlight(item.text || "", stems, index.analyzer));
      if (item.sub) li.setAttribute("aria-label", `${item.title}: ${step ? `${step} ` : ""}${item.text}`);
      else li.append(span("search-result-title", highlight(item.title, stems, index.analyzer)));
      if (item.text || item.number) li.append(line);
      if (item.heading && texts.get(`${item.number}\u0000${item.text}`) > 1) {
        const [before, after] = TEXT.search_under.split("{heading}");
        li.append(span("search-result-heading", before, highlight(item.heading, stems, index.analyzer), after || ""));
      }
      if (versions) li.append(span("search-result-version", item.label));
      listbox.append(li);
      return li;
    });
    active = -1;
    input.removeAttribute("aria-activedescendant");
    empty.hidden = items.length > 0;
    open(true);
    say(summary);
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
    const queryTerms = parseQuery(value, index.synonyms, index.analyzer);
    if (queryTerms.length === 0) {
      listbox.replaceChildren();
      shown = "";
      options = [];
      shownItems = [];
      open(false);
      say("");
      done(value, 0, started);
      return;
    }
    try {
      const { results, stems, waiting } = await index.search(queryTerms);
      if (mine !== seq) return;
      if (waiting) {
        // One more letter is needed; keep what is shown, and say so for what is in the box now.
        say(shownItems.length ? summarise(value.trim(), shownItems) : "");
        done(value, options.length, started);
        return;
      }
      const items = await index.describe(results);
      if (mine !== seq) return;
      render(value.trim(), items, stems);
      done(value, items.length, started);
    } catch (e) {
      if (mine !== seq) return;
      status.textContent = TEXT.search_failed;
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
