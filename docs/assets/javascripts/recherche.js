// Search results: Material links each result to its page with « ?h=<words found> » so that the page highlights them;
// a page listed only for its sections has no word of its own, and its link ended in a bare « ?h= ». Such a link
// loses the empty parameter (the rest of the address, the anchor included, is kept).
(function () {
  "use strict";
  var list = document.querySelector(".md-search-result__list");
  if (!list || !window.URL || !window.MutationObserver) { return; }

  function clean(root) {
    var links = root.matches && root.matches("a[href]") ? [root] : root.querySelectorAll("a[href]");
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, document.baseURI);
      if (url.searchParams.has("h") && !url.searchParams.get("h").trim()) {
        url.searchParams.delete("h");
        link.href = url.href;
      }
    });
  }

  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      Array.prototype.forEach.call(change.addedNodes, function (node) {
        if (node.nodeType === 1) { clean(node); }
      });
    });
  }).observe(list, { childList: true, subtree: true });
})();
