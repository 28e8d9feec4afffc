// « Mon dossier de jalon » (7 of 12): one compact line per criterion or item: status, id, text (with « À venir » when
// its version is ahead of its date), who does it (R) and who approves it (A), evidence, and a « Détails » button that
// unfolds the rest (level, « si … » for an item of some projects, standard, template, expected evidence, date). Every
// change is saved as it is made: a status at once, typing once it pauses; a discreet « Enregistré » shows beside the
// gate and a screen reader hears it. « Non applicable » is saved with its justification, which is asked for on the line.
(function () {
  "use strict";
  const PMO = window.PMO;
  const el = PMO.el, fr = PMO.fr;
  const Dossier = PMO.dossier.Dossier;
  const TYPING_PAUSE = 500;  // ms without a keystroke before a text is saved
  const STATUS_ICONS = ["○", "✓", "⊘"];  // à faire, fait, non applicable: the icon is a second cue, the word the first

  function sr(text) { return el("span", {"class": "pmo-dossier__sr", raw: text}); }

  // A user's evidence: a link only when the whole note is one http(s) or relative URL; anything else is text.
  Dossier.evidenceUrl = function (text) {
    const value = String(text || "").trim();
    if (!value || /\s/.test(value) || !/^(https?:\/\/|\/|\.\.?\/)/i.test(value) || /^\/\\|^\\/.test(value)) { return ""; }
    try {
      const url = new URL(value, window.location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? value : "";
    } catch (e) { return ""; }
  };

  Dossier.prototype.statusIcon = function (status) {
    return STATUS_ICONS[[this.TODO, this.DONE, this.NA].indexOf(status)] || "";
  };
  Dossier.prototype.statusClass = function (status) {
    return status === this.DONE ? "is-done" : status === this.NA ? "is-na" : "is-todo";
  };

  Dossier.prototype.line = function (row, context) {
    const self = this;
    const key = row.key, item = row.item, criterion = row.criterion || null;
    const entry = this.entry(key);
    const status = entry ? entry.status : this.TODO;
    const id = Dossier.lineId(context, key);
    const label = item ? item.id : criterion.id;
    const text = criterion ? criterion.text : item.text;
    const line = el("li", {"class": "pmo-dossier__entry " + this.statusClass(status), id: id, "data-key": key, "data-context": context});

    const select = el("select", {id: id + "-s", "class": "pmo-dossier__status-select"}, [this.TODO, this.DONE, this.NA].map(function (s) {
      return el("option", {value: s, text: self.statusLabel(s)});
    }));
    select.value = status;
    const evidence = el("input", {type: "text", id: id + "-p", maxlength: PMO.dossier.LIMITS.text, autocomplete: "off"});
    evidence.value = entry ? entry.evidence : "";
    const open = el("a", {"class": "pmo-dossier__open", rel: "noopener noreferrer", hidden: true}, [fr("Ouvrir"), sr(" la preuve de " + label)]);
    const justification = el("textarea", {id: id + "-j", rows: "2", maxlength: PMO.dossier.LIMITS.text, "aria-describedby": id + "-je"});
    justification.value = entry && entry.status === this.NA ? entry.justification : "";
    const justError = el("p", {"class": "pmo-dossier__error", id: id + "-je", hidden: true});
    const justField = el("div", {"class": "pmo-dossier__justification"}, [
      el("label", {"for": id + "-j"}, [fr("Justification (obligatoire pour « non applicable »)"), sr(" de " + label)]), justification, justError
    ]);
    justField.hidden = status !== this.NA;
    const toggle = el("button", {type: "button", "class": "pmo-dossier__more", "aria-expanded": "false", "aria-controls": id + "-d"},
      [fr("Détails"), sr(" de " + label)]);
    const details = el("div", {"class": "pmo-dossier__details", id: id + "-d", hidden: true});
    toggle.addEventListener("click", function () {
      const opening = details.hidden;
      details.hidden = !opening;
      toggle.setAttribute("aria-expanded", opening ? "true" : "false");
    });

    PMO.append(line, [
      el("div", {"class": "pmo-dossier__line"}, [
        el("span", {"class": "pmo-dossier__line-status"}, [
          el("span", {"class": "pmo-dossier__icon", "aria-hidden": "true", text: this.statusIcon(status)}),
          el("label", {"for": id + "-s", "class": "pmo-dossier__sr"}, fr("Statut de " + label)), select
        ]),
        el("span", {"class": "pmo-item__id", raw: label}),
        el("span", {"class": "pmo-dossier__text", id: id + "-t"}, [
          criterion ? el("span", {"class": "pmo-badge", text: "Critère"}) : null, criterion ? " " : null, el("span", {text: text}),
          // A version published ahead of its date: said on the line, as the gate's page says it.
          item && item.upcoming ? " " : null,
          item && item.upcoming ? el("span", {"class": "pmo-badge pmo-badge--upcoming", text: item.upcoming}) : null
        ]),
        el("span", {"class": "pmo-dossier__who"}, item ? this.whoNodes(item) : null),
        el("span", {"class": "pmo-dossier__evidence"}, [
          el("label", {"for": id + "-p", "class": "pmo-dossier__sr"}, fr("Preuve fournie (note ou lien) pour " + label)), evidence, open
        ]),
        toggle
      ]),
      justField,
      this.changed(key) ? this.changedNode(key, id) : null,
      details
    ]);
    this.fillDetails(details, row, entry);

    const parts = {line: line, select: select, evidence: evidence, open: open, justification: justification, justField: justField,
      justError: justError, details: details, row: row, context: context, label: label};
    this.showLink(parts);
    select.addEventListener("change", function () { self.edited(parts, "status"); });
    evidence.addEventListener("input", function () { self.showLink(parts); self.edited(parts, "evidence"); });
    justification.addEventListener("input", function () { self.edited(parts, "justification"); });
    return line;
  };

  // « Pilote de projet » and « Commanditaire » with the letters R and A (read out as « Réalise » and « Approuve »).
  Dossier.prototype.whoNodes = function (item) {
    const role = function (letter, said, names) {
      return names ? el("span", {"class": "pmo-dossier__role"}, [
        el("span", {"class": "pmo-dossier__raci", "aria-hidden": "true", text: letter}), sr(said), el("span", {text: names})
      ]) : null;
    };
    return [role("R", "Réalise : ", this.doerNames(item)), role("A", "Approuve : ", this.approverName(item))];
  };
  Dossier.prototype.doerNames = function (item) {
    const roles = this.data.roles;
    return (item.R || []).map(function (r) { return roles[r] || r; }).join(", ");
  };
  Dossier.prototype.approverName = function (item) {
    return item.A ? this.data.roles[item.A] || item.A : "";
  };
  // The level as the pages word it for the project's category: « Obligatoire si le projet a un fournisseur ».
  Dossier.prototype.levelText = function (item, level, category) {
    const labels = item.levelLabels || {};
    return PMO.own(labels, category) ? labels[category] : this.levelLabel(level);
  };

  Dossier.prototype.showLink = function (parts) {
    const url = Dossier.evidenceUrl(parts.evidence.value);
    parts.open.hidden = !url;
    if (url) { parts.open.setAttribute("href", url); } else { parts.open.removeAttribute("href"); }
  };

  Dossier.prototype.fillDetails = function (details, row, entry) {
    const item = row.item, criterion = row.criterion || null;
    PMO.clear(details);
    const facts = [];
    if (item) {
      const category = this.project().category;
      const approver = this.approverName(item);
      // As the pages show it: the level as a badge, then « si … » in plain text (a whole condition in capitals reads badly);
      // both come from Python's « Obligatoire si … ».
      const level = row.level || this.levelOf(item, category);
      const badge = this.levelLabel(level), full = this.levelText(item, level, category);
      const condition = full.indexOf(badge) === 0 ? full.slice(badge.length).trim() : "";
      facts.push(el("span", {"class": "pmo-level", text: badge}), condition ? " " : null,
        condition ? el("span", {"class": "pmo-condition", text: condition}) : null, " ",
        el("span", {text: item.standard + " v" + item.version + " · Réalise (R) : " + (this.doerNames(item) || "—") +
          (approver ? " · Approuve (A) : " + approver : "")}));
      if (item.template) { facts.push(" · Modèle : ", el("a", {href: this.href(item.template.href), text: item.template.title})); }
      facts.push(" · ", el("a", {href: this.href(item.href), text: "Voir l'exigence"}, sr(" " + item.id)));
    } else {
      facts.push(el("span", {text: "Critère propre au jalon « " + this.view.gate.name + " »."}));
    }
    const expected = criterion && criterion.evidence ? criterion.evidence : (item ? item.evidence : "");
    PMO.append(details, [
      el("p", {"class": "pmo-dossier__entry-meta"}, facts),
      expected ? el("p", null, [el("strong", {text: "Preuve attendue :"}), " ", el("span", {text: expected})]) : null,
      el("p", {"class": "pmo-dossier__state", text: !entry ? "Rien de noté pour l'instant." : entry.status === this.TODO ? "Preuve notée le " + PMO.frenchDate(entry.date) + "." :
        "Statut « " + this.statusLabel(entry.status).toLowerCase() + " » noté le " + PMO.frenchDate(entry.date) + "."})
    ]);
  };

  Dossier.prototype.changedNode = function (key, id) {
    const self = this;
    const item = this.items[key];
    const entry = this.entry(key);
    const history = PMO.own(this.data.history, key) ? this.data.history[key] : {};
    const old = PMO.own(history, entry.fingerprint) ? history[entry.fingerprint] : null;
    return el("div", {"class": "pmo-dossier__changed", id: id + "-m"}, [
      el("p", {"class": "pmo-dossier__changed-title"}, [el("strong", {text: "⚠ Modifié depuis votre coche"})]),
      old ? el("p", null, [el("strong", {text: "Texte au moment de votre coche (version " + old.version + ", " + this.levelLabel(old.level).toLowerCase() + ") :"}), " ", el("span", {text: old.text})]) :
        el("p", {text: "Le texte au moment de votre coche n'est plus connu du référentiel."}),
      el("p", null, [el("strong", {text: "Texte actuel (version " + item.version + ") :"}), " ", el("span", {text: item.text})]),
      el("p", {"class": "pmo-dossier__actions"}, [
        el("button", {type: "button", "class": "pmo-dossier__button", onclick: function () { self.confirmChanged(key); }},
          [fr("Garder mon statut pour le texte actuel"), sr(" (" + item.id + ")")])
      ])
    ]);
  };

  // What the line says now, written into the project: a status at once, typing (field "evidence" or "justification")
  // once it pauses.
  Dossier.prototype.edited = function (parts, field) {
    const now = field === "status";
    const p = this.project();
    if (!p) { return; }
    const status = parts.select.value;
    const justification = this.check.clean(parts.justification.value);
    const evidence = this.check.clean(parts.evidence.value);
    parts.justField.hidden = status !== this.NA;
    if (status === this.NA && !justification.trim()) {
      // Not saved yet: « non applicable » waits for its justification; the previous status stays recorded.
      parts.justError.textContent = fr("Écrivez pourquoi cela ne s'applique pas à votre projet : « non applicable » sera enregistré avec sa justification.");
      parts.justError.hidden = false;
      parts.justification.setAttribute("aria-invalid", "true");
      if (now) { parts.justification.focus(); }
      this.showSaved(false, "Non enregistré : « non applicable » demande une justification (" + parts.label + ").");
      return;
    }
    parts.justError.hidden = true;
    parts.justification.removeAttribute("aria-invalid");
    const key = parts.row.key;
    const item = parts.row.item;
    const previous = PMO.own(p.entries, key) ? p.entries[key] : null;
    if (status === this.TODO && !evidence.trim()) {
      delete p.entries[key];
    } else {
      const same = previous && previous.status === status;
      p.entries[key] = {
        status: status,
        justification: status === this.NA ? justification : "",
        evidence: evidence,
        date: same && previous.date ? previous.date : PMO.today(),
        fingerprint: item ? item.fingerprint : (previous ? previous.fingerprint : "")
      };
    }
    p.updated = PMO.today();
    const self = this;
    const statusChanged = (previous ? previous.status : this.TODO) !== status;
    if (statusChanged) { this.refreshKey(parts.row.key); }
    this.syncLines(parts);
    const label = parts.label;
    const what = now || statusChanged ? this.statusLabel(status).toLowerCase() : (field === "evidence" ? "preuve" : "justification");
    const done = function (stored) {
      self.showSaved(stored, now || statusChanged ?
        label + " : " + what + "." + (stored ? " Enregistré." : " Gardé pour cette visite seulement.") :
        label + " : " + what + (stored ? " enregistrée." : " gardée pour cette visite seulement."));
    };
    if (now) { done(this.save()); } else { this.saveSoon(TYPING_PAUSE, done); }
  };

  // The other line of the same key (an item that is also a criterion of the gate) shows what was typed here, and every
  // line of the key its details.
  Dossier.prototype.syncLines = function (parts) {
    const self = this;
    const key = parts.row.key;
    const entry = this.entry(key);
    PMO.each(this.gateBody.querySelectorAll("li.pmo-dossier__entry"), function (line) {
      if (line.getAttribute("data-key") !== key) { return; }
      const details = line.querySelector(".pmo-dossier__details");
      const row = line === parts.line ? parts.row : null;
      if (row) { self.fillDetails(details, row, entry); }
      if (line === parts.line) { return; }
      const evidence = line.querySelector(".pmo-dossier__evidence input");
      const justification = line.querySelector(".pmo-dossier__justification textarea");
      if (evidence && document.activeElement !== evidence) { evidence.value = parts.evidence.value; }
      if (justification && document.activeElement !== justification) { justification.value = parts.justification.value; }
    });
  };

  // The discreet « Enregistré » beside the gate, and the same words for a screen reader.
  Dossier.prototype.showSaved = function (stored, message) {
    this.saved.textContent = fr(stored ? "✓ Enregistré" : message.indexOf("Non enregistré") === 0 ? "✗ Non enregistré" : "⚠ Pour cette visite seulement");
    this.saved.className = "pmo-dossier__saved " + (stored ? "is-saved" : "is-unsaved");
    this.saved.hidden = false;
    this.announce(message);
  };

  Dossier.prototype.confirmChanged = function (key) {
    const p = this.project();
    const entry = this.entry(key);
    if (!p || !entry) { return; }
    entry.fingerprint = this.items[key].fingerprint;
    entry.date = PMO.today();
    p.updated = PMO.today();
    const stored = this.save();
    this.refreshKey(key, true);
    const select = this.gateBody.querySelector("li.pmo-dossier__entry[data-key='" + CSS.escape(key) + "'] select");
    if (select) { select.focus(); }
    this.announce(this.items[key].id + " : statut gardé pour le texte actuel" + (stored ? "." : " (pour cette visite seulement)."));
  };

  // After a change of status: every line of this key (an item can also be a criterion) shows it, without redrawing
  // the line being typed in; then the verdict, the filters' count and the report follow.
  Dossier.prototype.refreshKey = function (key, redraw) {
    const self = this;
    const gate = this.currentGate();
    if (!gate) { return; }
    this.view = this.gateView(gate);
    const rows = {};
    this.view.criteria.forEach(function (r) { rows["c" + r.key] = r; });
    this.view.applicable.forEach(function (r) { rows["i" + r.key] = r; });
    const entry = this.entry(key);
    const status = entry ? entry.status : this.TODO;
    PMO.each(this.gateBody.querySelectorAll("li.pmo-dossier__entry"), function (line) {
      if (line.getAttribute("data-key") !== key) { return; }
      const row = rows[line.getAttribute("data-context") + key];
      if (!row) { return; }
      if (redraw || !line.contains(document.activeElement)) {
        const fresh = self.line(row, line.getAttribute("data-context"));
        fresh.hidden = line.hidden;
        const open = !line.querySelector(".pmo-dossier__details").hidden;
        if (open) { fresh.querySelector(".pmo-dossier__details").hidden = false; fresh.querySelector(".pmo-dossier__more").setAttribute("aria-expanded", "true"); }
        line.parentNode.replaceChild(fresh, line);
        return;
      }
      line.className = "pmo-dossier__entry " + self.statusClass(status);
      line.querySelector(".pmo-dossier__icon").textContent = self.statusIcon(status);
      self.fillDetails(line.querySelector(".pmo-dossier__details"), row, entry);
    });
    this.renderVerdict();
    this.applyFilters(false, key);
    this.renderReport();
  };
})();
