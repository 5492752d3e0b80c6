// helpsite page script: copy-a-step-link buttons, and version links that keep the step you are on.
// Everything here is progressive: without it, step links and version links still work as plain links.

const article = document.querySelector("article[data-page-url]");

// "Copy link" beside each step's own link; copies the absolute, published address of the step.
if (article && navigator.clipboard && window.isSecureContext) {
  const pageUrl = article.dataset.pageUrl;
  for (const link of document.querySelectorAll("li.step > a.step-link")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "step-copy";
    button.textContent = "Copy link";
    const label = link.title || "Link to this step";
    button.setAttribute("aria-label", `Copy ${label.toLowerCase()}`);
    button.addEventListener("click", async () => {
      const url = pageUrl + link.getAttribute("href");
      try {
        await navigator.clipboard.writeText(url);
        button.textContent = "Copied";
        button.classList.add("copied");
      } catch {
        button.textContent = "Copy failed";
      }
      setTimeout(() => {
        button.textContent = "Copy link";
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

// Version links carry a map from this page's step and heading ids to the other version's (data-map).
// Follow it with the step the reader is on, so the other version opens at the same step.
function currentAnchor() {
  try {
    return decodeURIComponent(location.hash.slice(1));
  } catch {
    return "";
  }
}
for (const link of document.querySelectorAll("a[data-map]")) {
  const retarget = () => {
    let map;
    try {
      map = JSON.parse(link.dataset.map);
    } catch {
      return;
    }
    const base = link.getAttribute("href").split("#")[0];
    const target = map[currentAnchor()];
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
