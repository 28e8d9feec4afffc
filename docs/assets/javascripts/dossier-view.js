// « Mon dossier de jalon » (5 of 12): the page's skeleton, built once, and the projects: choose, create, edit,
// duplicate, delete; a project's characteristics are asked with its name (dossier-traits.js). Everything a user or a
// file brings is inserted as text, never as HTML; only native controls, each with its label: the keyboard alone is enough.
(function () {
  "use strict";
  const PMO = window.PMO;
  const D = PMO.dossier;
  const el = PMO.el, fr = PMO.fr, own = PMO.own, plural = PMO.plural;
  const Dossier = D.Dossier;

  Dossier.prototype.build = function () {
    const self = this;
    const root = this.root;
    this.warning = el("p", {"class": "pmo-dossier__warning", hidden: true});
    root.insertBefore(this.warning, this.live ? this.live.nextSibling : root.firstChild);
    this.notices = el("div", {"class": "pmo-dossier__notices"});
    root.insertBefore(this.notices, this.warning.nextSibling);

    // Projects.
    this.projectSelect = el("select", {id: "pmo-d-projet", onchange: function () { self.switchProject(self.projectSelect.value); }});
    this.buttons = {
      create: el("button", {type: "button", "class": "pmo-dossier__button", text: "Nouveau projet", onclick: function () { self.openForm("create"); }}),
      edit: el("button", {type: "button", "class": "pmo-dossier__button", text: "Modifier le projet", onclick: function () { self.openForm("edit"); }}),
      duplicate: el("button", {type: "button", "class": "pmo-dossier__button", text: "Dupliquer", onclick: function () { self.duplicate(); }}),
      remove: el("button", {type: "button", "class": "pmo-dossier__button", text: "Supprimer", onclick: function () { self.askDelete(); }})
    };
    this.empty = el("p", {"class": "pmo-dossier__empty", hidden: true,
      text: "Aucun projet enregistré dans ce navigateur. Créez votre premier projet ci-dessous, ou chargez un projet enregistré dans un fichier (plus bas)."});
    this.bar = el("div", {"class": "pmo-dossier__bar"}, [
      el("p", {"class": "pmo-dossier__field"}, [el("label", {"for": "pmo-d-projet", text: "Projet affiché"}), this.projectSelect]),
      el("p", {"class": "pmo-dossier__actions"}, [this.buttons.create, this.buttons.edit, this.buttons.duplicate, this.buttons.remove])
    ]);
    this.summary = el("dl", {"class": "pmo-dossier__project-meta"});
    this.form = this.buildForm();
    this.confirm = el("div", {"class": "pmo-dossier__confirm", role: "group", "aria-labelledby": "pmo-d-confirm-q", hidden: true});
    this.withdrawnNode = el("div", {"class": "pmo-dossier__withdrawn", hidden: true});
    this.traitsNode = el("div", {"class": "pmo-dossier__questions", role: "group", "aria-labelledby": "pmo-d-questions", hidden: true});
    const projects = el("section", {"class": "pmo-dossier__projects", "aria-labelledby": "pmo-d-projets"},
      [el("h2", {id: "pmo-d-projets", tabindex: "-1", text: "Projet"}), this.empty, this.bar, this.summary, this.traitsNode,
        this.withdrawnNode, this.form, this.confirm]);

    // The gate.
    this.gateSelect = el("select", {id: "pmo-d-jalon", onchange: function () { self.chooseGate(self.gateSelect.value); }});
    this.saved = el("p", {"class": "pmo-dossier__saved", "aria-hidden": "true", hidden: true});
    this.gateBody = el("div", {"class": "pmo-dossier__gate-body"});
    this.gateSection = el("section", {"class": "pmo-dossier__gate", "aria-labelledby": "pmo-d-jalon-titre"}, [
      el("h2", {id: "pmo-d-jalon-titre", tabindex: "-1", text: "Préparer un jalon"}),
      el("div", {"class": "pmo-dossier__gate-head"}, [
        el("p", {"class": "pmo-dossier__field"}, [el("label", {"for": "pmo-d-jalon", text: "Jalon à préparer"}), this.gateSelect]),
        this.saved
      ]),
      this.gateBody
    ]);

    // Exports and files.
    this.fileInput = el("input", {type: "file", id: "pmo-d-fichier", accept: ".json,application/json", "aria-describedby": "pmo-d-fichier-aide pmo-d-fichier-erreur",
      onchange: function () { self.loadFile(self.fileInput); }});
    this.fileError = el("p", {id: "pmo-d-fichier-erreur", "class": "pmo-dossier__error", hidden: true});
    this.importNode = el("div", {"class": "pmo-dossier__import", role: "group", "aria-labelledby": "pmo-d-import-q", hidden: true});
    this.exportButtons = el("div", {"class": "pmo-dossier__exports"}, [
      el("p", {"class": "pmo-dossier__actions"}, [
        el("button", {type: "button", "class": "pmo-dossier__button pmo-dossier__button--primary", text: "Télécharger en Excel (.xlsx)", onclick: function (ev) { self.exportXlsx(ev.currentTarget); }}),
        el("button", {type: "button", "class": "pmo-dossier__button", text: "Télécharger en CSV", onclick: function () { self.exportCsv(); }}),
        el("button", {type: "button", "class": "pmo-dossier__button", text: "Imprimer le rapport", onclick: function () { self.print(); }})
      ]),
      el("p", {"class": "pmo-dossier__actions"}, [
        el("button", {type: "button", "class": "pmo-dossier__button", text: "Enregistrer le projet dans un fichier (.json)", onclick: function () { self.saveFile(); }})
      ])
    ]);
    const exportsSection = el("section", {"class": "pmo-dossier__share", "aria-labelledby": "pmo-d-partage"}, [
      el("h2", {id: "pmo-d-partage", text: "Exporter et partager"}),
      this.exportButtons,
      el("p", {"class": "pmo-dossier__field pmo-dossier__file"}, [
        el("label", {"for": "pmo-d-fichier", text: "Charger un projet enregistré (fichier .json)"}),
        this.fileInput
      ]),
      el("p", {id: "pmo-d-fichier-aide", "class": "pmo-dossier__hint",
        text: "Un projet déjà présent dans ce navigateur (même identifiant) est mis à jour après que vous avez vu ce qui change ; sinon le projet s'ajoute aux vôtres."}),
      this.fileError,
      this.importNode
    ]);
    this.report = el("section", {"class": "pmo-dossier__report", "aria-labelledby": "pmo-d-rapport"});
    this.app = el("div", {"class": "pmo-dossier__app"}, [projects, this.gateSection, exportsSection]);
    root.appendChild(this.app);
    root.appendChild(this.report);
    // Another tab of the site changed the dossiers.
    window.addEventListener("storage", function (ev) {
      if (ev.key === self.data.storage.key && ev.newValue !== null && document.body.contains(self.root)) { self.reloadFromStorage(); }
    });
    // What is being typed is written at once when the page is left (a reload, another page, a closed tab).
    window.addEventListener("pagehide", function () { self.flush(); });
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { self.flush(); } });
  };

  Dossier.prototype.buildForm = function () {
    const self = this;
    const category = el("select", {id: "pmo-d-categorie", name: "category"}, this.data.categories.map(function (c) {
      return el("option", {value: c.id, text: c.name});
    }));
    const phase = el("select", {id: "pmo-d-phase", name: "phase"}, this.data.phases.map(function (p) {
      return el("option", {value: p.id, text: p.name});
    }));
    this.formLegend = el("legend", {text: "Nouveau projet"});
    this.formSubmit = el("button", {type: "submit", "class": "pmo-dossier__button pmo-dossier__button--primary", text: "Créer le projet"});
    this.formCancel = el("button", {type: "button", "class": "pmo-dossier__button", text: "Annuler", onclick: function () { self.closeForm(true); }});
    this.formError = el("p", {id: "pmo-d-nom-erreur", "class": "pmo-dossier__error", hidden: true});
    // The characteristics, asked when a project is created (every question answered) and changed here later.
    this.formTraits = this.traitFields("pmo-d-c", this.data.characteristics);
    this.traitsError = el("p", {id: "pmo-d-car-erreur", "class": "pmo-dossier__error", hidden: true});
    const traits = this.data.characteristics.length ? el("fieldset", {"class": "pmo-dossier__traits-set", "aria-describedby": "pmo-d-car-aide pmo-d-car-erreur"}, [
      el("legend", {text: "Caractéristiques du projet"}),
      el("p", {id: "pmo-d-car-aide", "class": "pmo-dossier__hint",
        text: "Certains éléments ne concernent que les projets qui ont une de ces caractéristiques : vos réponses n'affichent que ceux de votre projet. Vous pourrez les changer."}),
      this.formTraits.node, this.traitsError
    ]) : null;
    return el("form", {"class": "pmo-dossier__project-form", novalidate: true, hidden: true, onsubmit: function (ev) { ev.preventDefault(); self.submitForm(); }}, [
      el("fieldset", null, [
        this.formLegend,
        el("p", {"class": "pmo-dossier__field"}, [
          el("label", {"for": "pmo-d-nom", text: "Nom du projet (obligatoire)"}),
          el("input", {type: "text", id: "pmo-d-nom", name: "name", maxlength: D.LIMITS.name, required: true, autocomplete: "off", "aria-describedby": "pmo-d-nom-erreur"})
        ]),
        this.formError,
        el("p", {"class": "pmo-dossier__field"}, [
          el("label", {"for": "pmo-d-code", text: "Code du projet (facultatif)"}),
          el("input", {type: "text", id: "pmo-d-code", name: "code", maxlength: D.LIMITS.code, autocomplete: "off"})
        ]),
        el("p", {"class": "pmo-dossier__field"}, [
          el("label", {"for": "pmo-d-categorie", text: "Catégorie du projet"}), category, " ",
          el("a", {href: this.href("listes-de-controle/categories-de-projet.md"), text: "Choisir la catégorie"})
        ]),
        el("p", {"class": "pmo-dossier__field"}, [el("label", {"for": "pmo-d-phase", text: "Phase en cours"}), phase]),
        traits,
        el("p", {"class": "pmo-dossier__actions"}, [this.formSubmit, this.formCancel])
      ])
    ]);
  };

  Dossier.prototype.showStorageProblem = function (message) {
    if (!this.warning) { this.pendingWarning = message; return; }
    this.warning.textContent = fr(message);
    this.warning.hidden = !message;
  };

  // --- rendering ---------------------------------------------------------------------------------------------

  Dossier.prototype.renderAll = function () {
    this.renderProjects();
    this.renderNotices();
    this.renderGate();
  };

  Dossier.prototype.renderProjects = function () {
    const self = this;
    const ids = this.projectIds();
    const p = this.project();
    PMO.clear(this.projectSelect);
    ids.forEach(function (id) {
      const project = self.state.projects[id];
      const option = el("option", {value: id, raw: project.name + (project.code ? " (" + project.code + ")" : "")});
      if (id === self.state.current) { option.selected = true; }
      self.projectSelect.appendChild(option);
    });
    this.empty.hidden = ids.length > 0;
    this.bar.hidden = ids.length === 0;
    this.gateSection.hidden = !p;
    this.exportButtons.hidden = !p;
    PMO.clear(this.summary);
    this.summary.hidden = !p;
    if (p) {
      PMO.append(this.summary, [
        el("dt", {text: "Code"}), el("dd", {raw: p.code || "—"}),
        el("dt", {text: "Catégorie"}), el("dd", {text: this.categories[p.category] || p.category}),
        el("dt", {text: "Phase en cours"}), el("dd", {text: this.phases[p.phase] || p.phase}),
        this.data.characteristics.length ? el("dt", {text: "Caractéristiques"}) : null,
        this.data.characteristics.length ? el("dd", null, this.traitsList(p)) : null
      ]);
    }
    this.renderTraits();
    this.renderWithdrawn();
    if (!ids.length && this.form.hidden) { this.openForm("create", true); }
    this.formCancel.hidden = ids.length === 0;
  };

  // --- actions on projects -------------------------------------------------------------------------------------

  Dossier.prototype.openForm = function (mode, quiet) {
    const p = this.project();
    this.formMode = mode === "edit" && p ? "edit" : "create";
    const f = this.form.elements;
    const editing = this.formMode === "edit";
    this.confirm.hidden = true;
    this.formLegend.textContent = fr(editing ? "Modifier le projet" : "Nouveau projet");
    this.formSubmit.textContent = fr(editing ? "Enregistrer le projet" : "Créer le projet");
    f.name.value = editing ? p.name : "";
    f.code.value = editing ? p.code : "";
    f.category.value = editing ? p.category : this.data["default"];
    f.phase.value = editing ? p.phase : this.data.phases[0].id;
    this.formTraits.set(editing ? p : null);
    f.name.removeAttribute("aria-invalid");
    this.formError.hidden = true;
    this.traitsError.hidden = true;
    this.form.hidden = false;
    if (!quiet) { f.name.focus(); }
  };

  Dossier.prototype.closeForm = function (focusBack) {
    this.form.hidden = true;
    if (focusBack) {
      const target = this.formMode === "edit" ? this.buttons.edit : this.buttons.create;
      if (target && !this.bar.hidden) { target.focus(); }
    }
  };

  Dossier.prototype.submitForm = function () {
    const f = this.form.elements;
    const name = this.check.clean(f.name.value).replace(/\s+/g, " ").trim().slice(0, D.LIMITS.name);
    const code = this.check.clean(f.code.value).replace(/\s+/g, " ").trim().slice(0, D.LIMITS.code);
    if (!name) {
      this.formError.textContent = fr("Donnez un nom au projet.");
      this.formError.hidden = false;
      f.name.setAttribute("aria-invalid", "true");
      f.name.focus();
      this.announce("Projet non enregistré : le nom est obligatoire.");
      return;
    }
    const mode = this.formMode;
    // A new project answers every question; a project changed later keeps an answer it never gave unanswered.
    const missing = this.formTraits.missing();
    this.traitsError.hidden = true;
    if (mode !== "edit" && missing.length) {
      const message = "Répondez à chaque question sur les caractéristiques du projet (" + plural(missing.length, "question") + " sans réponse).";
      this.traitsError.textContent = fr(message);
      this.traitsError.hidden = false;
      missing[0].querySelector("input").focus();
      this.announce("Projet non enregistré : " + message.charAt(0).toLowerCase() + message.slice(1));
      return;
    }
    const answers = this.formTraits.read();
    let said;
    if (mode === "edit" && this.project()) {
      const p = this.project();
      p.name = name;
      p.code = code;
      p.category = f.category.value;
      p.phase = f.phase.value;
      p.characteristics = this.withAnswers(p, answers, this.data.characteristics);
      p.updated = PMO.today();
      said = "Projet « " + name + " » modifié.";
    } else {
      const project = this.newProject(name, code, f.category.value, f.phase.value, answers);
      this.state.projects[project.id] = project;
      this.state.current = project.id;
      said = "Projet « " + name + " » créé.";
    }
    const stored = this.save();
    this.form.hidden = true;
    this.renderAll();
    (mode === "edit" ? this.buttons.edit : this.gateSelect).focus();
    this.announce(said + (stored ? "" : " Gardé pour cette visite seulement."));
  };

  Dossier.prototype.switchProject = function (id) {
    if (!own(this.state.projects, id)) { return; }
    this.flush();
    this.state.current = id;
    this.form.hidden = true;
    this.confirm.hidden = true;
    this.save();
    this.renderAll();
    this.announce("Projet affiché : « " + this.state.projects[id].name + " ».");
  };

  Dossier.prototype.chooseGate = function (gateId) {
    const p = this.project();
    if (!p || !own(this.gates, gateId)) { return; }
    this.flush();
    p.gate = gateId;
    this.save();
    this.renderGate();
    this.announce("Jalon « " + this.gates[gateId].name + " » : " + (this.view.ready ? "prêt pour le passage." : "pas encore prêt."));
  };

  Dossier.prototype.duplicate = function () {
    const p = this.project();
    if (!p) { return; }
    this.flush();
    const copy = JSON.parse(JSON.stringify(p));
    copy.id = Dossier.newId();
    copy.name = (p.name + " (copie)").slice(0, D.LIMITS.name);
    copy.created = copy.updated = PMO.today();
    this.state.projects[copy.id] = copy;
    this.state.current = copy.id;
    const stored = this.save();
    this.renderAll();
    this.projectSelect.focus();
    this.announce("Projet dupliqué : « " + copy.name + " » est affiché." + (stored ? "" : " Gardé pour cette visite seulement."));
  };

  Dossier.prototype.askDelete = function () {
    const self = this;
    const p = this.project();
    if (!p) { return; }
    this.form.hidden = true;
    PMO.clear(this.confirm);
    const question = el("p", {id: "pmo-d-confirm-q", tabindex: "-1"}, [
      fr("Supprimer le projet « "), el("span", {raw: p.name}),
      fr(" » et tout ce qui y est noté ? Cette suppression est définitive : enregistrez-le d'abord dans un fichier si vous voulez le garder.")
    ]);
    PMO.append(this.confirm, [
      question,
      el("p", {"class": "pmo-dossier__actions"}, [
        el("button", {type: "button", "class": "pmo-dossier__button pmo-dossier__button--danger", text: "Oui, supprimer le projet", onclick: function () { self.remove(p.id); }}),
        el("button", {type: "button", "class": "pmo-dossier__button", text: "Annuler", onclick: function () {
          self.confirm.hidden = true;
          self.buttons.remove.focus();
          self.announce("Suppression annulée.");
        }})
      ])
    ]);
    this.confirm.hidden = false;
    question.focus();
  };

  Dossier.prototype.remove = function (id) {
    const p = this.state.projects[id];
    if (!p) { return; }
    this.flush();
    delete this.state.projects[id];
    this.state.current = this.projectIds()[0] || null;
    const stored = this.save();
    this.confirm.hidden = true;
    this.renderAll();
    if (this.project()) { this.projectSelect.focus(); } else { this.form.elements.name.focus(); }
    this.announce("Projet « " + p.name + " » supprimé." + (stored ? "" : " (pour cette visite seulement)"));
  };
})();
