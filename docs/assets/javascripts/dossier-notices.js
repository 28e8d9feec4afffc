// « Mon dossier de jalon » (8 of 12): what this browser keeps that the dossier cannot show, said on the page with a way
// to take it away: states set aside as unreadable, stored projects this version cannot read, and the entries of the
// project shown whose item or criterion was withdrawn from the référentiel. Nothing of it is ever dropped silently.
(function () {
  "use strict";
  const PMO = window.PMO;
  const el = PMO.el, fr = PMO.fr, plural = PMO.plural;
  const Dossier = PMO.dossier.Dossier;

  function json(value) { return new Blob([JSON.stringify(value, null, 2) + "\n"], {type: "application/json"}); }
  function stamp() { return PMO.today(); }

  Dossier.prototype.renderNotices = function () {
    const self = this;
    PMO.clear(this.notices);
    const aside = this.store.asideStates();
    if (aside.length) {
      const list = el("ul", null, aside.map(function (s) {
        return el("li", null, [el("code", {raw: s.key}), s.when ? " — " + fr("mis à part le " + PMO.frenchDate(s.when.slice(0, 10)) + " à " + s.when.slice(11)) : ""]);
      }));
      const erase = el("button", {type: "button", "class": "pmo-dossier__button", text: "Effacer ces données…"});
      const confirm = el("span", {hidden: true}, [
        el("button", {type: "button", "class": "pmo-dossier__button pmo-dossier__button--danger", text: "Oui, effacer définitivement", onclick: function () {
          const gone = self.store.dropAside(aside.map(function (s) { return s.key; }));
          self.renderNotices();
          self.announce(gone ? "Données mises à part effacées." : "Les données mises à part n'ont pas pu être effacées.");
        }})
      ]);
      erase.addEventListener("click", function () { confirm.hidden = false; erase.hidden = true; confirm.querySelector("button").focus(); });
      this.notices.appendChild(el("div", {"class": "pmo-dossier__notice", role: "group", "aria-labelledby": "pmo-d-mis-a-part"}, [
        el("p", {id: "pmo-d-mis-a-part"}, [el("strong", {text: "⚠ Données illisibles mises à part"}), " ",
          el("span", {text: (this.store.setAsideNow ? "Les dossiers enregistrés dans ce navigateur étaient illisibles : ils sont conservés à part et le dossier repart de zéro. " : "") +
            "Ce navigateur garde " + plural(aside.length, "état illisible", "états illisibles") + " du dossier, chacun sous sa propre clé ; rien n'en est effacé sans votre accord."})]),
        list,
        el("p", {"class": "pmo-dossier__actions"}, [
          el("button", {type: "button", "class": "pmo-dossier__button", text: "Télécharger ces données (.json)", onclick: function () {
            const out = {};
            aside.forEach(function (s) { out[s.key] = s.value; });
            const name = "dossier-donnees-mises-a-part-" + stamp() + ".json";
            PMO.download(name, json(out));
            self.announce("Données mises à part téléchargées dans le fichier « " + name + " ».");
          }}),
          erase, confirm
        ])
      ]));
    }
    const unreadable = Object.keys(this.unreadable || {});
    if (unreadable.length) {
      const items = unreadable.map(function (id) {
        const raw = self.unreadable[id].raw;
        const name = PMO.isObject(raw) && typeof raw.name === "string" ? raw.name.slice(0, 120) : "";
        const problems = self.unreadable[id].problems.slice(0, 3).join(" ; ");
        return el("li", null, [name ? el("span", {raw: "« " + name + " »"}) : el("span", {text: "sans nom"}), " ",
          el("span", {text: "(identifiant " + id.slice(0, 64) + ") : " + problems + "."}), " ",
          el("button", {type: "button", "class": "pmo-dossier__button", onclick: function () {
            const file = {schema: self.data.file.schema, type: self.data.file.type, edition: self.edition, saved: stamp(), project: raw};
            const fileName = "projet-illisible-" + id.slice(0, 40).replace(/[^A-Za-z0-9_-]/g, "_") + ".json";
            PMO.download(fileName, json(file));
            self.announce("Projet mis de côté téléchargé dans le fichier « " + fileName + " ».");
          }}, [fr("Télécharger ce projet (.json)"), el("span", {"class": "pmo-dossier__sr", raw: " " + (name || id)})])
        ]);
      });
      this.notices.appendChild(el("div", {"class": "pmo-dossier__notice", role: "group", "aria-labelledby": "pmo-d-illisibles"}, [
        el("p", {id: "pmo-d-illisibles"}, [el("strong", {text: "⚠ " + plural(unreadable.length, "projet mis de côté", "projets mis de côté")}), " ",
          el("span", {text: "Cette version du site ne peut pas lire " + (unreadable.length > 1 ? "ces projets enregistrés" : "ce projet enregistré") +
            " dans ce navigateur : " + (unreadable.length > 1 ? "ils sont conservés" : "il est conservé") + " tel quel, hors de la liste des projets. Téléchargez-le pour le corriger ou l'envoyer au PMO."})]),
        el("ul", null, items)
      ]));
    }
  };

  // In the project's section: its entries for withdrawn items or criteria, listed with what was noted.
  Dossier.prototype.renderWithdrawn = function () {
    const self = this;
    const node = this.withdrawnNode;
    PMO.clear(node);
    const p = this.project();
    const keys = this.withdrawn(p);
    node.hidden = !keys.length;
    if (!keys.length) { return; }
    const list = el("ul", null, keys.map(function (key) {
      const e = p.entries[key];
      const note = e.status === self.NA ? e.justification : e.evidence;
      return el("li", null, [el("span", {"class": "pmo-item__id", raw: key}), " : ",
        el("span", {text: self.statusLabel(e.status) + (e.date ? " le " + PMO.frenchDate(e.date) : "")}),
        note ? el("span", {text: " — "}) : null, note ? el("span", {"class": "pmo-dossier__user-text", raw: note}) : null]);
    }));
    PMO.append(node, [
      el("p", null, [el("strong", {text: "⚠ " + plural(keys.length, "élément retiré", "éléments retirés") + " du référentiel"}), " ",
        el("span", {text: "Ce projet garde ce que vous aviez noté pour " + (keys.length > 1 ? "des éléments qui n'existent" : "un élément qui n'existe") +
          " plus dans l'édition " + this.edition + " : " + (keys.length > 1 ? "ils ne comptent" : "il ne compte") + " pour aucun jalon, mais restent dans le projet et dans son fichier (.json)."})]),
      list,
      el("p", {"class": "pmo-dossier__actions"}, [
        el("button", {type: "button", "class": "pmo-dossier__button", text: "Télécharger ces éléments (.json)", onclick: function () {
          const out = {};
          keys.forEach(function (key) { out[key] = p.entries[key]; });
          const name = "elements-retires-" + Dossier.slug(p.code || p.name) + ".json";
          PMO.download(name, json({project: p.name, edition: self.edition, saved: stamp(), entries: out}));
          self.announce("Éléments retirés téléchargés dans le fichier « " + name + " ».");
        }})
      ])
    ]);
  };

  // A file name from a project's code or name: lower case, no accent, hyphens.
  Dossier.slug = function (text) {
    const s = String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return s.slice(0, 60).replace(/-+$/, "") || "projet";
  };
})();
