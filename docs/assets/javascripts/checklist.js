// Checklist ticks kept in localStorage, keyed by standard id, version and stable item id (never the URL),
// so a tick survives a reload, a reordering of items and a move of the site to another address.
(function () {
  "use strict";
  var PREFIX = "pmo:coche:";

  function read(key) {
    try { return window.localStorage.getItem(PREFIX + key) === "1"; } catch (e) { return false; }
  }
  function write(key, value) {
    try {
      if (value) { window.localStorage.setItem(PREFIX + key, "1"); }
      else { window.localStorage.removeItem(PREFIX + key); }
    } catch (e) { /* storage disabled: ticks last for this visit only */ }
  }

  function setup(form) {
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][data-pmo-key]"));
    var status = form.querySelector("[data-pmo-count]");
    function update() {
      var done = boxes.filter(function (b) { return b.checked; }).length;
      if (status) { status.textContent = done + " sur " + boxes.length + (done > 1 ? " cochés." : " coché."); }
    }
    boxes.forEach(function (box) {
      box.checked = read(box.dataset.pmoKey);
      box.addEventListener("change", function () { write(box.dataset.pmoKey, box.checked); update(); });
    });
    var reset = form.querySelector("[data-pmo-reset]");
    if (reset) {
      reset.addEventListener("click", function () {
        boxes.forEach(function (box) { box.checked = false; write(box.dataset.pmoKey, false); });
        update();
      });
    }
    var print = form.querySelector("[data-pmo-print]");
    if (print) { print.addEventListener("click", function () { window.print(); }); }
    update();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-pmo-checklist]"), setup);
  }
  // Material's instant navigation replaces the page without reloading scripts.
  if (window.document$ && typeof window.document$.subscribe === "function") { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
