// « Mon dossier de jalon » (4 of 12): the project's characteristics (« le projet achète ou a un fournisseur »…): the
// questions come from the data (standards/tailoring.yaml, through macros/pages/dossier.py), never from this file.
//
// A project keeps its answers in « characteristics »: {id: true | false | null}, null for a question asked and left
// without an answer; the whole field is null for a project saved before the questions existed (schema 1). A question
// the project has no key for (all of them for such a project, or one a later edition adds) is asked once, when the
// project is shown. A characteristic without an answer counts as holding: nothing is hidden before the project manager
// says it does not concern the project. An item that depends on characteristics (« onlyIf ») applies when one holds.
(function () {
  "use strict";
  const PMO = window.PMO;
  const el = PMO.el, fr = PMO.fr, own = PMO.own, plural = PMO.plural;
  const Dossier = PMO.dossier.Dossier;

  // A project's answer for one characteristic: true, false, or null (not answered, or never asked).
  Dossier.prototype.answer = function (p, id) {
    const answers = p && PMO.isObject(p.characteristics) ? p.characteristics : null;
    return answers && own(answers, id) && typeof answers[id] === "boolean" ? answers[id] : null;
  };
  Dossier.prototype.holds = function (p, id) {
    return this.answer(p, id) !== false;
  };
  // An item (or a criterion naming one) applies when it depends on no characteristic, or on one that holds.
  Dossier.prototype.applies = function (item, p) {
    const self = this;
    const onlyIf = Array.isArray(item.onlyIf) ? item.onlyIf : [];
    return !onlyIf.length || onlyIf.some(function (id) { return self.holds(p, id); });
  };
  Dossier.prototype.answerLabel = function (value) {
    const labels = this.data.answers;
    return value === true ? labels.yes : value === false ? labels.no : labels.unknown;
  };
  Dossier.prototype.characteristicName = function (id) {
    const found = this.data.characteristics.filter(function (c) { return c.id === id; })[0];
    return found ? found.name : id;
  };
  // « Achats ou fournisseur : oui ; Mise en service : non précisée », for an item of some projects; "" otherwise.
  Dossier.prototype.itemAnswers = function (item, p) {
    const self = this;
    return (item.onlyIf || []).map(function (id) {
      return self.characteristicName(id) + " : " + self.answerLabel(self.answer(p, id)).toLowerCase();
    }).join(" ; ");
  };
  // Every characteristic of the référentiel with the project's answer: [{id, name, question, value}].
  Dossier.prototype.traits = function (p) {
    const self = this;
    return this.data.characteristics.map(function (c) {
      return {id: c.id, name: c.name, question: c.question, value: self.answer(p, c.id)};
    });
  };
  // The questions this project was never asked: every one for a project saved before them, a new one of a later edition.
  Dossier.prototype.notAsked = function (p) {
    if (!p) { return []; }
    const answers = PMO.isObject(p.characteristics) ? p.characteristics : {};
    return this.data.characteristics.filter(function (c) { return !own(answers, c.id); });
  };
  // The answers to keep: those given (an unanswered question shown to the project manager is kept as null, asked),
  // and whatever the project holds for a characteristic this référentiel does not know (another edition's): never dropped.
  Dossier.prototype.withAnswers = function (p, answers, shown) {
    const kept = {};
    const old = p && PMO.isObject(p.characteristics) ? p.characteristics : {};
    Object.keys(old).forEach(function (id) { kept[id] = old[id]; });
    shown.forEach(function (c) {
      if (own(answers, c.id)) { kept[c.id] = answers[c.id]; } else if (!own(kept, c.id)) { kept[c.id] = null; }
    });
    return kept;
  };

  // The questions as radio groups « Oui » / « Non » (prefix keeps ids apart between two forms); read() returns the
  // answers given ({id: bool}), missing() the groups left without an answer.
  Dossier.prototype.traitFields = function (prefix, characteristics) {
    const self = this;
    const groups = characteristics.map(function (c) {
      const name = prefix + "-" + c.id;
      const radio = function (value, label) {
        const id = name + "-" + (value ? "oui" : "non");
        return el("span", {"class": "pmo-dossier__radio"}, [
          el("input", {type: "radio", name: name, id: id, value: value ? "oui" : "non"}), el("label", {"for": id, text: label})
        ]);
      };
      return {c: c, name: name, node: el("fieldset", {"class": "pmo-dossier__trait", "data-trait": c.id}, [
        el("legend", {text: c.question}),
        radio(true, self.data.answers.yes), " ", radio(false, self.data.answers.no)
      ])};
    });
    const node = el("div", {"class": "pmo-dossier__traits"}, groups.map(function (g) { return g.node; }));
    const checked = function (g) { return node.querySelector("input[name='" + CSS.escape(g.name) + "']:checked"); };
    return {
      node: node,
      characteristics: characteristics,
      set: function (p) {
        groups.forEach(function (g) {
          const value = self.answer(p, g.c.id);
          PMO.each(g.node.querySelectorAll("input"), function (input) {
            input.checked = value !== null && input.value === (value ? "oui" : "non");
          });
        });
      },
      read: function () {
        const answers = {};
        groups.forEach(function (g) {
          const input = checked(g);
          if (input) { answers[g.c.id] = input.value === "oui"; }
        });
        return answers;
      },
      missing: function () {
        return groups.filter(function (g) { return !checked(g); }).map(function (g) { return g.node; });
      }
    };
  };

  // The answers as the project's summary and the printed report show them.
  Dossier.prototype.traitsList = function (p) {
    const self = this;
    return el("ul", {"class": "pmo-dossier__trait-list"}, this.traits(p).map(function (t) {
      return el("li", {text: t.name + " : " + self.answerLabel(t.value).toLowerCase()});
    }));
  };

  // Asked once: the questions a project was never asked. Answering (even in part) or « Plus tard » records that they
  // were asked; « Modifier le projet » changes the answers later.
  Dossier.prototype.renderTraits = function () {
    const self = this;
    const node = this.traitsNode;
    PMO.clear(node);
    const p = this.project();
    const asked = this.notAsked(p);
    node.hidden = !asked.length;
    if (node.hidden) { return; }
    const fields = this.traitFields("pmo-d-q", asked);
    const done = function (answers, said) {
      p.characteristics = self.withAnswers(p, answers, asked);
      p.updated = PMO.today();
      const stored = self.save();
      self.renderAll();
      self.buttons.edit.focus();
      self.announce(said + (stored ? "" : " Gardé pour cette visite seulement."));
    };
    const why = p.characteristics === null ? " » a été enregistré avant que le référentiel ne pose ces questions." :
      " » n'a pas encore répondu " + (asked.length > 1 ? "à ces questions, nouvelles" : "à cette question, nouvelle") + " dans le référentiel.";
    PMO.append(node, [
      el("h3", {id: "pmo-d-questions", tabindex: "-1", text: "Caractéristiques du projet à préciser"}),
      el("p", null, [fr("Le projet « "), el("span", {raw: p.name}), fr(why +
        " Vos réponses n'affichent que les éléments qui le concernent ; sans réponse, une caractéristique compte comme présente et tout ce qui en dépend reste affiché.")]),
      el("form", {novalidate: true, onsubmit: function (ev) {
        ev.preventDefault();
        const answers = fields.read();
        const left = asked.length - Object.keys(answers).length;
        done(answers, "Caractéristiques du projet enregistrées" + (left ? " (" + plural(left, "question") + " sans réponse)." : "."));
      }}, [
        fields.node,
        el("p", {"class": "pmo-dossier__actions"}, [
          el("button", {type: "submit", "class": "pmo-dossier__button pmo-dossier__button--primary", text: "Enregistrer les réponses"}),
          el("button", {type: "button", "class": "pmo-dossier__button", text: "Plus tard", onclick: function () {
            done({}, "Questions laissées sans réponse : tout ce qui dépend des caractéristiques reste affiché ; « Modifier le projet » permet d'y répondre.");
          }})
        ])
      ])
    ]);
  };
})();
