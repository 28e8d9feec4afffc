// « Mon dossier de jalon » (9 of 12): a project saved to a file (.json) and loaded back. A file is validated field by
// field before anything of it is used. A project already in this browser under the same id is never duplicated nor
// replaced blindly: what would change is shown first, then it is updated, or both are kept if the user asks.
(function () {
  "use strict";
  const PMO = window.PMO;
  const el = PMO.el, fr = PMO.fr, plural = PMO.plural;
  const D = PMO.dossier;
  const Dossier = D.Dossier;

  Dossier.prototype.saveFile = function () {
    const p = this.project();
    if (!p) { return; }
    this.flush();
    const file = {schema: this.data.file.schema, type: this.data.file.type, edition: this.edition, saved: PMO.today(), project: {
      id: p.id, name: p.name, code: p.code, category: p.category, phase: p.phase, gate: p.gate || "",
      created: p.created, updated: p.updated, characteristics: p.characteristics, entries: p.entries
    }};
    const name = "projet-" + Dossier.slug(p.code || p.name) + ".json";
    PMO.download(name, new Blob([JSON.stringify(file, null, 2) + "\n"], {type: "application/json"}));
    this.announce("Projet enregistré dans le fichier « " + name + " ».");
  };

  Dossier.prototype.loadFile = function (input) {
    const self = this;
    const file = input.files && input.files[0];
    if (!file) { return; }
    this.importNode.hidden = true;
    const refuse = function (problems) {
      const shown = problems.slice(0, 5);
      const text = "Fichier « " + file.name.slice(0, 80) + " » refusé : " + shown.join(" ; ") +
        (problems.length > shown.length ? " ; et " + plural(problems.length - shown.length, "autre problème") : "") + ".";
      self.fileError.textContent = text;
      self.fileError.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.value = "";
      self.announce(text);
    };
    if (file.size > D.LIMITS.fileBytes) { refuse(["le fichier dépasse 1 Mo"]); return; }
    const reader = new FileReader();
    reader.addEventListener("error", function () { refuse(["le fichier n'a pas pu être lu"]); });
    reader.addEventListener("load", function () {
      const result = self.check.checkFile(String(reader.result));
      if (result.problems.length) { refuse(result.problems); return; }
      self.fileError.hidden = true;
      input.removeAttribute("aria-invalid");
      input.value = "";
      const project = result.project;
      project.created = project.created || PMO.today();
      project.updated = project.updated || PMO.today();
      const other = result.edition && result.edition !== self.edition ? " Il a été enregistré avec l'édition " + result.edition +
        " du référentiel ; les éléments modifiés depuis sont signalés." : "";
      if (project.id && PMO.own(self.state.projects, project.id)) { self.askImport(project, other); return; }
      self.addLoaded(project, other, false);
    });
    reader.readAsText(file);
  };

  // Adds a loaded project as a new one (a new id when asked to keep both, or when it has none).
  Dossier.prototype.addLoaded = function (project, other, both) {
    this.flush();
    if (both || !project.id) {
      project.id = Dossier.newId();
      const names = this.projectIds().map(function (id) { return this.state.projects[id].name; }, this);
      if (names.indexOf(project.name) >= 0) { project.name = (project.name + " (fichier)").slice(0, D.LIMITS.name); }
    }
    this.state.projects[project.id] = project;
    this.state.current = project.id;
    const stored = this.save();
    this.form.hidden = true;
    this.renderAll();
    this.projectSelect.focus();
    this.announce("Projet « " + project.name + " » chargé depuis le fichier." + other + (stored ? "" : " Gardé pour cette visite seulement."));
  };

  // The same project is already here: show what the file would change, then update it or keep both.
  Dossier.prototype.askImport = function (project, other) {
    const self = this;
    const current = this.state.projects[project.id];
    const changes = this.differences(current, project);
    const node = this.importNode;
    PMO.clear(node);
    const question = el("p", {id: "pmo-d-import-q", tabindex: "-1"}, [
      fr("Le projet « "), el("span", {raw: current.name}), fr(" » est déjà dans ce navigateur (même identifiant). "),
      el("span", {text: changes.length ? "Le fichier changerait " + plural(changes.length, "chose") + " :" : "Le fichier est identique au projet enregistré : rien ne changerait."})
    ]);
    const close = function (message) {
      node.hidden = true;
      PMO.clear(node);
      self.fileInput.focus();
      self.announce(message);
    };
    PMO.append(node, [
      question,
      changes.length ? el("ul", {"class": "pmo-dossier__changes"}, changes.map(function (line) { return el("li", {raw: line}); })) : null,
      el("p", {"class": "pmo-dossier__actions"}, [
        changes.length ? el("button", {type: "button", "class": "pmo-dossier__button pmo-dossier__button--primary", text: "Mettre à jour le projet", onclick: function () {
          self.flush();
          self.state.projects[project.id] = project;
          self.state.current = project.id;
          const stored = self.save();
          node.hidden = true;
          self.renderAll();
          self.projectSelect.focus();
          self.announce("Projet « " + project.name + " » mis à jour depuis le fichier : " + plural(changes.length, "changement") + "." + other +
            (stored ? "" : " Gardé pour cette visite seulement."));
        }}) : null,
        el("button", {type: "button", "class": "pmo-dossier__button", text: "Garder les deux", onclick: function () {
          node.hidden = true;
          self.addLoaded(project, other, true);
        }}),
        el("button", {type: "button", "class": "pmo-dossier__button", text: "Annuler", onclick: function () { close("Chargement annulé : rien n'a changé."); }})
      ])
    ]);
    node.hidden = false;
    question.focus();
    this.announce(changes.length ? "Ce projet existe déjà : " + plural(changes.length, "changement") + " à confirmer." :
      "Ce projet existe déjà, identique au fichier : rien à changer.");
  };
})();
