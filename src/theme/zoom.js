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

  let opener = null;
  let scroll = [0, 0];
  const STATE = "helpsite-zoom";
  const ours = () => history.state && history.state[STATE];

  function open(link) {
    const shot = link.querySelector("img");
    opener = link;
    scroll = [window.scrollX, window.scrollY];
    full.src = link.href;
    full.alt = shot ? shot.alt : "";
    // Full size: one image pixel to one screen pixel. The stylesheet fits it to the window on wide screens;
    // on narrow ones it stays full size and the pane scrolls.
    const width = shot && Number(shot.getAttribute("width"));
    const height = shot && Number(shot.getAttribute("height"));
    if (width && height) {
      const ratio = window.devicePixelRatio || 1;
      full.width = Math.round(width / ratio);
      full.height = Math.round(height / ratio);
    } else {
      full.removeAttribute("width");
      full.removeAttribute("height");
    }
    dialog.setAttribute("aria-label", full.alt ? `${full.alt}, full size` : "Full-size image");
    dialog.showModal();
    pane.scrollTo(0, 0);
    // Back closes the zoom: an entry of our own, same URL, so the #step in the address stays as it is.
    if (!ours()) history.pushState({ [STATE]: true }, "");
  }

  function dismiss() {
    if (dialog.open) dialog.close();
  }

  // Closing by any means (Esc, click, button, Back) ends here.
  dialog.addEventListener("close", () => {
    full.removeAttribute("src");
    if (ours()) history.back();
    window.scrollTo(scroll[0], scroll[1]);
    if (opener) opener.focus({ preventScroll: true });
    opener = null;
  });
  window.addEventListener("popstate", () => {
    if (!ours()) dismiss();
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
