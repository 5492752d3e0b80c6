// The shipped checker (wasm-validator/pkg/: the committed wasm and glue) against the case table
// shared with the native Rust test, and the contract's properties. Run: node --test wasm-validator/tests/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { loadPkg, loadCases, generatedInputs, GLUE, WASM } from './load.mjs';

const pkg = fileURLToPath(new URL('../pkg/', import.meta.url));
const check = await loadPkg(pkg);
const cases = loadCases();
const STATUSES = ['empty', 'valid', 'fixable', 'warning', 'invalid'];

/** Every property the contract promises for one result. */
function assertContract(input, r) {
  assert.equal(Object.getPrototypeOf(r), Object.prototype, 'a plain object');
  assert.deepEqual(Object.keys(r), ['status', 'normalized', 'problems']);
  assert.ok(STATUSES.includes(r.status), r.status);
  assert.ok(Array.isArray(r.problems));
  const hasNormalized = ['valid', 'fixable', 'warning'].includes(r.status);
  assert.equal(typeof r.normalized, hasNormalized ? 'string' : 'object');
  if (!hasNormalized) assert.equal(r.normalized, null);
  let lastStart = 0;
  let unlocated = false;
  for (const p of r.problems) {
    assert.equal(Object.getPrototypeOf(p), Object.prototype);
    assert.deepEqual(Object.keys(p), ['code', 'message', 'key', 'name', 'latin', 'count', 'start', 'end']);
    assert.match(p.code, /^[a-z]+(-[a-z]+)*$/);
    // What a page in another language needs to say it in its words (see widget/widget.js).
    assert.match(p.key, /^[a-z]+(_[a-z0-9]+)*$/);
    assert.ok(p.name === null || (typeof p.name === 'string' && p.name.length > 0), `name ${p.name}`);
    assert.ok(p.latin === null || /^[a-zA-Z]$/.test(p.latin), `latin ${p.latin}`);
    assert.ok(p.count === null || Number.isInteger(p.count), `count ${p.count}`);
    assert.equal(typeof p.message, 'string');
    assert.ok(p.message.length > 0);
    if (p.start === null) {
      assert.equal(p.end, null);
      unlocated = true;
      continue;
    }
    assert.ok(!unlocated, 'problems without a place come last');
    assert.ok(Number.isInteger(p.start) && Number.isInteger(p.end));
    assert.ok(p.start >= lastStart, 'in input order');
    assert.ok(p.start < p.end && p.end <= input.length, `range ${p.start}..${p.end} inside ${input.length}`);
    // Never between the two halves of a surrogate pair.
    for (const at of [p.start, p.end]) {
      const lowHere = /[\udc00-\udfff]/.test(input[at] ?? '');
      const highBefore = /[\ud800-\udbff]/.test(input[at - 1] ?? '');
      assert.ok(!(lowHere && highBefore), `offset ${at} splits a surrogate pair`);
    }
    lastStart = p.start;
  }
  if (r.normalized !== null) {
    assert.match(r.normalized, /^[a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4}$/);
    const again = check(r.normalized);
    assert.equal(again.status, 'valid', `check(${JSON.stringify(r.normalized)}) is valid`);
    assert.equal(again.normalized, r.normalized);
  }
  if (r.status === 'valid') {
    assert.equal(r.normalized, input);
    assert.deepEqual(r.problems, []);
  }
}

test('every case in the table gives the same verdict from the shipped wasm as from the native rules', () => {
  assert.ok(cases.length >= 40);
  for (const c of cases) {
    const r = check(c.input);
    const got = { status: r.status, normalized: r.normalized, problems: r.problems.map((p) => [p.code, p.start, p.end]) };
    assert.deepEqual(got, { status: c.status, normalized: c.normalized, problems: c.problems }, c.name);
    assertContract(c.input, r);
  }
});

test('strings with lone surrogates do not throw and keep their offsets', () => {
  for (const s of ['\ud800', '\udc00', 'abcd\ud800', '\udfffabcd efgh ijkl mnop', 'abcd efgh ijkl mno\ud83d', '\ud83d\ude00\ud83d']) {
    const r = check(s);
    assertContract(s, r);
    assert.equal(r.status, 'invalid', JSON.stringify(s));
  }
  const r = check('abcd \ud800fgh ijkl mnop');
  assert.deepEqual(r.problems[0], { ...r.problems[0], code: 'symbol', start: 5, end: 6 });
});

test('astral characters count as two UTF-16 units, as JavaScript indexes strings', () => {
  const input = '\u{1F600}\u{1F600} abcd efgh ijkl mnop\u00a0';
  const r = check(input);
  const symbol = r.problems.find((p) => p.code === 'symbol');
  assert.deepEqual([symbol.start, symbol.end], [0, 4]);
  assert.equal(input.slice(symbol.start, symbol.end), '\u{1F600}\u{1F600}');
  const space = r.problems.find((p) => p.code === 'extra-whitespace' && p.start > 4);
  assert.equal(input.slice(space.start, space.end), '\u00a0');
});

test('generated inputs never throw, keep the contract and get the same result twice', () => {
  for (const input of generatedInputs(5000, 7)) {
    const r = check(input);
    assertContract(input, r);
    assert.deepEqual(check(input), r);
  }
});

test('a very long input is checked without trouble', () => {
  const input = 'abcd efgh ijkl mnop \u00a0\u200b'.repeat(20000);
  const r = check(input);
  assert.equal(r.status, 'invalid');
  assertContract(input, r);
});

test('the shipped wasm and glue are at most 20 kB gzipped together', () => {
  const size = (f) => gzipSync(readFileSync(new URL(`../pkg/${f}`, import.meta.url)), { level: 9 }).length;
  const total = size(WASM) + size(GLUE);
  assert.ok(total <= 20000, `${total} bytes`);
});
