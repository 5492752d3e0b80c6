// helpsite page script: copy-a-step-link buttons, version links that keep the step you are on, and the notice for a
// link whose step moved.
// Everything here is progressive: without it, step links and version links still work as plain links.

// The texts this script shows, from the theme's message catalogue (templates/messages/): helpsite writes each page
// language's own texts between the markers of its copy of this file. `{name}` is filled in where the text is used.
const TEXT = /* messages */ {
  "copy_link": "Copy link",
  "copy_link_to_step": "Copy link to step {number}",
  "copied": "Copied",
  "copy_failed": "Copy failed",
  "notice_renumbered": "Steps were renumbered {when}. Looking for “{text}”? It is now {link}.",
  "notice_renumbered_step": "step {number}",
  "notice_elsewhere": "The step “{text}” is not in this edition of the article. It is still in {link}.",
  "notice_removed": "The step “{text}” was removed {when}. The steps below are the current ones.",
  "notice_on": "on {date}",
  "notice_since": "since {date}",
  "notice_unknown": "This page has no step or section called “{id}”: it may have been renamed or removed. The steps below are the current ones.",
  "step_report": "Didn't work?",
  "step_report_label": "Step {number} didn't work? Tell support",
  "step_report_sent": "Thanks, support will see it",
  "feedback_thanks_yes": "Thank you for telling us.",
  "feedback_thanks_no": "Thank you. The contact link below reaches our support team.",
  "dismiss_announcement": "Dismiss announcement"
} /* end messages */;

// A text with its `{name}` parts filled in: strings, or elements (a link, a date) kept as nodes.
function parts(template, values) {
  return template.split(/(\{[a-z]+\})/).filter((p) => p !== "").map((p) => {
    const name = p.startsWith("{") && p.endsWith("}") ? p.slice(1, -1) : null;
    return name !== null && Object.hasOwn(values, name) ? values[name] : p;
  });
}
function text(key, values = {}) {
  return parts(TEXT[key], values)
    .map((p) => (typeof p === "string" ? p : p.textContent))
    .join("");
}

const article = document.querySelector("article[data-page-url]");

// A step's number, as its link shows it.
function stepNumber(link) {
  const shown = link.querySelector("[aria-hidden]");
  return shown ? shown.textContent.trim() : "";
}

// "Copy link" beside each step's own link; copies the absolute, published address of the step.
if (article && navigator.clipboard && window.isSecureContext) {
  const pageUrl = article.dataset.pageUrl;
  for (const link of document.querySelectorAll("li.step > a.step-link")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "step-copy";
    button.textContent = TEXT.copy_link;
    button.setAttribute("aria-label", text("copy_link_to_step", { number: stepNumber(link) }));
    button.addEventListener("click", async () => {
      const url = pageUrl + link.getAttribute("href");
      try {
        await navigator.clipboard.writeText(url);
        button.textContent = TEXT.copied;
        button.classList.add("copied");
      } catch {
        button.textContent = TEXT.copy_failed;
      }
      setTimeout(() => {
        button.textContent = TEXT.copy_link;
        button.classList.remove("copied");
      }, 2000);
    });
    // The button goes at the end of the step's first line of text.
    const first = link.parentElement.querySelector(":scope > p") || link.parentElement;
    if (first === link.parentElement) {
      const nested = first.querySelector(":scope > ol, :scope > ul, :scope > figure, :scope > div");
      first.insertBefore(button, nested);
    } else {
      first.append(button);
    }
  }
}

