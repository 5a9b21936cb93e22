/* The reader's saved theme and text size, applied before the first paint.
   Loaded in <head> without defer (a deferred script runs after the page is
   painted: a dark-mode reader saw a white flash and the text jumped to the
   chosen size). An external file, not an inline script, so a strict CSP holds.
   site.js (deferred) wires the buttons that change and save these choices. */
(function () {
  "use strict";
  var root = document.documentElement;
  /* Controls that need this script (.js-only: the theme and text-size
     buttons) are laid out from the first paint, not inserted later: the
     header grew when they appeared and the page jumped down (CLS 0.13). */
  root.classList.add("js");
  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  var theme = load("dnnd-theme");
  if (theme === "dark" || theme === "light") root.setAttribute("data-theme", theme);
  var size = load("dnnd-text-size");
  if (size === "-1" || size === "1") root.setAttribute("data-text-size", size);
})();
