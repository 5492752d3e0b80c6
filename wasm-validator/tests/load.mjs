// Loads a built pkg/ folder (glue + wasm) in Node, without a browser, and gives its `check`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const GLUE = 'app_password_validator.js';
export const WASM = 'app_password_validator_bg.wasm';

/** Imports `dir`/GLUE, instantiates `dir`/WASM synchronously and returns the module's `check`. */
export async function loadPkg(dir) {
  const glue = await import(pathToFileURL(join(dir, GLUE)).href);
  glue.initSync({ module: readFileSync(join(dir, WASM)) });
  return glue.check;
}

/** The case table shared with the native Rust test, with each case's input as a JS string. */
export function loadCases() {
  const url = new URL('./cases.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')).map((c) => ({
    ...c,
    input: c.input ?? String.fromCharCode(...c.input16),
  }));
}

/** A small deterministic generator (mulberry32), so generated inputs are the same every run. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a', 'b', 'k', 'p', 'z', 'A', 'Q', '0', '9', ' ', ' ', ' ', '\t', '\n', '\r\n', '\u00a0', '\u2009',
  '\u202f', '\u3000', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u0000', '"', '\u201c',
  '\u201d', "'", '-', '.', '@', '*', '\u2022', '\uff41', '\uff3a', '\u0430', '\u03bf', '\u00f6',
  '\u0301', '\u{1F600}', '\u{1D41A}', '\ud800', '\udc00', '\ud83d', 'abcd', 'efgh ', 'ijkl mnop',
];

/** `count` inputs mixing the characters the rules treat specially, lone surrogates included. */
export function generatedInputs(count, seed = 20240530) {
  const next = random(seed);
  const out = [];
  for (let i = 0; i < count; i++) {
    const n = Math.floor(next() * 24);
    let s = '';
    for (let k = 0; k < n; k++) s += PIECES[Math.floor(next() * PIECES.length)];
    out.push(s);
  }
  return out;
}
