/* Tìm kiếm: starts Pagefind's default UI on /tim-kiem/ (plugins.search).
 *
 * - Vietnamese interface texts.
 * - The query is NFC-normalised and "đ" becomes "d" before Pagefind sees it;
 *   the index holds a "d" twin of every word with "đ" (plugins/search/records.py),
 *   and Pagefind itself ignores tone marks, so "doi ngoai", "Đối ngoại" and
 *   "đoi ngoại" all meet.
 * - Each record ends with hidden search terms after "⁂"; excerpts are cut
 *   there, and fall back to the sapo when the match was only in those terms.
 * - Several bundles (a large archive is indexed in chunks) are merged here.
 * - /tim-kiem/?q=… starts a search.
 */
(function () {
  "use strict";

  var HIDDEN_MARK = "\u2042";
  // Only article records are results (plugins/search/records.py: KIND_FILTER);
  // the filter is preselected here and its group hidden by search.css.
  var ARTICLES_ONLY = { loai: ["bai-viet"] };

  var TRANSLATIONS = {
    placeholder: "Nhập từ khóa, có dấu hoặc không dấu",
    clear_search: "Xóa",
    load_more: "Xem thêm kết quả",
    search_label: "Tìm kiếm trên trang",
    filters_label: "Bộ lọc",
    zero_results: "Không tìm thấy kết quả nào cho [SEARCH_TERM]",
    many_results: "[COUNT] kết quả cho [SEARCH_TERM]",
    one_result: "[COUNT] kết quả cho [SEARCH_TERM]",
    alt_search: "Không tìm thấy kết quả cho [SEARCH_TERM]. Hiển thị kết quả cho [DIFFERENT_TERM]",
    search_suggestion: "Không tìm thấy kết quả cho [SEARCH_TERM]. Hãy thử:",
    searching: "Đang tìm [SEARCH_TERM]…"
  };

  function foldQuery(term) {
    return String(term).normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D");
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"]/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[ch];
    });
  }

  function cleanResult(result) {
    var meta = Object.assign({}, result.meta || {});
    var sapo = meta["sapo"] || "";
    delete meta["sapo"];
    var excerpt = result.excerpt || "";
    var cut = excerpt.indexOf(HIDDEN_MARK);
    if (cut !== -1) {
      excerpt = excerpt.slice(0, cut).trim();
      // A <mark> left open by the cut would swallow the rest of the card.
      if ((excerpt.match(/<mark>/g) || []).length > (excerpt.match(/<\/mark>/g) || []).length) {
        excerpt += "</mark>";
      }
      if (excerpt.split(/\s+/).length < 8) {
        excerpt = escapeHtml(sapo);
      } else {
        excerpt += " …";
      }
    }
    return Object.assign({}, result, { meta: meta, excerpt: excerpt });
  }

  // Pagefind UI gives its input only a title; screen readers need a label.
  function labelSearchBox(box) {
    function label() {
      var input = box.querySelector("input[type=text], input[type=search]");
      if (input && !input.getAttribute("aria-label")) {
        input.setAttribute("aria-label", TRANSLATIONS.search_label);
      }
      return Boolean(input);
    }
    if (!label()) {
      var observer = new MutationObserver(function () {
        if (label()) {
          observer.disconnect();
        }
      });
      observer.observe(box, { childList: true, subtree: true });
    }
  }

  function start() {
    var box = document.querySelector("[data-search]");
    if (!box || typeof window.PagefindUI !== "function") {
      return;
    }
    var bundles = JSON.parse(box.getAttribute("data-bundles") || "[]");
    if (!bundles.length) {
      return;
    }
    var ui = new window.PagefindUI({
      element: box,
      bundlePath: bundles[0],
      mergeIndex: bundles.slice(1).map(function (path) {
        return { bundlePath: path };
      }),
      showImages: false,
      showSubResults: false,
      excerptLength: 30,
      pageSize: 10,
      autofocus: true,
      translations: TRANSLATIONS,
      processTerm: foldQuery,
      processResult: cleanResult
    });
    labelSearchBox(box);
    ui.triggerFilters(ARTICLES_ONLY);
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
