// Checklist ticks kept in localStorage, keyed by standard id, version and stable item id (never the URL), so a tick
// survives a reload, a reordering of items and a move of the site to another address. The form names its storage
// prefix (data-pmo-storage-prefix, from macros/core/storage_keys.py) and each box its key (data-pmo-key).
(function () {
  "use strict";
  const PMO = window.PMO;
  const BLOCKED = "Ce navigateur n'autorise pas l'enregistrement local : vos coches valent pour cette visite seulement. " +
    "Pour garder une trace, téléchargez la liste en Excel ou en CSV, ou imprimez-la.";

  function setup(form) {
    if (form.hasAttribute("data-pmo-ready")) { return; }
    form.setAttribute("data-pmo-ready", "");
    const prefix = form.getAttribute("data-pmo-storage-prefix") || "";
    const boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][data-pmo-key]"));
    const status = form.querySelector("[data-pmo-count]");
    let warned = false;
    function warn() {
      if (!warned) { warned = true; PMO.storageWarning(form, BLOCKED); }
    }
    function read(key) {
      const got = PMO.storage.get(prefix + key);
      if (!got.ok) { warn(); }
      return got.value === "1";
    }
    function write(key, value) {
      const done = value ? PMO.storage.set(prefix + key, "1").ok : PMO.storage.remove(prefix + key);
      if (!done) { warn(); }
    }
    function update() {
      const done = boxes.filter(function (b) { return b.checked; }).length;
      if (status) { status.textContent = done + " sur " + boxes.length + (done > 1 ? " cochés." : " coché."); }
    }
    boxes.forEach(function (box) {
      box.checked = read(box.dataset.pmoKey);
      box.addEventListener("change", function () { write(box.dataset.pmoKey, box.checked); update(); });
    });
    const reset = form.querySelector("[data-pmo-reset]");
    if (reset) {
      reset.addEventListener("click", function () {
        boxes.forEach(function (box) { box.checked = false; write(box.dataset.pmoKey, false); });
        update();
      });
    }
    const print = form.querySelector("[data-pmo-print]");
    if (print) { print.addEventListener("click", function () { window.print(); }); }
    update();
  }

  PMO.ready(function () { PMO.each(document.querySelectorAll("form[data-pmo-checklist]"), setup); });
})();
