// helpsite zoom: a screenshot opens over the page in a modal <dialog> (which traps focus and closes with Esc),
// first fitted to the screen so the whole picture is seen at once. A tap on the picture (or the "Actual size"
// button) shows it at full size, one image pixel to one screen pixel, with the tapped point kept under the finger;
// the pane then scrolls to pan, and a second tap fits it again. A tap beside the picture, the close button or the
// browser's Back button closes it; focus goes back to the screenshot's link and the page stays where it was.
// Without this script each screenshot is a plain link to its full-size file, so nothing here is needed to see one.

// The texts this script shows, from the theme's message catalogue (templates/messages/): helpsite writes each page
// language's own texts between the markers of its copy of this file.
const TEXT = /* messages */ {
  "zoom_close": "Close full-size image",
  "zoom_actual_size": "Actual size",
  "zoom_fit": "Fit to screen",
  "zoom_dialog": "{alt}, full size",
  "zoom_dialog_no_alt": "Full-size image",
  "zoom_hint_fitted_touch": "Tap the picture to see it at full size.",
  "zoom_hint_fitted_mouse": "Click the picture to see it at full size.",
  "zoom_hint_actual_touch": "Full size: drag to move around. Tap the picture to fit it to the screen.",
  "zoom_hint_actual_mouse": "Full size: scroll or use the arrow keys to move around. Click the picture to fit it to the screen."
} /* end messages */;

const links = document.querySelectorAll("figure.screenshot > a.zoom");

