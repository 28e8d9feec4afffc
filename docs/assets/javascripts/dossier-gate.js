// « Mon dossier de jalon » (6 of 12): the gate being prepared: its verdict, what is missing, the filters, and one
// compact line per criterion and per item of its phase (dossier-entries.js draws the lines).
(function () {
  "use strict";
  const PMO = window.PMO;
  const el = PMO.el, fr = PMO.fr, plural = PMO.plural;
  const Dossier = PMO.dossier.Dossier;

  // A line's id: « c » for the criteria, « i » for the items, then its key.
  Dossier.lineId = function (context, key) { return "pmo-d-" + context + "-" + key.replace(/[^A-Za-z0-9_-]/g, "_"); };

  Dossier.prototype.renderGate = function () {
    const self = this;
    const p = this.project();
    PMO.clear(this.gateBody);
    this.itemList = null;
    if (!p) { this.renderReport(); return; }
    const gate = this.currentGate();
    PMO.clear(this.gateSelect);
    this.data.gates.forEach(function (g) {
      const option = el("option", {value: g.id, text: g.name + " (fin de la phase " + (self.phases[g.phase] || g.phase) + ")"});
      if (gate && g.id === gate.id) { option.selected = true; }
      self.gateSelect.appendChild(option);
    });
    if (!gate) {
      this.gateBody.appendChild(el("p", {text: "Le référentiel ne définit aucun jalon."}));
      this.renderReport();
      return;
    }
    const view = this.view = this.gateView(gate);
    const info = [];
    const decider = this.decider(gate, p);
    if (decider) { info.push("Décidé par : " + decider + ". "); }
    info.push("Éléments de la phase « " + (this.phases[gate.phase] || gate.phase) + " », au niveau d'un projet de catégorie « " +
      (this.categories[p.category] || p.category) + " »" + (this.data.characteristics.length ? ", d'après ses caractéristiques" : "") +
      ". Chaque changement est enregistré aussitôt. ");
    this.gateBody.appendChild(el("p", {"class": "pmo-dossier__gate-info"}, info.concat([
      el("a", {href: this.href(gate.href), text: "Liste de contrôle du jalon"})
    ])));
    this.verdict = el("div", {"class": "pmo-dossier__verdict"});
    this.gateBody.appendChild(this.verdict);
    this.renderVerdict();

    const lines = [];
    view.criteria.forEach(function (row) { lines.push(self.line(row, "c")); });
    this.gateBody.appendChild(el("section", {"class": "pmo-dossier__criteria", "aria-labelledby": "pmo-d-criteres"}, [
      el("h3", {id: "pmo-d-criteres", text: "Critères de passage (" + view.criteria.length + ")"}),
      view.criteria.length ? el("p", {"class": "pmo-dossier__hint", text: "Un critère lié à un élément est atteint quand cet élément est « fait » ; son statut est celui de l'élément."}) :
        el("p", {text: "Ce jalon n'a pas de critère de passage propre : il est prêt quand les éléments obligatoires de sa phase sont faits ou justifiés non applicables."}),
      view.criteria.length ? el("ol", {"class": "pmo-dossier__entries pmo-dossier__entries--criteria"}, lines) : null
    ]));

    this.itemList = el("ol", {"class": "pmo-dossier__entries"});
    view.applicable.forEach(function (row) { self.itemList.appendChild(self.line(row, "i")); });
    this.filterCount = el("p", {"class": "pmo-dossier__hint", id: "pmo-d-filtre-compte"});
    const itemsSection = el("section", {"class": "pmo-dossier__items", "aria-labelledby": "pmo-d-elements"}, [
      el("h3", {id: "pmo-d-elements", text: "Éléments de la phase « " + (this.phases[gate.phase] || gate.phase) + " » (" + view.applicable.length + ")"}),
      view.applicable.length ? this.filtersNode(view) : null,
      view.applicable.length ? this.filterCount : null,
      view.applicable.length ? this.itemList : el("p", {text: "Aucun élément de projet dans cette phase."})
    ]);
    if (view.notConcerned.length) {
      // Items of some projects only, that this one does not need given its characteristics: said, with the reason.
      const otherList = el("ul", {"class": "pmo-dossier__na-list"});
      view.notConcerned.forEach(function (row) {
        otherList.appendChild(el("li", null, [
          el("span", {"class": "pmo-item__id", raw: row.item.standard + " " + row.item.id}), " ",
          el("span", {text: row.item.text}), " ",
          el("span", {"class": "pmo-dossier__hint", text: "(" + self.levelText(row.item, row.level, p.category) + ")"}), " ",
          el("a", {href: self.href(row.item.href), text: "Voir l'exigence"}, el("span", {"class": "pmo-dossier__sr", raw: " " + row.item.id}))
        ]));
      });
      itemsSection.appendChild(el("details", {"class": "pmo-dossier__na pmo-dossier__na--traits"}, [
        el("summary", {text: "Sans objet pour ce projet, d'après ses caractéristiques (" + view.notConcerned.length + ")"}),
        otherList
      ]));
    }
    if (view.notApplicable.length) {
      const naList = el("ul", {"class": "pmo-dossier__na-list"});
      view.notApplicable.forEach(function (row) {
        naList.appendChild(el("li", null, [
          el("span", {"class": "pmo-item__id", raw: row.item.standard + " " + row.item.id}), " ",
          el("span", {text: row.item.text}), " ",
          el("a", {href: self.href(row.item.href), text: "Voir l'exigence"}, el("span", {"class": "pmo-dossier__sr", raw: " " + row.item.id}))
        ]));
      });
      itemsSection.appendChild(el("details", {"class": "pmo-dossier__na"}, [
        el("summary", {text: "Non applicables à un projet de catégorie « " + (this.categories[p.category] || p.category) + " » (" + view.notApplicable.length + ")"}),
        naList
      ]));
    }
    this.gateBody.appendChild(itemsSection);
    this.applyFilters(false);
    this.renderReport();
  };

  Dossier.prototype.renderVerdict = function () {
    const view = this.view;
    const c = view.counts;
    const v = this.verdict;
    const NA = this.NA;
    PMO.clear(v);
    v.className = "pmo-dossier__verdict " + (view.ready ? "is-ready" : "is-not-ready");
    // Each line leads to its line below; a long list starts closed, so that the lines stay close at hand.
    const missing = el("ul", {"class": "pmo-dossier__missing"});
    view.unmet.forEach(function (row) {
      const label = row.status === NA ? " (déclaré non applicable : à accorder par le comité)" : "";
      missing.appendChild(el("li", null, ["Critère : ", el("a", {href: "#" + Dossier.lineId("c", row.key), text: row.criterion.text}), label]));
    });
    view.missing.forEach(function (row) {
      missing.appendChild(el("li", null, [el("span", {"class": "pmo-item__id", raw: row.item.id}), " ",
        el("a", {href: "#" + Dossier.lineId("i", row.key), text: row.item.text})]));
    });
    const total = view.unmet.length + view.missing.length;
    const details = el("details", {"class": "pmo-dossier__missing-details"}, [el("summary", {text: "Ce qui manque (" + total + ")"}), missing]);
    details.open = total <= 8;
    PMO.append(v, [
      el("p", {"class": "pmo-dossier__verdict-title"}, [
        el("strong", {text: view.ready ? "✓ Prêt pour le passage" : "✗ Pas encore prêt"}),
        el("span", {text: " — " + view.gate.name})
      ]),
      el("ul", {"class": "pmo-dossier__counts"}, [
        el("li", {text: "Critères de passage atteints : " + (view.criteria.length - view.unmet.length) + " sur " + view.criteria.length}),
        el("li", {text: this.mandatoryCounts()}),
        el("li", {text: "Éléments recommandés : " + plural(c.recommendedDone, "fait") + " sur " + c.recommended}),
        c.changed ? el("li", {text: "Modifiés depuis votre coche, à revoir : " + c.changed}) : null
      ]),
      view.ready ? null : details
    ]);
  };

  // « Afficher : tout / à faire / modifiés » as radio buttons, then the role that does the item (an R) and the standard.
  Dossier.prototype.filtersNode = function (view) {
    const self = this;
    const roles = {}, standards = {};
    view.applicable.forEach(function (row) {
      (row.item.R || []).forEach(function (r) { roles[r] = self.data.roles[r] || r; });
      standards[row.item.standard] = self.standardLabel(row.item.standard);
    });
    function select(id, label, name, all, options) {
      const node = el("select", {id: id, onchange: function () { self.filters[name] = node.value; self.applyFilters(true); }},
        [el("option", {value: "", text: all})].concat(options.map(function (o) { return el("option", {value: o[0], text: o[1]}); })));
      if (options.some(function (o) { return o[0] === self.filters[name]; })) { node.value = self.filters[name]; }
      else { self.filters[name] = ""; }
      return el("p", {"class": "pmo-dossier__field"}, [el("label", {"for": id, text: label}), node]);
    }
    const shows = [["tout", "Tout"], ["a-faire", "À faire"]];
    if (view.counts.changed) { shows.push(["modifie", "Modifiés depuis votre coche"]); }
    if (!shows.some(function (s) { return s[0] === self.filters.show; })) { this.filters.show = "tout"; }
    const radios = el("fieldset", {"class": "pmo-dossier__show"}, [el("legend", {text: "Afficher"})].concat(shows.map(function (s) {
      const input = el("input", {type: "radio", name: "pmo-d-afficher", id: "pmo-d-afficher-" + s[0], value: s[0],
        onchange: function () { self.filters.show = s[0]; self.applyFilters(true); }});
      input.checked = self.filters.show === s[0];
      return el("span", {"class": "pmo-dossier__radio"}, [input, el("label", {"for": "pmo-d-afficher-" + s[0], text: s[1]})]);
    })));
    const roleOptions = Object.keys(roles).sort(function (a, b) { return roles[a].localeCompare(roles[b], "fr"); }).map(function (k) { return [k, roles[k]]; });
    const standardOptions = Object.keys(standards).sort().map(function (k) { return [k, standards[k]]; });
    return el("div", {"class": "pmo-dossier__filters", role: "group", "aria-label": fr("Filtrer les éléments")}, [
      radios,
      select("pmo-d-filtre-role", "Réalisé par (R)", "role", "Tous les rôles", roleOptions),
      select("pmo-d-filtre-standard", "Standard", "standard", "Tous les standards", standardOptions)
    ]);
  };

  Dossier.prototype.standardLabel = function (id) {
    const known = this.data.standards && PMO.own(this.data.standards, id) ? this.data.standards[id] : null;
    const title = typeof known === "string" ? known : (known && known.title) || "";
    return title ? id + " — " + title : id;
  };

  // Shows the item lines the filters keep. A line whose status was just changed stays until the filters change, so
  // that it does not vanish under the pointer (keep: the key of that line).
  Dossier.prototype.applyFilters = function (announce, keep) {
    if (!this.itemList) { return; }
    const self = this, f = this.filters;
    let shown = 0, total = 0;
    PMO.each(this.itemList.children, function (line) {
      const key = line.getAttribute("data-key");
      const item = self.items[key];
      const wanted = f.show === "a-faire" ? self.status(key) === self.TODO : f.show === "modifie" ? self.changed(key) : true;
      const visible = (key === keep && !line.hidden) ||
        (wanted && (!f.role || (item.R || []).indexOf(f.role) >= 0) && (!f.standard || item.standard === f.standard));
      line.hidden = !visible;
      total += 1;
      if (visible) { shown += 1; }
    });
    const message = plural(shown, "élément affiché", "éléments affichés") + " sur " + total + ".";
    this.filterCount.textContent = fr(message);
    if (announce) { this.announce(message); }
  };
})();
