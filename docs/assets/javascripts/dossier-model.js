// « Mon dossier de jalon » (3 of 12): the state of the dossier and what a gate needs, without any element.
//
// The data file (macros/pages/dossier.py dossier_data, plus the exports of macros/render/files/gate_file.py) gives
// the categories, phases, roles, gates with their criteria, the project items with their level per category and a
// fingerprint, the earlier wordings of each item (history), the old tick keys of checklist.js (legacy), and what the
// scripts must not hold a copy of: storage keys, statuses and levels with their labels, export columns.
// An entry's fingerprint is the item's when it was marked: when the data's differs, the item is flagged « modifié
// depuis votre coche », with its old and new wording. The first visit imports every tick of checklist.js as « fait »
// into a project « Mon projet »; those keys are left untouched, checklist.js still reads them.
(function () {
  "use strict";
  const PMO = window.PMO;
  const D = PMO.dossier;
  const own = PMO.own;

  function Dossier(root, data) {
    const self = this;
    this.root = root;
    this.data = data;
    this.live = root.querySelector("[data-pmo-live]");
    this.excelSrc = root.getAttribute("data-excel") || "";
    this.edition = data.edition || root.getAttribute("data-edition") || "";
    this.siteRoot = siteRoot(root.getAttribute("data-data") || "");
    this.check = new D.Checker(data);
    this.TODO = data.statuses.todo.id;
    this.DONE = data.statuses.done.id;
    this.NA = data.statuses.na.id;
    this.filters = {show: "tout", role: "", standard: ""};
    this.items = Object.create(null);
    this.itemsById = Object.create(null);
    data.items.forEach(function (item) {
      self.items[item.key] = item;
      (self.itemsById[item.id] = self.itemsById[item.id] || []).push(item);
    });
    this.gates = Object.create(null);
    this.criterionKeys = Object.create(null);  // every key an entry may have for a gate's own criterion
    data.gates.forEach(function (gate) {
      self.gates[gate.id] = gate;
      gate.criteria.forEach(function (c) { self.criterionKeys[gate.id + "#" + c.id] = true; });
    });
    this.categories = {};
    data.categories.forEach(function (c) { self.categories[c.id] = c.name; });
    this.phases = {};
    data.phases.forEach(function (p) { self.phases[p.id] = p.name; });
    this.store = new D.Store(data.storage, function (message, kind) { self.showStorageProblem(message, kind); });
    this.pending = null;      // the timer of a save to come (typing is saved once it pauses)
    this.lastStored = true;   // whether the last save reached this browser's storage
  }

  // The site's root, from the data file's address (listes-de-controle/dossier-referentiel.json).
  function siteRoot(dataHref) {
    try {
      const url = new URL(dataHref, window.location.href);
      const at = url.pathname.lastIndexOf("/listes-de-controle/");
      if (at >= 0) { return url.origin + url.pathname.slice(0, at + 1); }
    } catch (e) { /* fall through */ }
    return new URL("../../", window.location.href).href;
  }

  // A site-root-relative source path of the data ("standards/x/index.md#a", "x.md", "x/1.0.0/f.docx") as a URL.
  Dossier.prototype.href = function (source) {
    let hash = "";
    const at = source.indexOf("#");
    if (at >= 0) { hash = source.slice(at); source = source.slice(0, at); }
    if (/(^|\/)index\.md$/.test(source)) { source = source.replace(/index\.md$/, ""); }
    else if (/\.md$/.test(source)) { source = source.replace(/\.md$/, "/"); }
    return this.siteRoot + source + hash;
  };

  Dossier.prototype.announce = function (message) {
    const live = this.live;
    if (!live) { return; }
    const text = PMO.fr(message);
    if (live.textContent === text) {
      live.textContent = "";
      window.setTimeout(function () { live.textContent = text; }, 60);
    } else {
      live.textContent = text;
    }
  };

  Dossier.prototype.statusLabel = function (status) {
    return this.data.exports.statusLabels[status] || status;
  };
  Dossier.prototype.levelLabel = function (level) {
    return this.data.levels[level] || level;
  };

  // --- state -----------------------------------------------------------------------------------------------

  Dossier.prototype.load = function () {
    const self = this;
    const read = this.store.read();
    // Maps without a prototype: no id or key, « __proto__ » included, can reach Object.prototype.
    const state = {schema: this.data.storage.schema, projects: Object.create(null), current: null, migrated: true};
    this.unreadable = Object.create(null);  // stored projects this version cannot read: kept as they are, and said
    if (read.state) {
      Object.keys(read.state.projects).forEach(function (id) {
        const raw = read.state.projects[id];
        const checked = D.ID_PATTERN.test(id) ? self.check.checkProject(raw, false, "projects." + id) :
          {project: null, problems: ["identifiant de projet invalide"]};
        if (checked.project) {
          checked.project.id = id;
          state.projects[id] = checked.project;
        } else {
          self.unreadable[id] = {raw: raw, problems: checked.problems};
        }
      });
      state.current = typeof read.state.current === "string" && own(state.projects, read.state.current) ? read.state.current : null;
    }
    this.state = state;
    let imported = 0;
    if (!read.state && !read.frozen && read.legacy.length) { imported = this.migrate(read.legacy); }
    if (!this.project()) { state.current = this.projectIds()[0] || null; }
    if (imported || (!read.state && !this.store.frozen)) { this.save(); }
    return imported;
  };

  // One time: every tick of checklist.js becomes « fait » in a project « Mon projet », with the fingerprint of the
  // version it was given on (so a tick on an older wording is flagged).
  Dossier.prototype.migrate = function (ticks) {
    const self = this;
    const entries = {};
    const versions = {};
    ticks.forEach(function (old) {
      const key = own(self.data.legacy, old) ? self.data.legacy[old] : null;
      if (!key || !own(self.items, key)) { return; }
      const m = /@([^#]+)#/.exec(old);
      const version = m ? m[1] : self.items[key].version;
      if (own(versions, key) && compareVersions(version, versions[key]) <= 0) { return; }
      versions[key] = version;
      entries[key] = {status: self.DONE, justification: "", evidence: "", date: PMO.today(), fingerprint: self.fingerprintAt(key, version)};
    });
    const count = Object.keys(entries).length;
    if (!count) { return 0; }
    const project = this.newProject("Mon projet", "", this.data["default"], this.data.phases[0].id, null);
    project.entries = entries;
    this.state.projects[project.id] = project;
    this.state.current = project.id;
    return count;
  };

  function compareVersions(a, b) {
    const pa = String(a).split("."), pb = String(b).split(".");
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const x = parseInt(pa[i] || "0", 10), y = parseInt(pb[i] || "0", 10);
      if (x !== y) { return x < y ? -1 : 1; }
    }
    return 0;
  }

  // The fingerprint an item had in a given version: history lists each wording once, under the latest version that
  // had it, so the wording of a version is the one listed under the first version at or after it.
  Dossier.prototype.fingerprintAt = function (key, version) {
    const item = this.items[key];
    if (compareVersions(version, item.version) >= 0) { return item.fingerprint; }
    const history = own(this.data.history, key) ? this.data.history[key] : {};
    let best = null, bestVersion = null;
    Object.keys(history).forEach(function (fp) {
      const v = history[fp].version;
      if (compareVersions(v, version) >= 0 && (bestVersion === null || compareVersions(v, bestVersion) < 0)) {
        best = fp;
        bestVersion = v;
      }
    });
    return best || item.fingerprint;
  };

  Dossier.newId = function () {
    return "p" + Date.now().toString(36) + Math.floor(Math.random() * 1e9).toString(36);
  };
  // characteristics: the answers {id: bool | null}, or null when the project manager was not asked (then asked once).
  Dossier.prototype.newProject = function (name, code, category, phase, characteristics) {
    const d = PMO.today();
    return {id: Dossier.newId(), name: name, code: code, category: category, phase: phase, gate: "", created: d, updated: d,
      characteristics: characteristics, entries: {}};
  };
  Dossier.prototype.projectIds = function () {
    const projects = this.state.projects;
    return Object.keys(projects).sort(function (a, b) {
      return projects[a].name.localeCompare(projects[b].name, "fr") || (a < b ? -1 : 1);
    });
  };
  Dossier.prototype.project = function () {
    const id = this.state.current;
    return id && own(this.state.projects, id) ? this.state.projects[id] : null;
  };

  // Writes the whole state now (projects this version cannot read go back as they were). True when stored.
  Dossier.prototype.save = function () {
    if (this.pending) { window.clearTimeout(this.pending); this.pending = null; }
    const copy = {schema: this.data.storage.schema, projects: {}, current: this.state.current, migrated: true};
    const unreadable = this.unreadable || {};
    Object.keys(unreadable).forEach(function (id) { copy.projects[id] = unreadable[id].raw; });
    const projects = this.state.projects;
    Object.keys(projects).forEach(function (id) { copy.projects[id] = projects[id]; });
    this.lastStored = this.store.write(copy);
    return this.lastStored;
  };
  // Saves once typing pauses; then calls done(stored). A pending save is written at once when the page is left.
  Dossier.prototype.saveSoon = function (delay, done) {
    const self = this;
    if (this.pending) { window.clearTimeout(this.pending); }
    this.pendingDone = done;
    this.pending = window.setTimeout(function () {
      self.pending = null;
      const stored = self.save();
      if (self.pendingDone) { self.pendingDone(stored); }
    }, delay);
  };
  Dossier.prototype.flush = function () {
    if (!this.pending) { return; }
    const done = this.pendingDone;
    const stored = this.save();
    if (done) { done(stored); }
  };

  // Re-reads the state when another tab of this site changed it.
  Dossier.prototype.reloadFromStorage = function () {
    const current = this.state.current;
    this.load();
    if (own(this.state.projects, current)) { this.state.current = current; }
    this.renderAll();
    this.announce("Le dossier a été modifié dans un autre onglet : affichage mis à jour.");
  };

  Dossier.prototype.entry = function (key) {
    const p = this.project();
    return p && own(p.entries, key) ? p.entries[key] : null;
  };
  Dossier.prototype.status = function (key) {
    const e = this.entry(key);
    return e ? e.status : this.TODO;
  };
  Dossier.prototype.levelOf = function (item, category) {
    const levels = item.levels || {};
    return own(levels, category) ? levels[category] : (levels[this.data["default"]] || "obligatoire");
  };
  // An item marked against another wording than today's.
  Dossier.prototype.changed = function (key) {
    const e = this.entry(key);
    const item = own(this.items, key) ? this.items[key] : null;
    return !!(e && item && e.status !== this.TODO && e.fingerprint && e.fingerprint !== item.fingerprint);
  };
  // The entries of a project that no item or criterion of the référentiel has any more: kept, counted, shown.
  Dossier.prototype.withdrawn = function (project) {
    const self = this;
    const p = project || this.project();
    if (!p) { return []; }
    return Object.keys(p.entries).filter(function (key) { return !own(self.items, key) && !self.criterionKeys[key]; }).sort();
  };

  // --- what a gate needs -----------------------------------------------------------------------------------

  Dossier.prototype.currentGate = function () {
    const p = this.project();
    if (!p || !this.data.gates.length) { return null; }
    if (p.gate && own(this.gates, p.gate)) { return this.gates[p.gate]; }
    const byPhase = this.data.gates.filter(function (g) { return g.phase === p.phase; })[0];
    return byPhase || this.data.gates[0];
  };

  // Who decides the gate for a project of this category (the deciders may differ per category).
  Dossier.prototype.decider = function (gate, p) {
    const deciders = PMO.isObject(gate.deciders) ? gate.deciders : {};
    return p && own(deciders, p.category) ? deciders[p.category] : gate.decidedBy || "";
  };

  // The item a criterion points to: its key, else its item id if only one project item has it.
  Dossier.prototype.criterionItem = function (criterion) {
    const ref = criterion.item;
    if (!ref) { return null; }
    if (own(this.items, ref)) { return this.items[ref]; }
    const found = own(this.itemsById, ref) ? this.itemsById[ref] : [];
    return found.length === 1 ? found[0] : null;
  };

  // A criterion holds for the project's category (the data lists those it holds for) and, when it names an item of
  // some projects only, for the project's characteristics.
  Dossier.prototype.criterionHolds = function (criterion, p) {
    const categories = criterion.categories;
    return (!Array.isArray(categories) || categories.indexOf(p.category) >= 0) && this.applies(criterion, p);
  };

  // What the project needs at a gate: its criteria, then the items of the gate's phase at the project's level; an item
  // not applicable to its category, or that depends on characteristics the project does not have, is set apart.
  Dossier.prototype.gateView = function (gate) {
    const self = this;
    const p = this.project();
    const criteria = gate.criteria.filter(function (c) { return self.criterionHolds(c, p); }).map(function (c) {
      const item = self.criterionItem(c);
      const key = item ? item.key : gate.id + "#" + c.id;
      const status = self.status(key);
      return {criterion: c, item: item, key: key, status: status, met: status === self.DONE};
    });
    const applicable = [], notApplicable = [], notConcerned = [];
    this.data.items.forEach(function (item) {
      if (item.phase !== gate.phase) { return; }
      const level = self.levelOf(item, p.category);
      const row = {item: item, key: item.key, level: level, status: self.status(item.key)};
      (level === self.NA ? notApplicable : self.applies(item, p) ? applicable : notConcerned).push(row);
    });
    const counts = {mandatory: 0, done: 0, na: 0, missing: 0, recommended: 0, recommendedDone: 0, changed: 0};
    const missing = [];
    applicable.forEach(function (row) {
      if (self.changed(row.key)) { counts.changed += 1; }
      if (row.level === "obligatoire") {
        counts.mandatory += 1;
        if (row.status === self.DONE) { counts.done += 1; }
        else if (row.status === self.NA) { counts.na += 1; }
        else { counts.missing += 1; missing.push(row); }
      } else {
        counts.recommended += 1;
        if (row.status === self.DONE) { counts.recommendedDone += 1; }
      }
    });
    const unmet = criteria.filter(function (c) { return !c.met; });
    return {gate: gate, criteria: criteria, unmet: unmet, applicable: applicable, notApplicable: notApplicable,
      notConcerned: notConcerned, counts: counts, missing: missing, ready: unmet.length === 0 && counts.missing === 0};
  };

  Dossier.prototype.mandatoryCounts = function () {
    const c = this.view.counts;
    return "Éléments obligatoires : " + PMO.plural(c.done, "fait") + ", " + c.na + " non applicable" + (c.na > 1 ? "s" : "") +
      ", " + PMO.plural(c.missing, "manquant") + " (sur " + c.mandatory + ")";
  };

  // --- a project against another (a file loaded over the project of the same id) ----------------------------

  // What replacing `before` by `after` changes, as French lines: the project's fields, then each entry.
  Dossier.prototype.differences = function (before, after) {
    const self = this;
    const lines = [];
    const fields = [["name", "Nom"], ["code", "Code"], ["category", "Catégorie", this.categories],
      ["phase", "Phase en cours", this.phases], ["gate", "Jalon préparé", null]];
    fields.forEach(function (f) {
      const a = before[f[0]] || "", b = after[f[0]] || "";
      if (a === b) { return; }
      const show = function (v) { return v ? "« " + (f[2] && own(f[2], v) ? f[2][v] : (f[0] === "gate" && own(self.gates, v) ? self.gates[v].name : v)) + " »" : "(aucun)"; };
      lines.push(f[1] + " : " + show(a) + " → " + show(b));
    });
    this.data.characteristics.forEach(function (c) {
      const a = self.answer(before, c.id), b = self.answer(after, c.id);
      if (a === b) { return; }
      lines.push(c.name + " : " + self.answerLabel(a).toLowerCase() + " → " + self.answerLabel(b).toLowerCase());
    });
    const keys = Object.keys(before.entries).concat(Object.keys(after.entries).filter(function (k) { return !own(before.entries, k); })).sort();
    keys.forEach(function (key) {
      const a = own(before.entries, key) ? before.entries[key] : null;
      const b = own(after.entries, key) ? after.entries[key] : null;
      const name = self.entryName(key);
      if (!b) { lines.push(name + " : effacé (" + self.statusLabel(a.status).toLowerCase() + " dans ce navigateur)"); return; }
      const was = a ? a.status : self.TODO;
      const parts = [];
      if (was !== b.status) { parts.push(self.statusLabel(was).toLowerCase() + " → " + self.statusLabel(b.status).toLowerCase()); }
      if ((a ? a.evidence : "") !== b.evidence) { parts.push("preuve modifiée"); }
      if ((a ? a.justification : "") !== b.justification) { parts.push("justification modifiée"); }
      if (parts.length) { lines.push(name + " : " + parts.join(", ")); }
    });
    return lines;
  };

  // « ACT-02 (PMO-STD-801) », « budget-approuve (Feu vert pour l'exécution) », or the key of a withdrawn entry.
  Dossier.prototype.entryName = function (key) {
    if (own(this.items, key)) { return this.items[key].id + " (" + this.items[key].standard + ")"; }
    const at = key.indexOf("#");
    const gate = own(this.gates, key.slice(0, at)) ? this.gates[key.slice(0, at)] : null;
    return gate && this.criterionKeys[key] ? key.slice(at + 1) + " (" + gate.name + ")" : key;
  };

  D.Dossier = Dossier;
})();
