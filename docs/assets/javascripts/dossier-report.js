// « Mon dossier de jalon » (11 of 12): the readiness report, printed for the gate's committee (only it shows in print).
(function () {
  "use strict";
  const PMO = window.PMO;
  const el = PMO.el, append = PMO.append, clear = PMO.clear, fr = PMO.fr, plural = PMO.plural;
  const frenchDate = PMO.frenchDate, today = PMO.today;
  const Dossier = PMO.dossier.Dossier;

  Dossier.prototype.renderReport = function () {
    const self = this;
    const r = this.report;
    clear(r);
    const p = this.project();
    if (!p || !this.view) { return; }
    const view = this.view;
    const c = view.counts;
    const dl = el("dl", {"class": "pmo-dossier__report-meta"});
    [["Projet", p.name, true], ["Code", p.code || "—", true], ["Catégorie", this.categories[p.category] || p.category],
      ["Phase en cours", this.phases[p.phase] || p.phase], ["Jalon", view.gate.name], ["Décidé par", this.decider(view.gate, p) || "—"],
      ["Date du rapport", frenchDate(today())], ["Référentiel", "édition " + this.edition]].forEach(function (pair) {
      append(dl, [el("dt", {text: pair[0]}), el("dd", pair[2] ? {raw: pair[1]} : {text: pair[1]})]);
      // The characteristics follow the category: together they say which items the project needs.
      if (pair[0] === "Catégorie" && self.data.characteristics.length) {
        append(dl, [el("dt", {text: "Caractéristiques"}), el("dd", null, self.traitsList(p))]);
      }
    });
    const criteria = el("table", {"class": "pmo-dossier__report-table"}, [
      el("thead", null, el("tr", null, ["Critère", "Preuve attendue", "Statut", "Preuve fournie ou justification"].map(function (h) {
        return el("th", {scope: "col", text: h});
      }))),
      el("tbody", null, view.criteria.map(function (row) {
        const entry = self.entry(row.key);
        const note = entry ? (entry.status === self.NA ? "Justification : " + entry.justification : entry.evidence) : "";
        return el("tr", null, [
          el("td", null, [el("span", {"class": "pmo-item__id", raw: row.item ? row.item.id : row.criterion.id}), " ", el("span", {text: row.criterion.text})]),
          el("td", {text: row.criterion.evidence || (row.item ? row.item.evidence : "") || "—"}),
          el("td", {text: (row.met ? "✓ Atteint" : "✗ Non atteint") + " (" + self.statusLabel(row.status).toLowerCase() + (entry && entry.date ? ", " + frenchDate(entry.date) : "") + ")"}),
          el("td", {raw: note || "—"})
        ]);
      }))
    ]);
    const missing = el("ul", null, view.missing.map(function (row) {
      return el("li", null, [el("span", {"class": "pmo-item__id", raw: row.item.standard + " " + row.item.id}), " ", el("span", {text: row.item.text})]);
    }));
    const nas = view.applicable.filter(function (row) { return row.status === self.NA; });
    const naList = el("ul", null, nas.map(function (row) {
      const entry = self.entry(row.key);
      return el("li", null, [el("span", {"class": "pmo-item__id", raw: row.item.standard + " " + row.item.id}), " ", el("span", {text: row.item.text}),
        fr(" — justification : "), el("span", {raw: entry ? entry.justification : ""})]);
    }));
    const others = el("ul", null, view.notConcerned.map(function (row) {
      return el("li", null, [el("span", {"class": "pmo-item__id", raw: row.item.standard + " " + row.item.id}), " ", el("span", {text: row.item.text}),
        " ", el("span", {text: "(" + self.levelText(row.item, row.level, p.category) + ")"})]);
    }));
    const sign = el("table", {"class": "pmo-dossier__report-sign"}, [
      el("caption", {text: "Décision du comité"}),
      el("tbody", null, [["Décision", "☐ Passage accordé   ☐ Accordé sous réserve   ☐ Refusé"], ["Nom", ""], ["Date", ""], ["Visa", ""]].map(function (pair) {
        return el("tr", null, [el("th", {scope: "row", text: pair[0]}), el("td", {text: pair[1]})]);
      }))
    ]);
    append(r, [
      el("h2", {id: "pmo-d-rapport", text: "Rapport de préparation du jalon « " + view.gate.name + " »"}),
      dl,
      el("p", {"class": "pmo-dossier__report-verdict"}, [el("strong", {text: view.ready ? "✓ Prêt pour le passage" : "✗ Pas encore prêt"})]),
      el("p", {text: "Critères de passage atteints : " + (view.criteria.length - view.unmet.length) + " sur " + view.criteria.length +
        ". " + this.mandatoryCounts() + ". Éléments recommandés : " + plural(c.recommendedDone, "fait") + " sur " + c.recommended + "."}),
      el("h3", {text: "Critères de passage"}),
      view.criteria.length ? criteria : el("p", {text: "Ce jalon n'a pas de critère de passage propre."}),
      el("h3", {text: "Éléments obligatoires manquants"}),
      view.missing.length ? missing : el("p", {text: "Aucun."}),
      nas.length ? el("h3", {text: "Éléments déclarés non applicables"}) : null,
      nas.length ? naList : null,
      others.children.length ? el("h3", {text: "Éléments sans objet pour ce projet, d'après ses caractéristiques"}) : null,
      others.children.length ? others : null,
      sign
    ]);
  };

})();
