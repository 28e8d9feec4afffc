// Filters of the templates catalogue (modeles/index.md): the form is written hidden, so that without JavaScript
// only the full table and the sections by phase, role and format show. Each row of the table carries its phases,
// roles, categories and formats as space-separated ids; a row shows when it matches every chosen filter. A row also
// names the project characteristics it is needed for (none: every project needs it): it hides when all of them are
// unticked. The choice lives in the address (?phase=…&role=…&sans=fournisseur,…), so a filtered view can be shared.
(function () {
  "use strict";

  function ids(row, attribute) {
    return (row.getAttribute("data-" + attribute) || "").split(" ").filter(Boolean);
  }

  function countText(shown, total) {
    if (shown === 0) { return "Aucun modèle ne correspond à ces filtres."; }
    return shown + (shown > 1 ? " modèles affichés sur " : " modèle affiché sur ") + total;
  }

  function setup(form) {
    if (form.hasAttribute("data-pmo-ready")) { return; }
    var table = document.querySelector("table[data-pmo-templates]");
    if (!table) { return; }
    form.setAttribute("data-pmo-ready", "");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-pmo-filter]"));
    var traits = Array.prototype.slice.call(form.querySelectorAll("input[data-pmo-trait]"));
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var status = form.querySelector("[data-pmo-count]");

    function apply() {
      var chosen = selects.filter(function (s) { return s.value !== ""; });
      var held = traits.filter(function (t) { return t.checked; }).map(function (t) { return t.value; });
      var shown = 0;
      rows.forEach(function (row) {
        var needed = ids(row, "conditions");
        var match = chosen.every(function (s) { return ids(row, s.getAttribute("data-pmo-filter")).indexOf(s.value) !== -1; }) &&
          (needed.length === 0 || needed.some(function (c) { return held.indexOf(c) !== -1; }));
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      table.hidden = shown === 0;
      if (status) { status.textContent = countText(shown, rows.length); }
    }

    // The address keeps the filters: other parameters (the search's ?h=) and the anchor stay as they are.
    function remember() {
      var url = new URL(window.location.href);
      selects.forEach(function (s) {
        if (s.value) { url.searchParams.set(s.name, s.value); } else { url.searchParams.delete(s.name); }
      });
      var unticked = traits.filter(function (t) { return !t.checked; }).map(function (t) { return t.value; });
      if (unticked.length) { url.searchParams.set("sans", unticked.join(",")); } else { url.searchParams.delete("sans"); }
      try { window.history.replaceState(window.history.state, "", url.href); } catch (e) { /* file:// or a sandbox */ }
    }

    function restore() {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (s) {
        var wanted = params.get(s.name);
        // An id the page no longer offers (an old bookmark) falls back to « all ».
        var known = wanted !== null && Array.prototype.some.call(s.options, function (o) { return o.value === wanted; });
        s.value = known ? wanted : "";
      });
      var without = (params.get("sans") || "").split(",");
      traits.forEach(function (t) { t.checked = without.indexOf(t.value) === -1; });
    }

    selects.concat(traits).forEach(function (s) {
      s.addEventListener("change", function () { apply(); remember(); });
    });
    var reset = form.querySelector("[data-pmo-reset]");
    if (reset) {
      reset.addEventListener("click", function () {
        selects.forEach(function (s) { s.value = ""; });
        traits.forEach(function (t) { t.checked = true; });
        apply();
        remember();
      });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    restore();
    apply();
    form.hidden = false;
  }

  window.PMO.ready(function () { window.PMO.each(document.querySelectorAll("form[data-pmo-catalogue]"), setup); });
})();
