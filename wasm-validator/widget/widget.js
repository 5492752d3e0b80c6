// The app-password format checker's page script. For each .hs-widget it imports the wasm-bindgen
// glue (data-glue), initialises it with the wasm (data-wasm), both resolved against the page,
// then replaces the widget's plain-text rule with the interactive checker. Everything happens in
// the page: no network request beyond loading those two files, no storage, no console output.
// If the glue or the wasm cannot be loaded, the rule text simply stays.

const SEVERITY = {
  uppercase: 'warn',
  fullwidth: 'warn',
  'too-short': 'bad',
  'too-long': 'bad',
  digit: 'bad',
  symbol: 'bad',
  lookalike: 'bad',
  masked: 'bad',
  repeated: 'bad',
  'account-password': 'bad',
};
const RANK = { fix: 1, warn: 2, bad: 3 };
const severity = (code) => SEVERITY[code] || 'fix';

const HEADLINES = {
  valid: 'Right format: 16 letters in four groups of four. Enter it in SmarterTrack exactly like this.',
  fixable: 'Nearly right: the letters are fine, but not the spacing or hidden characters. Copy the formatted password below.',
  warning: 'Check before you copy: the formatted password below changes some letters.',
  invalid: 'This is not an app password yet:',
};

// Visible labels for characters that show as nothing or as an ordinary space.
const LABELS = {
  '\t': 'TAB',
  '\n': '↵',
  '\r': 'CR',
  '\u00a0': 'NBSP',
  '\u00ad': 'SHY',
  '\u2009': 'THIN',
  '\u202f': 'NNBSP',
  '\u3000': 'IDSP',
  '\u200b': 'ZWSP',
  '\u200c': 'ZWNJ',
  '\u200d': 'ZWJ',
  '\u2060': 'WJ',
  '\ufeff': 'BOM',
  '\u2028': '↵',
  '\u2029': '↵',
};
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Z}\p{M}]$/u;

