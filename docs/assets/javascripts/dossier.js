// « Mon dossier de jalon » (12 of 12): start-up. Prepare a gate project by project, entirely in this browser (nothing
// is sent). The page holds <div data-pmo-dossier data-data="…json" data-excel="…exceljs.min.js" data-edition="…">
// with a [data-pmo-live] status paragraph inside; the scripts before this one (macros/render/scripts.py, in order)
// define the dossier; this one fetches the data file and starts it.
(function () {
  "use strict";
  const PMO = window.PMO;
  const D = PMO.dossier;
  const DATA_SCHEMA = 3;  // the data file's format this script reads (macros/pages/dossier.py DATA_SCHEMA)

  D.Dossier.prototype.start = function () {
    const imported = this.load();
    this.build();
    if (this.pendingWarning) { this.showStorageProblem(this.pendingWarning); }
    this.renderAll();
    const p = this.project();
    if (imported) {
      this.announce("Vos " + PMO.plural(imported, "coche") + " des listes de contrôle " + (imported > 1 ? "ont été reprises" : "a été reprise") +
        " comme « fait » dans le projet « " + p.name + " ».");
    } else if (this.store.problem) {
      this.announce(this.store.problem);
    } else {
      this.announce(p ? "Dossier prêt : projet « " + p.name + " »." + (this.notAsked(p).length ? " Ses caractéristiques sont à préciser." : "") :
        "Dossier prêt : créez votre premier projet.");
    }
    this.root.classList.add("is-ready");
  };

  function validData(data) {
    const isObject = PMO.isObject;
    return isObject(data) && data.schema === DATA_SCHEMA && Array.isArray(data.categories) && data.categories.length > 0 &&
      Array.isArray(data.phases) && data.phases.length > 0 && Array.isArray(data.gates) && Array.isArray(data.items) &&
      isObject(data.roles) && isObject(data.storage) && isObject(data.file) && isObject(data.statuses) &&
      isObject(data.levels) && isObject(data.exports) && isObject(data.history || {}) && isObject(data.legacy || {}) &&
      Array.isArray(data.characteristics) && isObject(data.answers) && Array.isArray(data.storage.readable) &&
      Array.isArray(data.file.readable);
  }

  function setup(root) {
    if (root.getAttribute("data-pmo-ready")) { return; }
    root.setAttribute("data-pmo-ready", "1");
    const live = root.querySelector("[data-pmo-live]");
    const say = function (message) { if (live) { live.textContent = PMO.fr(message); } };
    const src = root.getAttribute("data-data");
    if (!src || !window.fetch) { say("Le dossier ne peut pas s'afficher : ce navigateur est trop ancien."); return; }
    window.fetch(src, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      if (!validData(data)) {
        say("Les données du référentiel sont dans un format inconnu (schéma " + (PMO.isObject(data) ? String(data.schema).slice(0, 10) : "?") + ") : rechargez la page.");
        return;
      }
      data.history = data.history || {};
      data.legacy = data.legacy || {};
      // The saved format's limits and project id pattern, from Python (macros/core/gate_file.py), for every part.
      D.LIMITS = data.file.limits;
      D.ID_PATTERN = new RegExp(data.file.idPattern);
      new D.Dossier(root, data).start();
    }).catch(function () {
      say("Les données du référentiel n'ont pas pu être chargées : vérifiez que le site est bien servi (et non ouvert comme fichier), puis rechargez la page.");
    });
  }

  PMO.ready(function () { PMO.each(document.querySelectorAll("[data-pmo-dossier]"), setup); });
})();
