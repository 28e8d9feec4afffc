// The search index is the heaviest file of the site (half of a first visit): Material's bundle asks for it as soon as
// a page opens, though most visits never search. Loaded before the bundle, this script holds that one request until
// the visitor turns to the search (a pointer over the box, a focus in it, the magnifier, Material's keys « / », « s »,
// « f ») or comes from a result (« ?h= » highlights with the index, « ?q= » opens the search): it is then sent as it
// was, and Material's worker builds its index as before. Every other request goes out untouched.
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var xhr = window.XMLHttpRequest && window.XMLHttpRequest.prototype;
  if (!xhr || !document.addEventListener) { return; }
  var open = xhr.open;
  var send = xhr.send;
  var wanted = false;
  var held = [];

  function want() {
    if (wanted) { return; }
    wanted = true;
    held.splice(0).forEach(function (go) { go(); });
  }

  xhr.open = function (method, url) {
    this.pmoSearchIndex = INDEX.test(String(url).split(/[?#]/)[0]);
    return open.apply(this, arguments);
  };
  xhr.send = function () {
    var request = this;
    var args = arguments;
    if (!request.pmoSearchIndex || wanted) { return send.apply(request, args); }
    held.push(function () { send.apply(request, args); });
  };

  var params = new URLSearchParams(window.location.search);
  if (params.has("q") || params.has("h")) { want(); }

  function inSearch(event) {
    var target = event.target;
    return target && target.closest && target.closest(".md-search, label[for='__search']") !== null;
  }
  ["pointerover", "pointerdown", "focusin", "touchstart"].forEach(function (type) {
    document.addEventListener(type, function (event) { if (inSearch(event)) { want(); } }, { capture: true, passive: true });
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") { want(); }
  }, true);
  document.addEventListener("keydown", function (event) {
    if (["/", "s", "S", "f", "F"].indexOf(event.key) >= 0) { want(); }
  }, true);
})();
