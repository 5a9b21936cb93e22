/* Progressive enhancements; the site works without this file.
   Loaded with `defer` (no inline script, so a strict CSP holds). */
(function () {
  "use strict";
  var root = document.documentElement;
  var THEME_KEY = "dnnd-theme";
  var SIZE_KEY = "dnnd-text-size";

  /* The texts this script writes, in Vietnamese (SCRIPT_LANG in
     plugins/i18n/catalog.py; the same as theme/translations/vi). A page in
     another language carries its own in data- attributes
     (theme/templates/partials/script_texts.html), read by text() below.
     tests/test_i18n.py checks that these equal the Vietnamese catalog. */
  var TEXT = {
    labelLight: "Giao diện sáng",
    weekdays: ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"],
    dateFormat: "%(weekday)s, ngày %(date)s",
    copied: "Đã sao chép"
  };
  /* The page's text for ``key`` (data-<key> on ``node``), else the built-in one. */
  function text(node, key) {
    var own = node.dataset[key];
    return own === undefined ? TEXT[key] : own;
  }
  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

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
  /* The label names what a click does: "Giao diện sáng" while the page is
     dark. A label that changes with the state is not also aria-pressed
     (a pressed "Giao diện sáng" would read as "the light theme is on"). */
  function showTheme(button, darkLabel) {
    var dark = isDark();
    var label = button.querySelector(".tool-label");
    if (label) label.textContent = dark ? text(button, "labelLight") : darkLabel;
    /* The CSS shows the sun or the moon by this class (an <svg> may not
       carry the HTML hidden attribute). */
    button.classList.toggle("is-dark", dark);
  }
  document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
    /* The page's own label ("Giao diện tối") names the dark theme. */
    var label = button.querySelector(".tool-label");
    var darkLabel = label ? label.textContent : "";
    showTheme(button, darkLabel);
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      save(THEME_KEY, next);
      showTheme(button, darkLabel);
    });
    if (systemDark && systemDark.addEventListener) {
      systemDark.addEventListener("change", function () { showTheme(button, darkLabel); });
    }
  });

  /* Date line of the header: the build wrote its own date; the reader sees
     today's, in Vietnam time (GMT+7 all year: no daylight saving). */
  function two(n) { return (n < 10 ? "0" : "") + n; }
  document.querySelectorAll("[data-today]").forEach(function (line) {
    var time = line.querySelector("time");
    if (!time) return;
    var now = new Date(Date.now() + 7 * 3600 * 1000); /* read with getUTC*: GMT+7 */
    var day = two(now.getUTCDate()), month = two(now.getUTCMonth() + 1), year = now.getUTCFullYear();
    var weekdays = line.dataset.weekdays ? JSON.parse(line.dataset.weekdays) : TEXT.weekdays;
    /* With month names (the English edition): "6 December 2026", as the header wrote it. */
    var months = line.dataset.months ? JSON.parse(line.dataset.months) : null;
    time.textContent = fill(text(line, "dateFormat"), {
      weekday: weekdays[now.getUTCDay()],
      date: months ? now.getUTCDate() + " " + months[now.getUTCMonth()] + " " + year
                   : day + "/" + month + "/" + year
    });
    time.setAttribute("datetime", year + "-" + month + "-" + day);
    line.hidden = false;
  });

  /* Section strip: on a phone it scrolls sideways; fade the side(s) with
     more sections (layout.css) and bring the current section into view. */
  document.querySelectorAll("[data-nav-strip]").forEach(function (strip) {
    var list = strip.querySelector("ul");
    if (!list) return;
    function mark() {
      var rest = list.scrollWidth - list.clientWidth - list.scrollLeft;
      strip.toggleAttribute("data-more-start", list.scrollLeft > 1);
      strip.toggleAttribute("data-more-end", rest > 1);
    }
    var current = list.querySelector("[aria-current]");
    if (current && current.offsetLeft + current.offsetWidth > list.clientWidth) {
      list.scrollLeft = current.offsetLeft - list.clientWidth / 3;
    }
    /* Chromium leaves a partly visible focused link where it is, half under
       the fade: show it whole (clear of the fade: scroll-padding in layout.css). */
    list.addEventListener("focusin", function (event) {
      if (event.target.scrollIntoView) event.target.scrollIntoView({ block: "nearest", inline: "nearest" });
    });
    list.addEventListener("scroll", mark, { passive: true });
    window.addEventListener("resize", mark);
    mark();
  });

  /* The article's address for print: the absolute URL of this page. */
  document.querySelectorAll("[data-page-url]").forEach(function (node) {
    node.textContent = window.location.origin + window.location.pathname;
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
    mark();
  });

  /* Copy link. */
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    if (!navigator.clipboard) return;
    var label = button.textContent; /* "Sao chép liên kết", in the page's language */
    /* Screen readers are told too: a button's new text is not announced. */
    var said = document.createElement("span");
    said.className = "visually-hidden";
    said.setAttribute("role", "status");
    button.after(said);
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = new URL(button.getAttribute("data-copy-link"), window.location.href).href;
      navigator.clipboard.writeText(url).then(function () {
        button.textContent = said.textContent = text(button, "copied");
        setTimeout(function () { button.textContent = label; said.textContent = ""; }, 2000);
      }, function () { /* clipboard refused: nothing to do */ });
    });
  });

  /* Tables: their scrolling region is a Tab stop only while it scrolls (one
     that fits is no stop of its own; without scripts every one is). */
  var regions = Array.prototype.slice.call(document.querySelectorAll(".table-scroll[role=region]"));
  function tabStops() {
    regions.forEach(function (region) {
      if (region.scrollWidth > region.clientWidth + 1) region.tabIndex = 0;
      else region.removeAttribute("tabindex");
    });
  }
  if (regions.length) {
    tabStops();
    if (window.ResizeObserver) {
      var watch = new ResizeObserver(tabStops);
      regions.forEach(function (region) {
        watch.observe(region);
        if (region.firstElementChild) watch.observe(region.firstElementChild);
      });
    } else {
      window.addEventListener("resize", tabStops);
    }
  }

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
