// helpsite zoom: a screenshot opens full size over the page, in a modal <dialog> (which traps focus and closes
// with Esc). It also closes with a click, the close button and the browser's Back button; focus goes back to the
// screenshot's link and the page stays where it was. Without this script each screenshot is a plain link to its
// full-size file, so nothing here is needed to see one.

const links = document.querySelectorAll("figure.screenshot > a.zoom");

if (links.length && typeof HTMLDialogElement === "function") {
  const dialog = document.createElement("dialog");
  dialog.className = "zoom-dialog";
  const close = document.createElement("button");
  close.type = "button";
  close.className = "zoom-close";
  close.setAttribute("aria-label", "Close full-size image");
  close.textContent = "×";
  const pane = document.createElement("div");
  pane.className = "zoom-pane";
  const full = document.createElement("img");
  full.decoding = "async";
  pane.append(full);
  dialog.append(close, pane);
  document.body.append(dialog);

  // Whether an opening has not been finished yet (see finish()).
  let shown = false;
  let opener = null;
  let scroll = [0, 0];
  let size = null;
  const narrow = window.matchMedia("(max-width: 48rem)");
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
    dialog.setAttribute("aria-label", full.alt ? `${full.alt}, full size` : "Full-size image");
    dialog.showModal();
    fit();
    pane.scrollTo(0, 0);
    // Back closes the zoom: an entry of our own, same URL, so the #step in the address stays as it is.
    if (!goingBack) push();
  }

  // Full size is one image pixel to one screen pixel. Wide screens fit that into the window; narrow ones keep it
  // and the pane scrolls to pan. Set as width and height attributes, so the box is right before the file arrives.
  function fit() {
    if (!size) {
      full.removeAttribute("width");
      full.removeAttribute("height");
      return;
    }
    const [w, h] = size;
    let width = w / (window.devicePixelRatio || 1);
    if (!narrow.matches) {
      const pad = getComputedStyle(pane);
      const across = pane.clientWidth - parseFloat(pad.paddingLeft) - parseFloat(pad.paddingRight);
      const down = pane.clientHeight - parseFloat(pad.paddingTop) - parseFloat(pad.paddingBottom);
      width = Math.min(width, across, (down * w) / h);
    }
    full.width = Math.max(1, Math.floor(width));
    full.height = Math.max(1, Math.floor((width * h) / w));
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
  // A click anywhere closes: on the image, around it, or on the close button.
  dialog.addEventListener("click", dismiss);

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
