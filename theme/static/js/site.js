/* Progressive enhancements; the site works without this file.
   Loaded with `defer` (no inline script, so a strict CSP holds). */
(function () {
  "use strict";
  var root = document.documentElement;
  var THEME_KEY = "dnnd-theme";
  var SIZE_KEY = "dnnd-text-size";

  function save(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }

  /* Dark mode: follows the system until the reader chooses (the saved
     choice is applied before the first paint by prefs.js). */
  var systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function isDark() {
    var chosen = root.getAttribute("data-theme");
    return chosen ? chosen === "dark" : !!(systemDark && systemDark.matches);
  }
  function showTheme(button) {
    var dark = isDark();
    button.setAttribute("aria-pressed", dark ? "true" : "false");
    var label = button.querySelector(".tool-label");
    if (label) label.textContent = "Giao diện tối";
    button.title = dark ? "Chuyển sang giao diện sáng" : "Chuyển sang giao diện tối";
  }
  document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
    button.hidden = false;
    showTheme(button);
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      save(THEME_KEY, next);
      showTheme(button);
    });
  });

  /* Text size ("aa"): -1, 0 (default), 1; remembered across pages (and
     applied before the first paint by prefs.js). */
  document.querySelectorAll("[data-text-size]").forEach(function (group) {
    var buttons = group.querySelectorAll("button[data-size]");
    function mark() {
      var current = root.getAttribute("data-text-size") || "0";
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", b.getAttribute("data-size") === current ? "true" : "false"); });
    }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        var size = b.getAttribute("data-size");
        if (size === "0") root.removeAttribute("data-text-size"); else root.setAttribute("data-text-size", size);
        save(SIZE_KEY, size);
        mark();
      });
    });
    group.hidden = false;
    mark();
  });

  /* Copy link. */
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = new URL(button.getAttribute("data-copy-link"), window.location.href).href;
      navigator.clipboard.writeText(url).then(function () {
        button.textContent = "Đã sao chép";
        setTimeout(function () { button.textContent = "Sao chép liên kết"; }, 2000);
      }, function () { /* clipboard refused: nothing to do */ });
    });
  });

  /* Video facade: the player is loaded from the video host only on click. */
  function embedUrl(href) {
    var url;
    try { url = new URL(href); } catch (e) { return null; }
    var host = url.hostname.replace(/^www\.|^m\./, "");
    var id = null;
    if (host === "youtube.com" || host === "youtube-nocookie.com") {
      id = url.searchParams.get("v");
      var path = url.pathname.match(/^\/(?:embed|shorts|live)\/([\w-]{6,})/);
      if (!id && path) id = path[1];
    } else if (host === "youtu.be") {
      id = url.pathname.slice(1).split("/")[0];
    } else if (host === "vimeo.com" || host === "player.vimeo.com") {
      var vimeo = url.pathname.match(/(\d{5,})/);
      return vimeo ? "https://player.vimeo.com/video/" + vimeo[1] + "?autoplay=1&dnt=1" : null;
    }
    return id && /^[\w-]{6,}$/.test(id) ? "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1&rel=0" : null;
  }
  document.querySelectorAll("a[data-video]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var src = embedUrl(link.href);
      if (!src) return; /* unknown host: the link opens the video */
      event.preventDefault();
      var frame = document.createElement("div");
      frame.className = "video-frame";
      var iframe = document.createElement("iframe");
      iframe.src = src;
      iframe.title = link.textContent.trim() || "Video";
      iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      iframe.setAttribute("allowfullscreen", "");
      iframe.referrerPolicy = "strict-origin-when-cross-origin";
      frame.appendChild(iframe);
      link.replaceWith(frame);
      iframe.focus();
    });
  });
})();