// The version menu closes as menus do: on Escape (back to its button), on a click elsewhere, and when focus leaves it.
for (const menu of document.querySelectorAll(".version-switcher details")) {
  const summary = menu.querySelector("summary");
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      summary.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
  menu.addEventListener("focusout", (event) => {
    if (menu.open && event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
  });
}

// Version and language links carry a map of where this page's steps and headings land on the other page
// (data-map: "same", then pairs "id-here id-there", "#" for the top); an id it does not list lands on the same id.
// Follow it with the step the reader is on, so the other page opens at the same step. The footer's links to the
// same pages carry no map of their own: they use the switcher link's with the same address.
function currentAnchor() {
  try {
    return decodeURIComponent(location.hash.slice(1));
  } catch {
    return "";
  }
}
// Every id of a step (its number, its names, former ones) stands for the step: the map lists the step by its anchor,
// the target of the step's own link, which is also the address to keep (a number changes when steps are added).
function anchorOf(id) {
  const el = id && document.getElementById(id);
  const step = el && el.closest("li.step");
  const own = step && step.querySelector(":scope > a.step-link");
  return own ? own.getAttribute("href").slice(1) : id;
}
function readMap(text) {
  const words = text.trim().split(/\s+/);
  if (words[0] !== "same" || words.length % 2 !== 1) return null;
  const map = new Map();
  for (let i = 1; i < words.length; i += 2) map.set(words[i], words[i + 1] === "#" ? "" : words[i + 1]);
  return map;
}
const mapsByAddress = new Map();
for (const link of document.querySelectorAll("a[data-map]")) {
  const base = link.getAttribute("href").split("#")[0];
  if (!mapsByAddress.has(base)) mapsByAddress.set(base, link.dataset.map);
}
for (const link of document.querySelectorAll("a[data-map], .site-footer a[href]")) {
  const base = link.getAttribute("href").split("#")[0];
  const text = link.dataset.map ?? mapsByAddress.get(base);
  if (text === undefined) continue;
  const retarget = () => {
    const map = readMap(text);
    if (!map) return;
    const id = anchorOf(currentAnchor());
    const target = map.has(id) ? map.get(id) : id && document.getElementById(id) ? id : "";
    link.setAttribute("href", target ? `${base}#${target}` : base);
  };
  link.addEventListener("click", retarget);
  link.addEventListener("focus", retarget);
  link.addEventListener("mouseenter", retarget);
}

// Opening a step by its link: move keyboard focus there too, so Tab continues from the step.
function focusTarget() {
  const id = currentAnchor();
  if (!id) return;
  const el = document.getElementById(id);
  const step = el && el.closest("li.step");
  if (step) {
    step.setAttribute("tabindex", "-1");
    step.focus({ preventScroll: true });
  }
}
window.addEventListener("hashchange", focusTarget);
focusTarget();
// Scrolling to a named step's anchor (an empty span inside the step) when the page has loaded takes the focus back to
// the page: give it to the step again.
window.addEventListener("load", focusTarget);

// A link whose step moved or is gone since it was sent (the ledger knows: data-history), or that names nothing on
// the page: say so above the steps, with a link to where the step is now, instead of leaving the reader at another
// step or at the top. The notice is a live region, so screen readers announce it.
const stepNotice = article && article.querySelector(".step-notice");
function explainAnchor() {
  if (!stepNotice) return;
  let history = {};
  try {
    history = JSON.parse(stepNotice.dataset.history || "{}");
  } catch {
    history = {};
  }
  stepNotice.replaceChildren();
  stepNotice.classList.remove("shown");
  const id = currentAnchor();
  const meanings = Object.hasOwn(history, id) ? history[id] : null;
  if (!id || (!meanings && document.getElementById(id))) return;
  const line = (key, values) => {
    const p = document.createElement("p");
    p.append(...parts(TEXT[key], values));
    stepNotice.append(p);
  };
  // A date stays on one line (a phone would break "2026-11-01" at its dashes).
  const date = (d) => {
    const t = document.createElement("time");
    t.dateTime = d;
    t.textContent = d;
    return t;
  };
  const link = (text, href) => {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  };
  if (meanings) {
    for (const m of meanings) {
      const when = document.createElement("span");
      when.append(...parts(TEXT[m.changed ? "notice_on" : "notice_since"], { date: date(m.changed || m.since) }));
      if (m.to) {
        const to = link(text("notice_renumbered_step", { number: m.number }), `#${m.to}`);
        line("notice_renumbered", { when, text: m.text.replace(/[.:]$/, ""), link: to });
      } else if (m.elsewhere) {
        line("notice_elsewhere", { text: m.text, link: link(m.elsewhere.label, m.elsewhere.url) });
      } else {
        line("notice_removed", { text: m.text, when });
      }
    }
  } else {
    line("notice_unknown", { id });
  }
  stepNotice.classList.add("shown");
  stepNotice.setAttribute("tabindex", "-1");
  stepNotice.scrollIntoView({ block: "start" });
  stepNotice.focus({ preventScroll: true });
}
window.addEventListener("hashchange", explainAnchor);
explainAnchor();
// The browser scrolls to (and focuses) the step the address names once the page has loaded: bring the notice back.
window.addEventListener("load", () => {
  if (stepNotice && stepNotice.classList.contains("shown")) {
    stepNotice.scrollIntoView({ block: "start" });
    stepNotice.focus({ preventScroll: true });
  }
});

// Search: the search script and its index load only when the search box is first used (focus, or "/" anywhere).
const searchForm = document.querySelector("form.search[data-script]");
if (searchForm) {
  const input = searchForm.querySelector("input[type=search]");
  searchForm.classList.add("search-js");
  input.addEventListener(
    "focus",
    () => {
      import(new URL(searchForm.dataset.script, document.baseURI).href)
        .then((search) => search.attach(searchForm))
        .catch(() => searchForm.classList.remove("search-js"));
    },
    { once: true },
  );
  document.addEventListener("keydown", (e) => {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    if (e.target.closest?.("input, textarea, select, [contenteditable]")) return;
    e.preventDefault();
    input.focus();
  });
}

// "On this page" is open beside the article on wide screens and folded above it on phones.
const tocDetails = document.querySelector(".toc-details");
if (tocDetails) {
  const wide = window.matchMedia("(min-width: 64rem)");
  const fit = () => {
    tocDetails.open = wide.matches;
  };
  fit();
  wide.addEventListener("change", fit);
}

// Support: "Did this step work?" beside each step, and "Was this article helpful?". The links open the support form
// or an e-mail that already says which article, version and step; the page sends nothing. Only where site.toml names
// a feedback endpoint is the answer posted there instead, on the click and never before.
const stepReport = article && article.dataset.stepReport;
const endpoint = article && article.dataset.feedbackEndpoint;
function send(answer, step) {
  if (!endpoint) return false;
  const body = JSON.stringify({
    article: article.dataset.article,
    version: article.dataset.version,
    url: article.dataset.pageUrl,
    step,
    answer,
  });
  // text/plain keeps it a simple request (no preflight); no cookies go with it.
  fetch(endpoint, { method: "POST", body, credentials: "omit", keepalive: true, headers: { "Content-Type": "text/plain" } }).catch(() => {});
  return true;
}
if (stepReport) {
  for (const link of document.querySelectorAll("li.step > a.step-link")) {
    const number = stepNumber(link);
    // What support receives stays in one language (theirs), whatever the page's.
    const label = `Step ${number} (${link.getAttribute("href")})`;
    const report = document.createElement("a");
    report.className = "step-report";
    report.href = stepReport.replace("__STEP__", encodeURIComponent(label));
    report.textContent = TEXT.step_report;
    report.setAttribute("aria-label", text("step_report_label", { number }));
    report.addEventListener("click", (event) => {
      if (send("This step did not work", label)) {
        event.preventDefault();
        report.textContent = TEXT.step_report_sent;
      }
    });
    const first = link.parentElement.querySelector(":scope > p") || link.parentElement;
    const copy = first.querySelector(":scope > .step-copy");
    if (copy) {
      copy.after(report);
    } else if (first === link.parentElement) {
      first.insertBefore(report, first.querySelector(":scope > ol, :scope > ul, :scope > figure, :scope > div"));
    } else {
      first.append(report);
    }
  }
}
for (const answer of document.querySelectorAll(".feedback a[data-answer]")) {
  answer.addEventListener("click", (event) => {
    const yes = answer.dataset.answer === "yes";
    const thanks = answer.closest(".feedback").querySelector(".feedback-thanks");
    if (send(yes ? "This article helped" : "This article did not help", "")) event.preventDefault();
    thanks.textContent = yes ? TEXT.feedback_thanks_yes : TEXT.feedback_thanks_no;
  });
}

// The announcement can be put away for this tab (sessionStorage ends with the tab; nothing is kept longer).
const announcement = document.querySelector(".announcement[data-id]");
if (announcement) {
  const key = `hs-announcement-${announcement.dataset.id}`;
  let dismissed = false;
  try {
    dismissed = sessionStorage.getItem(key) === "1";
  } catch {
    dismissed = false;
  }
  if (dismissed) {
    announcement.hidden = true;
  } else {
    const close = document.createElement("button");
    close.type = "button";
    close.className = "announcement-close";
    close.setAttribute("aria-label", TEXT.dismiss_announcement);
    close.textContent = "×";
    close.addEventListener("click", () => {
      announcement.hidden = true;
      try {
        sessionStorage.setItem(key, "1");
      } catch {
        // Without storage it is dismissed on this page only.
      }
      document.getElementById("main")?.focus({ preventScroll: true });
    });
    announcement.append(close);
  }
}
