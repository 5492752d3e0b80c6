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

// The texts this script shows, from the theme's message catalogue (templates/messages/): helpsite writes each page
// language's own texts between the markers of its copy of this file. A problem's text is `widget_` and the key the
// checker gives it, `{name}` and the rest filled in; the checker's own English message is kept for a key missing here.
const TEXT = /* messages */ {
  "widget_headline_valid": "Right format: 16 letters in four groups of four. Enter it in SmarterTrack exactly like this.",
  "widget_headline_fixable": "Nearly right: the letters are fine, but not the spacing or hidden characters. Copy the formatted password below.",
  "widget_headline_warning": "Check before you copy: the formatted password below changes some letters.",
  "widget_headline_invalid": "This is not an app password yet:",
  "widget_places": "{message} ({count} places)",
  "widget_show": "Show",
  "widget_hide": "Hide",
  "widget_show_password": "Show password",
  "widget_hide_password": "Hide password",
  "widget_fixed_caption": "Formatted password, as it will be copied:",
  "widget_fixed_caption_masked": "Formatted password, as it will be copied (press Show to see the letters):",
  "widget_copied": "Copied. Paste it into SmarterTrack.",
  "widget_copy_failed": "Could not copy here: show the password, then select the formatted password and copy it.",
  "widget_missing_spaces": "Spaces missing: an app password is four groups of four letters with a space between groups.",
  "widget_misplaced_space": "Space in the wrong place: each group has four letters.",
  "widget_line_break_before": "Line break before the password.",
  "widget_space_before": "Extra space before the password.",
  "widget_line_break_after": "Line break after the password.",
  "widget_space_after": "Extra space after the password.",
  "widget_extra_space": "More than one space here: groups are separated by a single space.",
  "widget_unusual_space": "A {name} instead of an ordinary space.",
  "widget_line_break": "Line break inside the password.",
  "widget_invisible_one": "Invisible character ({name}): not part of the password.",
  "widget_invisible_many": "Invisible characters ({name}): not part of the password.",
  "widget_quotes_one": "Quotation mark: not part of the password.",
  "widget_quotes_many": "Quotation marks: not part of the password.",
  "widget_uppercase_one": "Capital letter: app passwords are all lower case. A phone may have capitalised it.",
  "widget_uppercase_many": "Capital letters: app passwords are all lower case. Is Caps Lock on?",
  "widget_fullwidth_one": "Wide (full-width) letter from an East Asian input mode: the password uses ordinary letters.",
  "widget_fullwidth_many": "Wide (full-width) letters from an East Asian input mode: the password uses ordinary letters.",
  "widget_no_letters": "No letters: an app password has 16.",
  "widget_too_short": "Too short: {count} where an app password has 16 letters.",
  "widget_too_long": "Too long: {count} where an app password has 16 letters.",
  "widget_count_letters_one": "{n} letter",
  "widget_count_letters_many": "{n} letters",
  "widget_count_characters_one": "{n} character",
  "widget_count_characters_many": "{n} characters",
  "widget_digits_one": "A digit: app passwords have only letters.",
  "widget_digits_many": "Digits: app passwords have only letters.",
  "widget_symbol": "Not part of an app password, which has only the letters a to z and spaces.",
  "widget_lookalike_named": "Looks like “{latin}” but is {name}, a different character. Type the password again or copy it from Google.",
  "widget_accent": "Accent mark: app passwords use the plain letters a to z.",
  "widget_lookalike_one": "Not one of the plain letters a to z, though it may look like one.",
  "widget_lookalike_many": "Not the plain letters a to z, though they may look like them.",
  "widget_masked": "These {name} hide a password: copy the password itself, not the {name}.",
  "widget_repeated": "The password is here more than once: keep only one copy.",
  "widget_account_password": "This looks like an ordinary account password. Use the 16-letter app password Google created instead.",
  "widget_other": "Not part of an app password.",
  "widget_name_tab": "tab",
  "widget_name_no_break_space": "no-break space",
  "widget_name_thin_space": "thin space",
  "widget_name_narrow_no_break_space": "narrow no-break space",
  "widget_name_wide_ideographic_space": "wide (ideographic) space",
  "widget_name_special_space": "special space",
  "widget_name_zero_width_space": "zero-width space",
  "widget_name_zero_width_non_joiner": "zero-width non-joiner",
  "widget_name_zero_width_joiner": "zero-width joiner",
  "widget_name_word_joiner": "word joiner",
  "widget_name_byte_order_mark": "byte-order mark",
  "widget_name_soft_hyphen": "soft hyphen",
  "widget_name_text_direction_mark": "text-direction mark",
  "widget_name_variation_selector": "variation selector",
  "widget_name_invisible_character": "invisible character",
  "widget_name_control_character": "control character",
  "widget_name_a_cyrillic_letter": "a Cyrillic letter",
  "widget_name_a_greek_letter": "a Greek letter",
  "widget_name_a_different_letter": "a different letter",
  "widget_name_dots": "dots",
  "widget_name_stars": "stars"
} /* end messages */;

function fill(template, values) {
  return template.replace(/\{([a-z]+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

// A problem's text in the page's language (see TEXT).
function problemText(p) {
  const template = TEXT[`widget_${p.key}`];
  if (template === undefined) return p.message;
  const values = {};
  if (p.name) values.name = TEXT[`widget_name_${p.name.replace(/[^a-z]+/gi, '_').toLowerCase()}`] ?? p.name;
  if (p.latin) values.latin = p.latin;
  if (p.count !== null && p.count !== undefined) {
    const unit = TEXT[`widget_count_${p.name}_${p.count === 1 ? 'one' : 'many'}`];
    values.count = unit === undefined ? String(p.count) : fill(unit, { n: p.count });
  }
  return fill(template, values);
}

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
    const texts = r.problems.map(problemText);
    const words = r.status === 'empty' ? '' : [TEXT[`widget_headline_${r.status}`], ...texts].join('\n');
    if (words !== spoken) {
      spoken = words;
      verdict.replaceChildren();
      if (r.status !== 'empty') {
        verdict.append(el('p', `hs-verdict-head hs-verdict-${r.status}`, TEXT[`widget_headline_${r.status}`]));
        if (r.problems.length) {
          // One line per message, with how many places it applies to.
          const counts = new Map();
          r.problems.forEach((p, i) => {
            const seen = counts.get(texts[i]);
            if (seen) seen.count += 1;
            else counts.set(texts[i], { count: 1, code: p.code });
          });
          const list = el('ul', 'hs-verdict-problems');
          for (const [message, { count, code }] of counts) {
            list.append(el('li', `hs-problem-${severity(code)}`, count > 1 ? fill(TEXT.widget_places, { message, count }) : message));
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
      fixedCaption.textContent = masked() ? TEXT.widget_fixed_caption_masked : TEXT.widget_fixed_caption;
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
    toggle.textContent = show ? TEXT.widget_hide : TEXT.widget_show;
    toggle.setAttribute('aria-label', show ? TEXT.widget_hide_password : TEXT.widget_show_password);
    render();
  });

  copy.addEventListener('click', async () => {
    const value = current && current.normalized;
    if (!value) return;
    try {
      await navigator.clipboard.writeText(value);
      copied.textContent = TEXT.widget_copied;
    } catch {
      copied.textContent = TEXT.widget_copy_failed;
    }
  });

  // Nothing of the password stays in the page once it is left.
  window.addEventListener('pagehide', () => {
    input.value = '';
    input.type = 'password';
    toggle.textContent = TEXT.widget_show;
    toggle.setAttribute('aria-label', TEXT.widget_show_password);
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