function label(ch) {
  if (ch === ' ') return null;
  if (LABELS[ch]) return LABELS[ch];
  if (INVISIBLE.test(ch)) return 'U+' + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
  return null;
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

let nextId = 0;

function setUp(root, check) {
  const q = (sel) => root.querySelector(sel);
  const ui = q('.hs-widget-ui');
  const input = q('.hs-widget-input');
  const label_ = q('.hs-widget-label');
  const toggle = q('.hs-widget-toggle');
  const verdict = q('.hs-widget-verdict');
  const echoBox = q('.hs-widget-echo-box');
  const echo = q('.hs-widget-echo');
  const fixedBox = q('.hs-widget-fixed-box');
  const fixed = q('.hs-widget-fixed');
  const fixedCaption = q('.hs-widget-fixed-caption');
  const copy = q('.hs-widget-copy');
  const copied = q('.hs-widget-copied');
  const privacy = q('.hs-widget-privacy');
  if (!ui || !input || !toggle || !verdict || !echo || !fixed || !copy) return;

  nextId += 1;
  input.id = `hs-widget-input-${nextId}`;
  privacy.id = `hs-widget-privacy-${nextId}`;
  label_.htmlFor = input.id;
  input.setAttribute('aria-describedby', privacy.id);

  let current = null;
  let spoken = '';

  const masked = () => input.type === 'password';
  const shown = (ch) => (masked() ? '•' : ch);

  function renderEcho(text, problems) {
    // Severity of each UTF-16 unit: the worst problem covering it.
    const level = new Array(text.length).fill(0);
    for (const p of problems) {
      if (p.start === null) continue;
      const r = RANK[severity(p.code)];
      for (let i = p.start; i < p.end; i++) level[i] = Math.max(level[i], r);
    }
    const names = ['', 'fix', 'warn', 'bad'];
    echo.replaceChildren();
    let i = 0;
    let run = null;
    let runLevel = -1;
    for (const ch of text) {
      const lv = level[i];
      if (lv !== runLevel) {
        run = lv ? el('mark', `hs-echo-${names[lv]}`) : document.createDocumentFragment();
        runLevel = lv;
        if (lv) echo.append(run);
      }
      const target = lv ? run : echo;
      const name = label(ch);
      if (name) {
        target.append(el('span', 'hs-echo-char', name));
      } else if (ch === ' ') {
        target.append(el('span', 'hs-echo-space', ' '));
      } else {
        target.append(document.createTextNode(shown(ch)));
      }
      i += ch.length;
    }
  }

  function renderFixed(text, normalized) {
    fixed.replaceChildren();
    // The letters the input has, in order, to mark the ones the formatted form changes.
    const letters = [];
    for (const ch of text) if (/^[a-zA-Z\uff21-\uff3a\uff41-\uff5a]$/.test(ch)) letters.push(ch);
    let k = 0;
    for (const ch of normalized) {
      if (ch === ' ') {
        fixed.append(' ');
        continue;
      }
      const changed = letters.length === 16 && letters[k] !== ch;
      fixed.append(changed ? el('mark', 'hs-echo-warn', shown(ch)) : document.createTextNode(shown(ch)));
      k += 1;
    }
  }

  function render() {
    const text = input.value;
    const r = text ? check(text) : { status: 'empty', normalized: null, problems: [] };
    current = r;
    root.dataset.status = r.status;

    // The verdict, spoken politely: only rebuilt when what it says changes.
    const words = r.status === 'empty' ? '' : [HEADLINES[r.status], ...r.problems.map((p) => p.message)].join('\n');
    if (words !== spoken) {
      spoken = words;
      verdict.replaceChildren();
      if (r.status !== 'empty') {
        verdict.append(el('p', `hs-verdict-head hs-verdict-${r.status}`, HEADLINES[r.status]));
        if (r.problems.length) {
          // One line per message, with how many places it applies to.
          const counts = new Map();
          for (const p of r.problems) {
            const seen = counts.get(p.message);
            if (seen) seen.count += 1;
            else counts.set(p.message, { count: 1, code: p.code });
          }
          const list = el('ul', 'hs-verdict-problems');
          for (const [message, { count, code }] of counts) {
            list.append(el('li', `hs-problem-${severity(code)}`, count > 1 ? `${message} (${count} places)` : message));
          }
          verdict.append(list);
        }
      }
    }

    echoBox.hidden = r.status === 'empty' || r.status === 'valid';
    renderEcho(text, r.problems);
    const showFixed = r.status === 'fixable' || r.status === 'warning';
    fixedBox.hidden = !showFixed;
    if (showFixed) renderFixed(text, r.normalized);
    if (fixedCaption) {
      fixedCaption.textContent = masked()
        ? 'Formatted password, as it will be copied (press Show to see the letters):'
        : 'Formatted password, as it will be copied:';
    }
    else fixed.replaceChildren();
    copy.disabled = r.normalized === null;
  }

  // Nothing is ever submitted (the field has no name either); Enter just keeps the check.
  ui.addEventListener('submit', (event) => event.preventDefault());

  input.addEventListener('input', () => {
    copied.textContent = '';
    render();
  });

  toggle.addEventListener('click', () => {
    const show = masked();
    input.type = show ? 'text' : 'password';
    toggle.textContent = show ? 'Hide' : 'Show';
    toggle.setAttribute('aria-label', show ? 'Hide password' : 'Show password');
    render();
  });

  copy.addEventListener('click', async () => {
    const value = current && current.normalized;
    if (!value) return;
    try {
      await navigator.clipboard.writeText(value);
      copied.textContent = 'Copied. Paste it into SmarterTrack.';
    } catch {
      copied.textContent = 'Could not copy here: show the password, then select the formatted password and copy it.';
    }
  });

  // Nothing of the password stays in the page once it is left.
  window.addEventListener('pagehide', () => {
    input.value = '';
    input.type = 'password';
    toggle.textContent = 'Show';
    toggle.setAttribute('aria-label', 'Show password');
    copied.textContent = '';
    render();
  });

  render();
  const rule = q('.hs-widget-rule');
  if (rule) rule.hidden = true;
  ui.hidden = false;
}

async function start(root) {
  if (typeof WebAssembly !== 'object') return;
  try {
    const glue = await import(new URL(root.dataset.glue, document.baseURI).href);
    await glue.default({ module_or_path: new URL(root.dataset.wasm, document.baseURI) });
    setUp(root, glue.check);
  } catch {
    // The rule text stays in place.
  }
}

for (const root of document.querySelectorAll('.hs-widget')) start(root);