if (links.length && typeof HTMLDialogElement === "function") {
  const dialog = document.createElement("dialog");
  dialog.className = "zoom-dialog";
  const close = document.createElement("button");
  close.type = "button";
  close.className = "zoom-close";
  close.setAttribute("aria-label", TEXT.zoom_close);
  close.textContent = "×";
  // Keyboard users switch between fitted and full size with this button; at full size the arrow keys pan the pane,
  // which is focusable for that reason.
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "zoom-toggle";
  toggle.setAttribute("aria-pressed", "false");
  toggle.textContent = TEXT.zoom_actual_size;
  const hint = document.createElement("p");
  hint.className = "zoom-hint";
  hint.setAttribute("aria-live", "polite");
  const pane = document.createElement("div");
  pane.className = "zoom-pane";
  pane.tabIndex = 0;
  const full = document.createElement("img");
  full.decoding = "async";
  pane.append(full);
  dialog.append(close, toggle, hint, pane);
  document.body.append(dialog);

  // Whether an opening has not been finished yet (see finish()).
  let shown = false;
  let opener = null;
  let scroll = [0, 0];
  let size = null;
  // Whether the picture is shown at full size (panning) rather than fitted to the screen.
  let actual = false;
  const coarse = window.matchMedia("(pointer: coarse)");
  // The history entry of the zoom now open: Back from it closes the zoom, and closing it otherwise goes back from it.
  const STATE = "helpsite-zoom";
  let entry = 0;
  const onEntry = () => Boolean(entry) && history.state?.[STATE] === entry;
  // history.back() finishes later. Until its popstate arrives, a zoom opened again waits to push its entry, so that
  // popstate is not taken for the user's Back and does not close the new zoom.
  let goingBack = false;
  const push = () => {
    entry = Date.now();
    history.pushState({ [STATE]: entry }, "");
  };

  function open(link) {
    finish();
    shown = true;
    const shot = link.querySelector("img");
    opener = link;
    scroll = [window.scrollX, window.scrollY];
    full.src = link.href;
    full.alt = shot ? shot.alt : "";
    const width = shot && Number(shot.getAttribute("width"));
    const height = shot && Number(shot.getAttribute("height"));
    size = width && height ? [width, height] : null;
    dialog.setAttribute("aria-label", full.alt ? TEXT.zoom_dialog.replace("{alt}", () => full.alt) : TEXT.zoom_dialog_no_alt);
    actual = false;
    dialog.showModal();
    fit();
    pane.scrollTo(0, 0);
    // Back closes the zoom: an entry of our own, same URL, so the #step in the address stays as it is.
    if (!goingBack) push();
  }

  // The picture's size in CSS pixels at full size (one image pixel per screen pixel) and fitted into the pane.
  function sizes() {
    const [w, h] = size;
    const actualWidth = w / (window.devicePixelRatio || 1);
    const pad = getComputedStyle(pane);
    const across = pane.clientWidth - parseFloat(pad.paddingLeft) - parseFloat(pad.paddingRight);
    const down = pane.clientHeight - parseFloat(pad.paddingTop) - parseFloat(pad.paddingBottom);
    return { actualWidth, fitWidth: Math.min(actualWidth, across, (down * w) / h) };
  }

  // Set as width and height attributes, so the box is right before the file arrives.
  function fit() {
    if (!size) {
      full.removeAttribute("width");
      full.removeAttribute("height");
      toggle.hidden = true;
      hint.textContent = "";
      return;
    }
    const [w, h] = size;
    const { actualWidth, fitWidth } = sizes();
    // A picture that fits the screen at full size has nothing more to show: no toggle.
    const zoomable = actualWidth - fitWidth >= 1;
    if (!zoomable) actual = false;
    const width = actual ? actualWidth : fitWidth;
    full.width = Math.max(1, Math.floor(width));
    full.height = Math.max(1, Math.floor((width * h) / w));
    full.classList.toggle("zoomable", zoomable && !actual);
    full.classList.toggle("actual", actual);
    toggle.hidden = !zoomable;
    toggle.setAttribute("aria-pressed", String(actual));
    toggle.textContent = actual ? TEXT.zoom_fit : TEXT.zoom_actual_size;
    const text = !zoomable ? "" : TEXT[`zoom_hint_${actual ? "actual" : "fitted"}_${coarse.matches ? "touch" : "mouse"}`];
    // A resize fits again with the same words: left as they are, so a screen reader does not say them again.
    if (hint.textContent !== text) hint.textContent = text;
  }

  // Switches between fitted and full size, keeping the point at (x, y) on the screen (the tap, or the middle of
  // the pane) where it is.
  function zoomAt(x, y) {
    const before = full.getBoundingClientRect();
    const fx = before.width ? (x - before.left) / before.width : 0.5;
    const fy = before.height ? (y - before.top) / before.height : 0.5;
    actual = !actual;
    fit();
    const after = full.getBoundingClientRect();
    pane.scrollBy(after.left + fx * after.width - x, after.top + fy * after.height - y);
  }
  window.addEventListener("resize", () => dialog.open && fit());

  function dismiss() {
    if (dialog.open) dialog.close();
  }

  // Closing by any means (Esc, click, button, Back) ends here. The dialog's close event comes a moment after it
  // closes, possibly after a screenshot was opened again: open() then ends the last opening first, and the late
  // event is ignored.
  function finish() {
    if (!shown) return;
    shown = false;
    full.removeAttribute("src");
    if (onEntry()) {
      goingBack = true;
      history.back();
    }
    entry = 0;
    window.scrollTo(scroll[0], scroll[1]);
    if (opener) opener.focus({ preventScroll: true });
    opener = null;
  }
  dialog.addEventListener("close", () => {
    if (!dialog.open) finish();
  });
  window.addEventListener("popstate", () => {
    if (goingBack) {
      goingBack = false;
      if (dialog.open) push();
      return;
    }
    if (entry && !onEntry()) dismiss();
  });
  // A click on a picture that can be enlarged switches its size; a click anywhere else (beside it, on the close
  // button) closes. The toggle button only switches.
  dialog.addEventListener("click", (event) => {
    if (event.target === toggle) {
      const pr = pane.getBoundingClientRect();
      zoomAt(pr.left + pr.width / 2, pr.top + pr.height / 2);
      return;
    }
    if (event.target === full && !toggle.hidden) {
      zoomAt(event.clientX, event.clientY);
      return;
    }
    dismiss();
  });

  for (const link of links) {
    link.addEventListener("click", (event) => {
      // Ctrl/Cmd/Shift-click and middle click keep their usual meaning (open the file in a new tab or window).
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      open(link);
    });
    // Links activate with Enter; a screenshot acts like a button too, so Space opens it as well. It opens when
    // the key comes up (as a button does), so that key-up cannot reach the close button and close it again.
    link.addEventListener("keydown", (event) => {
      if (event.key === " ") event.preventDefault();
    });
    link.addEventListener("keyup", (event) => {
      if (event.key === " ") {
        event.preventDefault();
        open(link);
      }
    });
  }
}
