// helpsite serve only (never part of a build): reloads the page when the site has been rebuilt, keeping the place
// the writer was reading, and shows the problems of a failed rebuild over the page until a good build replaces it.
//
// The server adds this script to every page it serves, with the build the page comes from (?build=). Browsers allow
// only a few open connections per server, so one tab per browser holds the event stream (a Web Lock decides which)
// and passes news on to the other tabs over a BroadcastChannel.

const PREFIX = "/__helpsite/";
const build = new URL(import.meta.url).searchParams.get("build") || "";
const query = `?build=${encodeURIComponent(build)}`;
const PLACE = "helpsitePlace";

// ---- Keeping the writer's place across the reload --------------------------------------------------------------

// The element the writer is reading: the step or heading in the address when it is on screen, else the first
// element with an id at the top of the screen; and where it sits on the screen. After the reload the same element
// goes to the same spot, even when the edit changed the height of what is above it.
function place() {
  const onScreen = (el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  };
  let el = null;
  try {
    const id = decodeURIComponent(location.hash.slice(1));
    el = id ? document.getElementById(id) : null;
  } catch {
    el = null;
  }
  if (!el || !onScreen(el)) {
    el = null;
    for (const candidate of document.querySelectorAll("main [id], article [id]")) {
      if (candidate.getBoundingClientRect().bottom > 0) {
        el = candidate;
        break;
      }
    }
  }
  return {
    id: el ? el.id : null,
    top: el ? el.getBoundingClientRect().top : 0,
    x: window.scrollX,
    y: window.scrollY,
  };
}

function stateObject() {
  const s = history.state;
  return s && typeof s === "object" && !Array.isArray(s) ? s : {};
}

function restorePlace() {
  const saved = stateObject()[PLACE];
  if (!saved) return;
  const apply = () => {
    const el = saved.id ? document.getElementById(saved.id) : null;
    if (el) {
      window.scrollTo(saved.x, window.scrollY + el.getBoundingClientRect().top - saved.top);
    } else {
      window.scrollTo(saved.x, saved.y);
    }
  };
  apply();
  const done = () => {
    apply();
    const { [PLACE]: _, ...rest } = stateObject();
    history.replaceState(Object.keys(rest).length ? rest : null, "");
    history.scrollRestoration = "auto";
  };
  if (document.readyState === "complete") done();
  else window.addEventListener("load", done, { once: true });
}

let reloading = false;
function reload() {
  if (reloading) return;
  reloading = true;
  // The address (with its #step) stays as it is; the place goes along in this history entry's state.
  history.replaceState({ ...stateObject(), [PLACE]: place() }, "");
  history.scrollRestoration = "manual";
  location.reload();
}

// ---- The problems of a failed rebuild --------------------------------------------------------------------------

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

let hidden = false;
let lastFocus = null;

function hideProblems() {
  document.querySelector(".hs-lr-overlay")?.remove();
  lastFocus?.focus?.({ preventScroll: true });
  lastFocus = null;
}

function showProblems(report) {
  const old = document.querySelector(".hs-lr-overlay");
  if (old) old.remove();
  else lastFocus = document.activeElement;
  if (hidden) return;
  const problems = Array.isArray(report.problems) ? report.problems : [];
  const errors = problems.filter((p) => p.severity === "error").length;

  const overlay = element("div", "hs-lr-overlay");
  const panel = element("section", "hs-lr-panel");
  panel.setAttribute("role", "alertdialog");
  panel.setAttribute("aria-labelledby", "hs-lr-title");
  panel.setAttribute("aria-describedby", "hs-lr-note");
  const title = element(
    "h2",
    "hs-lr-title",
    `The site does not build: ${errors} ${errors === 1 ? "problem" : "problems"} to fix`,
  );
  title.id = "hs-lr-title";
  const note = element(
    "p",
    "hs-lr-note",
    report.served
      ? "You are looking at the last good build. Fix what is listed here and save: this page reloads by itself."
      : "Nothing has built yet. Fix what is listed here and save: this page reloads by itself.",
  );
  note.id = "hs-lr-note";
  const list = element("ol", "hs-lr-list");
  for (const p of problems) {
    const item = element("li", `hs-lr-problem hs-lr-${p.severity === "warning" ? "warning" : "error"}`);
    const where = element("p", "hs-lr-where");
    where.append(element("code", "hs-lr-location", p.location || p.file || ""));
    if (p.severity === "warning") where.append(element("span", "hs-lr-tag", "warning"));
    item.append(where, element("p", "hs-lr-message", p.message || ""));
    if (p.hint) {
      const fix = element("p", "hs-lr-fix");
      fix.append(element("span", "hs-lr-fix-label", "Fix: "), document.createTextNode(p.hint));
      item.append(fix);
    }
    list.append(item);
  }
  const close = element("button", "hs-lr-close", "Hide");
  close.type = "button";
  close.setAttribute("aria-label", "Hide the problems until the next rebuild");
  close.addEventListener("click", () => {
    hidden = true;
    hideProblems();
  });
  const head = element("div", "hs-lr-head");
  head.append(title, close);
  panel.append(head, note, list);
  overlay.append(panel);
  overlay.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      hidden = true;
      hideProblems();
    }
  });
  document.body.append(overlay);
  panel.tabIndex = -1;
  panel.focus({ preventScroll: true });
}

// ---- News from the server --------------------------------------------------------------------------------------

function handle(message) {
  if (!message || typeof message !== "object") return;
  if (message.type === "reload") {
    reload();
  } else if (message.type === "error") {
    const report = message.data && message.data.report;
    // A new failure is shown even after the writer hid the last one.
    if (message.data && !message.data.initial) hidden = false;
    if (report) showProblems(report);
  }
}

const channel = "BroadcastChannel" in window ? new BroadcastChannel("helpsite-livereload") : null;
if (channel) channel.onmessage = (e) => handle(e.data);

// Holds the event stream until this page goes away (the promise never settles while the page lives).
function listen() {
  return new Promise(() => {
    const source = new EventSource(`${PREFIX}events${query}`);
    for (const type of ["reload", "error"]) {
      source.addEventListener(type, (e) => {
        let data;
        try {
          data = JSON.parse(e.data);
        } catch {
          return;
        }
        const message = { type, data };
        // Every tab hears it: after a restart of the server, what this page catches up on is news for all of them.
        if (channel) channel.postMessage(message);
        handle(message);
      });
    }
  });
}

restorePlace();
if (navigator.locks && channel) {
  // The tabs that do not hold the stream still need to know where things stand as they open.
  fetch(`${PREFIX}state${query}`, { cache: "no-store" })
    .then((r) => r.json())
    .then(handle)
    .catch(() => {});
  navigator.locks.request("helpsite-livereload", listen);
} else {
  listen();
}
