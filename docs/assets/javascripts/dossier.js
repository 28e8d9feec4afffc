// « Mon dossier de jalon »: prepare a gate project by project, entirely in this browser (nothing is sent).
//
// The page holds <div data-pmo-dossier data-data="…json" data-excel="…exceljs.min.js" data-edition="…"> with a
// [data-pmo-live] status paragraph inside. The data file (macros/pages.py dossier_data) gives the categories, phases,
// roles, gates with their criteria, the project items with their level per category and a fingerprint, the earlier
// wordings of each item (history) and the old tick keys of checklist.js (legacy).
//
// Storage: localStorage["pmo:dossier:v1"] = {schema: 1, projects: {id: Project}, current: id|null, migrated: true}
//   Project = {id, name, code, category, phase, gate, created, updated, entries: {key: Entry}}
//   Entry   = {status: "fait"|"non applicable"|"à faire", justification, evidence, date: "AAAA-MM-JJ", fingerprint}
// An entry is keyed by "<standard id>#<item id>" (never the version, so an unchanged item carries over to the next
// version) or "<gate id>#<criterion id>" for a criterion of its own. The fingerprint is the item's when it was marked:
// when the data's differs, the item is flagged « modifié depuis votre coche », with its old and new wording.
// The first visit imports every tick of checklist.js (localStorage["pmo:coche:<id>@<version>#<item>"] = "1") into
// a project « Mon projet », as « fait »; those keys are left untouched, checklist.js still reads them.
//
// Everything a user or a file brings is inserted with textContent, never as HTML; a file is validated field by
// field before anything of it is used. Only native controls, each with its label: the keyboard alone is enough.
(function () {
  "use strict";

  var STORE_KEY = "pmo:dossier:v1";
  var BROKEN_KEY = "pmo:dossier:v1:illisible";
  var LEGACY_PREFIX = "pmo:coche:";
  var SCHEMA = 1;
  var FILE_TYPE = "pmo-dossier-de-jalon";
  var DONE = "fait";
  var NA = "non applicable";
  var TODO = "à faire";
  var STATUSES = [TODO, DONE, NA];
  var STATUS_LABELS = {"à faire": "À faire", "fait": "Fait", "non applicable": "Non applicable"};
  var STATUS_ICONS = {"à faire": "○", "fait": "✓", "non applicable": "⊘"};
  var STATUS_CLASSES = {"à faire": "is-todo", "fait": "is-done", "non applicable": "is-na"};
  var MANDATORY = "obligatoire";
  var LEVEL_LABELS = {"obligatoire": "Obligatoire", "recommandé": "Recommandé", "non applicable": "Non applicable"};
  var LIMITS = {name: 120, code: 40, text: 2000, entries: 5000, id: 64, gate: 100, edition: 40, fileBytes: 1048576};
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre"];
  // The site's blank checklist (macros/render/downloads.py CHECKLIST_HEADERS), then what the file adds.
  var LIST_HEADERS = ["Standard", "Version", "Identifiant", "Phase", "Niveau", "Exigence", "Responsable", "Modèle",
    "Preuve attendue", "Statut", "Justification", "Preuve fournie", "Date"];
  var LIST_WIDTHS = [14, 9, 12, 16, 13, 60, 22, 24, 40, 16, 40, 40, 12];
  var CRITERIA_HEADERS = ["Identifiant", "Critère de passage", "Preuve attendue", "Statut", "Justification",
    "Preuve fournie", "Date", "Atteint"];
  var CRITERIA_WIDTHS = [22, 60, 40, 16, 40, 40, 12, 10];
  var FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"];
  var ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
  var KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}#[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
  var CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
  var LINE_BREAKS = /[\r\n\t]/;
  var XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  // --- small helpers ---------------------------------------------------------------------------------------

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
  function keys(object) { return Object.keys(object); }
  function plural(count, singular, pluralForm) {
    return count + " " + (count <= 1 ? singular : (pluralForm || singular + "s"));
  }

  // French typography for texts of the site and of the data, as macros/render/typography.py does on the pages:
  // typographic apostrophe, no-break spaces inside « » and before « : », narrow ones before « ; ! ? ».
  // Never applied to what a user typed: it is shown as typed.
  function fr(text) {
    if (!text) { return text || ""; }
    return String(text)
      .replace(/([\p{L}\p{N}])'(?=[\p{L}\p{N}])/gu, "$1\u2019")
      .replace(/«[ \u00a0\u202f]*/g, "«\u00a0")
      .replace(/[ \u00a0\u202f]*»/g, "\u00a0»")
      .replace(/[ \u00a0](?=[;!?](?![\w/]))/g, "\u202f")
      .replace(/[ \u202f](?=:(?:\s|$))/g, "\u00a0");
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }
  function validDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) { return false; }
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }
  // « 15 janvier 2026 », « 1er mars 2026 ».
  function frenchDate(iso) {
    if (!iso || !validDate(iso)) { return ""; }
    var p = iso.split("-");
    var day = +p[2];
    return (day === 1 ? "1er" : String(day)) + "\u00a0" + MONTHS[+p[1] - 1] + "\u00a0" + p[0];
  }
  function utcDate(iso) {
    var p = iso.split("-");
    return new Date(Date.UTC(+p[0], +p[1] - 1, +p[2]));
  }
  function compareVersions(a, b) {
    var pa = String(a).split("."), pb = String(b).split(".");
    for (var i = 0; i < Math.max(pa.length, pb.length); i++) {
      var x = parseInt(pa[i] || "0", 10), y = parseInt(pb[i] || "0", 10);
      if (x !== y) { return x < y ? -1 : 1; }
    }
    return 0;
  }
  // A file name from a project's code or name: lower case, no accent, hyphens.
  function slug(text) {
    var s = String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return s.slice(0, 60).replace(/-+$/, "") || "projet";
  }
  function newId() {
    return "p" + Date.now().toString(36) + Math.floor(Math.random() * 1e9).toString(36);
  }

  // An element; "text" is site or data text (French typography applied), "raw" is a user's text, shown as typed.
  // Handlers are attached with addEventListener: no attribute ever holds code.
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined || value === false) { return; }
        if (name === "text") { node.textContent = fr(value); }
        else if (name === "raw") { node.textContent = String(value); }
        else if (name === "class") { node.className = value; }
        else if (name === "hidden") { node.hidden = true; }
        else if (name.slice(0, 2) === "on" && typeof value === "function") { node.addEventListener(name.slice(2), value); }
        else { node.setAttribute(name, value === true ? "" : String(value)); }
      });
    }
    append(node, children);
    return node;
  }
  function append(node, children) {
    if (children === null || children === undefined || children === false) { return node; }
    if (!Array.isArray(children)) { children = [children]; }
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) { return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(fr(child)) : child);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function srOnly(text) { return el("span", {"class": "pmo-dossier__sr", raw: text}); }

  // A user's evidence: a link only when the whole note is one http(s) or relative URL; anything else is text.
  function evidenceNode(text) {
    var value = String(text || "").trim();
    if (value && !/\s/.test(value) && /^(https?:\/\/|\/|\.\.?\/)/i.test(value) && !/^\/\\|^\\/.test(value)) {
      try {
        var url = new URL(value, window.location.href);
        if (url.protocol === "http:" || url.protocol === "https:") {
          return el("a", {href: value, rel: "noopener noreferrer", raw: value});
        }
      } catch (e) { /* not a URL: shown as text below */ }
    }
    return el("span", {"class": "pmo-dossier__user-text", raw: text});
  }

  // --- storage ---------------------------------------------------------------------------------------------

  // localStorage if it works; otherwise this visit's memory, with a message saying so. What was already saved is
  // never overwritten by something unreadable or written by a newer version of the site.
  function Storage(onProblem) {
    this.onProblem = onProblem;
    this.available = true;
    this.frozen = false;   // stored data we must not overwrite (newer schema)
    this.memory = null;
    this.problem = "";
  }
  Storage.prototype.local = function () {
    try {
      var ls = window.localStorage;
      if (!ls) { throw new Error("no localStorage"); }
      return ls;
    } catch (e) {
      return null;
    }
  };
  Storage.prototype.fail = function (kind) {
    var messages = {
      disabled: "Ce navigateur n'autorise pas l'enregistrement local : vos saisies valent pour cette visite " +
        "seulement. Enregistrez le projet dans un fichier (.json) pour le garder.",
      full: "L'espace de stockage de ce navigateur est plein : la dernière modification n'a pas pu être " +
        "enregistrée et ne vaut que pour cette visite ; ce qui était déjà enregistré est conservé. Enregistrez " +
        "le projet dans un fichier (.json), puis libérez de la place.",
      newer: "Vos dossiers ont été enregistrés par une version plus récente du site : ils sont conservés tels " +
        "quels et rien n'est modifié dans ce navigateur pendant cette visite.",
      broken: "Les dossiers enregistrés dans ce navigateur étaient illisibles : ils sont conservés à part " +
        "(clé « " + BROKEN_KEY + " ») et le dossier repart de zéro."
    };
    this.problem = messages[kind];
    this.onProblem(this.problem, kind);
  };
  // The stored state, or null when there is none yet; {legacy: [...]} lists the old ticks found.
  Storage.prototype.read = function () {
    var ls = this.local();
    var raw = null;
    if (ls) {
      try { raw = ls.getItem(STORE_KEY); } catch (e) { ls = null; }
    }
    if (!ls) {
      this.available = false;
      this.fail("disabled");
      return {state: null, legacy: []};
    }
    if (raw === null) { return {state: null, legacy: this.legacyTicks(ls)}; }
    var parsed = null;
    try { parsed = JSON.parse(raw); } catch (e) { parsed = null; }
    if (isObject(parsed) && typeof parsed.schema === "number" && parsed.schema > SCHEMA) {
      this.frozen = true;
      this.fail("newer");
      return {state: null, legacy: [], frozen: true};
    }
    if (!isObject(parsed) || parsed.schema !== SCHEMA || !isObject(parsed.projects)) {
      try {
        if (ls.getItem(BROKEN_KEY) === null) { ls.setItem(BROKEN_KEY, raw); }
      } catch (e) { this.frozen = true; }
      this.fail("broken");
      return {state: null, legacy: []};
    }
    return {state: parsed, legacy: []};
  };
  Storage.prototype.legacyTicks = function (ls) {
    var found = [];
    try {
      for (var i = 0; i < ls.length; i++) {
        var key = ls.key(i);
        if (key && key.indexOf(LEGACY_PREFIX) === 0 && ls.getItem(key) === "1") { found.push(key.slice(LEGACY_PREFIX.length)); }
      }
    } catch (e) { /* unreadable: nothing to import */ }
    return found.sort();
  };
  // Returns true when the state is in localStorage; false when it lasts for this visit only.
  Storage.prototype.write = function (state) {
    this.memory = state;
    if (!this.available || this.frozen) { return false; }
    var ls = this.local();
    if (!ls) {
      this.available = false;
      this.fail("disabled");
      return false;
    }
    try {
      ls.setItem(STORE_KEY, JSON.stringify(state));
      if (this.problem && this.problemKind === "full") { this.problem = ""; this.onProblem("", "ok"); }
      this.problemKind = "";
      return true;
    } catch (e) {
      var quota = e && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED" || e.code === 22);
      this.problemKind = quota ? "full" : "disabled";
      if (!quota) { this.available = false; }
      this.fail(this.problemKind);
      return false;
    }
  };

  // --- validation of a project (from a file, or from this browser's storage) --------------------------------

  // Returns {project, problems}: problems lists, in French, every field that is wrong, named by its path.
  // strict (a file): unknown fields, categories and phases are refused; otherwise (storage) they fall back.
  function checkProject(input, data, strict, path) {
    var problems = [];
    var where = function (field) { return "« " + path + field + " »"; };
    if (!isObject(input)) { return {project: null, problems: [where("") + " : un objet est attendu"]}; }
    var allowed = ["id", "name", "code", "category", "phase", "gate", "created", "updated", "entries"];
    keys(input).forEach(function (k) {
      if (allowed.indexOf(k) < 0 && strict) { problems.push(where("." + k) + " : champ inconnu"); }
    });
    function text(field, min, max, oneLine) {
      var value = input[field];
      if (value === undefined && min === 0) { return ""; }
      if (typeof value !== "string") { problems.push(where("." + field) + " : un texte est attendu"); return ""; }
      if (value.trim().length < min) { problems.push(where("." + field) + " : ne peut pas être vide"); return ""; }
      if (value.length > max) { problems.push(where("." + field) + " : " + max + " caractères au plus (" + value.length + " ici)"); return ""; }
      if (CONTROL_CHARS.test(value) || (oneLine && LINE_BREAKS.test(value))) {
        problems.push(where("." + field) + " : caractère de contrôle interdit");
        return "";
      }
      return value;
    }
    var project = {
      id: "", name: text("name", 1, LIMITS.name, true).trim(), code: text("code", 0, LIMITS.code, true).trim(),
      category: "", phase: "", gate: "", created: "", updated: "", entries: Object.create(null)
    };
    if (input.id !== undefined) {
      if (typeof input.id !== "string" || !ID_PATTERN.test(input.id)) {
        problems.push(where(".id") + " : identifiant invalide (lettres, chiffres, « - » et « _ », 64 au plus, d'abord une lettre ou un chiffre)");
      } else { project.id = input.id; }
    }
    var categories = data.categories.map(function (c) { return c.id; });
    if (typeof input.category !== "string") { problems.push(where(".category") + " : un texte est attendu"); }
    else if (categories.indexOf(input.category) >= 0) { project.category = input.category; }
    else if (strict) { problems.push(where(".category") + " : catégorie inconnue « " + input.category.slice(0, 40) + " » (attendu : " + categories.join(", ") + ")"); }
    else { project.category = data["default"]; }
    var phases = data.phases.map(function (p) { return p.id; });
    if (typeof input.phase !== "string") { problems.push(where(".phase") + " : un texte est attendu"); }
    else if (phases.indexOf(input.phase) >= 0) { project.phase = input.phase; }
    else if (strict) { problems.push(where(".phase") + " : phase inconnue « " + input.phase.slice(0, 40) + " » (attendu : " + phases.join(", ") + ")"); }
    else { project.phase = phases[0]; }
    if (input.gate !== undefined) {
      if (typeof input.gate !== "string" || input.gate.length > LIMITS.gate) { problems.push(where(".gate") + " : identifiant de jalon invalide"); }
      else { project.gate = input.gate; }
    }
    ["created", "updated"].forEach(function (field) {
      if (input[field] === undefined) { return; }
      if (typeof input[field] !== "string" || !validDate(input[field])) {
        problems.push(where("." + field) + " : date AAAA-MM-JJ attendue");
      } else { project[field] = input[field]; }
    });
    var entries = input.entries;
    if (entries === undefined) { entries = {}; }
    if (!isObject(entries)) { problems.push(where(".entries") + " : un objet est attendu"); entries = {}; }
    var names = keys(entries);
    if (names.length > LIMITS.entries) { problems.push(where(".entries") + " : " + LIMITS.entries + " éléments au plus"); names = []; }
    names.forEach(function (key) {
      var base = ".entries[\"" + key.slice(0, 60) + "\"]";
      var at = function (sub) { return where(base + (sub || "")); };
      if (!KEY_PATTERN.test(key)) { problems.push(at() + " : clé invalide (attendu « standard#élément » ou « jalon#critère »)"); return; }
      var entry = entries[key];
      if (!isObject(entry)) { problems.push(at() + " : un objet est attendu"); return; }
      var bad = keys(entry).filter(function (k) { return ["status", "justification", "evidence", "date", "fingerprint"].indexOf(k) < 0; });
      if (bad.length && strict) { problems.push(at() + " : champ inconnu « " + bad[0].slice(0, 40) + " »"); return; }
      if (STATUSES.indexOf(entry.status) < 0) {
        problems.push(at(".status") + " : statut inconnu (attendu : « fait », « non applicable » ou « à faire »)");
        return;
      }
      var clean = {status: entry.status, justification: "", evidence: "", date: "", fingerprint: ""};
      var ok = true;
      ["justification", "evidence"].forEach(function (field) {
        var value = entry[field];
        if (value === undefined) { return; }
        if (typeof value !== "string" || value.length > LIMITS.text || CONTROL_CHARS.test(value)) {
          problems.push(at("." + field) + " : texte de " + LIMITS.text + " caractères au plus attendu");
          ok = false;
        } else { clean[field] = value; }
      });
      if (entry.status === NA && !clean.justification.trim()) {
        problems.push(at() + " : un élément « non applicable » doit avoir sa justification");
        ok = false;
      }
      if (entry.date !== undefined && entry.date !== "") {
        if (typeof entry.date !== "string" || !validDate(entry.date)) { problems.push(at(".date") + " : date AAAA-MM-JJ attendue"); ok = false; }
        else { clean.date = entry.date; }
      }
      if (entry.fingerprint !== undefined) {
        if (typeof entry.fingerprint !== "string" || !/^[0-9a-f]{0,64}$/.test(entry.fingerprint)) {
          problems.push(at(".fingerprint") + " : empreinte invalide");
          ok = false;
        } else { clean.fingerprint = entry.fingerprint; }
      }
      if (ok) { project.entries[key] = clean; }
    });
    return {project: problems.length ? null : project, problems: problems};
  }

  // A saved project file: {schema, type, edition, saved, project}.
  function checkFile(text, data) {
    var parsed;
    try { parsed = JSON.parse(text); } catch (e) { return {problems: ["ce n'est pas un fichier JSON lisible"]}; }
    if (!isObject(parsed)) { return {problems: ["un objet JSON est attendu"]}; }
    var problems = [];
    keys(parsed).forEach(function (k) {
      if (["schema", "type", "edition", "saved", "project"].indexOf(k) < 0) { problems.push("champ inconnu « " + k.slice(0, 40) + " »"); }
    });
    if (parsed.type !== FILE_TYPE) { problems.push("« type » : « " + FILE_TYPE + " » attendu (ce n'est pas un dossier de jalon)"); }
    if (parsed.schema !== SCHEMA) {
      problems.push("« schema » : version " + SCHEMA + " attendue" +
        (typeof parsed.schema === "number" ? " (le fichier est en version " + parsed.schema + ")" : ""));
    }
    if (parsed.edition !== undefined && (typeof parsed.edition !== "string" || parsed.edition.length > LIMITS.edition || CONTROL_CHARS.test(parsed.edition))) {
      problems.push("« edition » : texte court attendu");
    }
    if (parsed.saved !== undefined && (typeof parsed.saved !== "string" || !validDate(parsed.saved))) {
      problems.push("« saved » : date AAAA-MM-JJ attendue");
    }
    if (problems.length) { return {problems: problems}; }
    var checked = checkProject(parsed.project, data, true, "project");
    return {problems: checked.problems, project: checked.project, edition: parsed.edition || ""};
  }

  // --- the dossier -----------------------------------------------------------------------------------------

  function Dossier(root, data) {
    var self = this;
    this.root = root;
    this.data = data;
    this.live = root.querySelector("[data-pmo-live]");
    this.excelSrc = root.getAttribute("data-excel") || "";
    this.edition = data.edition || root.getAttribute("data-edition") || "";
    this.siteRoot = siteRoot(root.getAttribute("data-data") || "");
    this.filters = {role: "", standard: "", status: ""};
    this.items = {};
    this.itemsById = {};
    data.items.forEach(function (item) {
      self.items[item.key] = item;
      (self.itemsById[item.id] = self.itemsById[item.id] || []).push(item);
    });
    this.gates = {};
    data.gates.forEach(function (gate) { self.gates[gate.id] = gate; });
    this.categories = {};
    data.categories.forEach(function (c) { self.categories[c.id] = c.name; });
    this.phases = {};
    data.phases.forEach(function (p) { self.phases[p.id] = p.name; });
    this.storage = new Storage(function (message) { self.showStorageProblem(message); });
  }

  // The site's root, from the data file's address (listes-de-controle/dossier-referentiel.json).
  function siteRoot(dataHref) {
    try {
      var url = new URL(dataHref, window.location.href);
      var at = url.pathname.lastIndexOf("/listes-de-controle/");
      if (at >= 0) { return url.origin + url.pathname.slice(0, at + 1); }
    } catch (e) { /* fall through */ }
    return new URL("../../", window.location.href).href;
  }

  // A site-root-relative source path of the data ("standards/x/index.md#a", "x.md", "x/1.0.0/f.docx") as a URL.
  Dossier.prototype.href = function (source) {
    var hash = "";
    var at = source.indexOf("#");
    if (at >= 0) { hash = source.slice(at); source = source.slice(0, at); }
    if (/(^|\/)index\.md$/.test(source)) { source = source.replace(/index\.md$/, ""); }
    else if (/\.md$/.test(source)) { source = source.replace(/\.md$/, "/"); }
    return this.siteRoot + source + hash;
  };

  // A card's id: « c » for the criteria, « i » for the items, then its key.
  function cardId(context, key) { return "pmo-d-" + context + "-" + key.replace(/[^A-Za-z0-9_-]/g, "_"); }

  Dossier.prototype.announce = function (message) {
    var live = this.live;
    if (!live) { return; }
    if (live.textContent === fr(message)) {
      live.textContent = "";
      window.setTimeout(function () { live.textContent = fr(message); }, 60);
    } else {
      live.textContent = fr(message);
    }
  };

  // --- state -----------------------------------------------------------------------------------------------

  Dossier.prototype.load = function () {
    var read = this.storage.read();
    // Maps without a prototype: no id or key, « __proto__ » included, can reach Object.prototype.
    var state = {schema: SCHEMA, projects: Object.create(null), current: null, migrated: true};
    var self = this;
    this.unreadable = Object.create(null);
    if (read.state) {
      keys(read.state.projects).forEach(function (id) {
        var checked = ID_PATTERN.test(id) ? checkProject(read.state.projects[id], self.data, false, "projects." + id) : {project: null};
        if (checked.project) {
          checked.project.id = id;
          state.projects[id] = checked.project;
        } else {
          // Kept as it is, unseen, rather than lost: a later version of this script may read it.
          self.unreadable[id] = read.state.projects[id];
        }
      });
      state.current = typeof read.state.current === "string" && own(state.projects, read.state.current) ? read.state.current : null;
    }
    this.state = state;
    var imported = 0;
    if (!read.state && !read.frozen && read.legacy.length) {
      imported = this.migrate(read.legacy);
    }
    if (!this.project()) { state.current = this.projectIds()[0] || null; }
    if (imported && this.storage.available) { this.save(); }
    else if (!read.state && this.storage.available && !this.storage.frozen) { this.save(); }
    return imported;
  };

  // One time: every tick of checklist.js becomes « fait » in a project « Mon projet », with the fingerprint of the
  // version it was given on (so a tick on an older wording is flagged).
  Dossier.prototype.migrate = function (ticks) {
    var self = this;
    var entries = {};
    var versions = {};
    ticks.forEach(function (old) {
      var key = own(self.data.legacy, old) ? self.data.legacy[old] : null;
      if (!key || !own(self.items, key)) { return; }
      var m = /@([^#]+)#/.exec(old);
      var version = m ? m[1] : self.items[key].version;
      if (own(versions, key) && compareVersions(version, versions[key]) <= 0) { return; }
      versions[key] = version;
      entries[key] = {status: DONE, justification: "", evidence: "", date: today(), fingerprint: self.fingerprintAt(key, version)};
    });
    var count = keys(entries).length;
    if (!count) { return 0; }
    var project = this.newProject("Mon projet", "", this.data["default"], this.data.phases[0].id);
    project.entries = entries;
    this.state.projects[project.id] = project;
    this.state.current = project.id;
    return count;
  };

  // The fingerprint an item had in a given version: history lists each wording once, under the latest version that
  // had it, so the wording of a version is the one listed under the first version at or after it.
  Dossier.prototype.fingerprintAt = function (key, version) {
    var item = this.items[key];
    if (compareVersions(version, item.version) >= 0) { return item.fingerprint; }
    var history = own(this.data.history, key) ? this.data.history[key] : {};
    var best = null, bestVersion = null;
    keys(history).forEach(function (fp) {
      var v = history[fp].version;
      if (compareVersions(v, version) >= 0 && (bestVersion === null || compareVersions(v, bestVersion) < 0)) {
        best = fp;
        bestVersion = v;
      }
    });
    return best || item.fingerprint;
  };

  Dossier.prototype.newProject = function (name, code, category, phase) {
    var d = today();
    return {id: newId(), name: name, code: code, category: category, phase: phase, gate: "", created: d, updated: d, entries: {}};
  };
  Dossier.prototype.projectIds = function () {
    var projects = this.state.projects;
    return keys(projects).sort(function (a, b) {
      return projects[a].name.localeCompare(projects[b].name, "fr") || (a < b ? -1 : 1);
    });
  };
  Dossier.prototype.project = function () {
    var id = this.state.current;
    return id && own(this.state.projects, id) ? this.state.projects[id] : null;
  };
  Dossier.prototype.save = function () {
    var copy = {schema: SCHEMA, projects: Object.create(null), current: this.state.current, migrated: true};
    var unreadable = this.unreadable || {};
    keys(unreadable).forEach(function (id) { copy.projects[id] = unreadable[id]; });
    var projects = this.state.projects;
    keys(projects).forEach(function (id) { copy.projects[id] = projects[id]; });
    return this.storage.write(copy);
  };
  // Re-reads the state when another tab of this site changed it.
  Dossier.prototype.reloadFromStorage = function () {
    var read = this.storage.read();
    if (!read.state) { return; }
    var current = this.state.current;
    this.load();
    if (own(this.state.projects, current)) { this.state.current = current; }
    this.renderAll();
    this.announce("Le dossier a été modifié dans un autre onglet : affichage mis à jour.");
  };

  Dossier.prototype.entry = function (key) {
    var p = this.project();
    return p && own(p.entries, key) ? p.entries[key] : null;
  };
  Dossier.prototype.status = function (key) {
    var e = this.entry(key);
    return e ? e.status : TODO;
  };
  Dossier.prototype.levelOf = function (item, category) {
    var levels = item.levels || {};
    return own(levels, category) ? levels[category] : (levels[this.data["default"]] || MANDATORY);
  };
  // An item marked against another wording than today's.
  Dossier.prototype.changed = function (key) {
    var e = this.entry(key);
    var item = own(this.items, key) ? this.items[key] : null;
    return !!(e && item && e.status !== TODO && e.fingerprint && e.fingerprint !== item.fingerprint);
  };

  // --- what a gate needs -----------------------------------------------------------------------------------

  Dossier.prototype.currentGate = function () {
    var p = this.project();
    if (!p || !this.data.gates.length) { return null; }
    if (p.gate && own(this.gates, p.gate)) { return this.gates[p.gate]; }
    var byPhase = this.data.gates.filter(function (g) { return g.phase === p.phase; })[0];
    return byPhase || this.data.gates[0];
  };

  // The item a criterion points to: its key, else its item id if only one project item has it.
  Dossier.prototype.criterionItem = function (criterion) {
    var ref = criterion.item;
    if (!ref) { return null; }
    if (own(this.items, ref)) { return this.items[ref]; }
    var found = own(this.itemsById, ref) ? this.itemsById[ref] : [];
    return found.length === 1 ? found[0] : null;
  };

  Dossier.prototype.gateView = function (gate) {
    var self = this;
    var p = this.project();
    var criteria = gate.criteria.map(function (c) {
      var item = self.criterionItem(c);
      var key = item ? item.key : gate.id + "#" + c.id;
      var status = self.status(key);
      return {criterion: c, item: item, key: key, status: status, met: status === DONE};
    });
    var applicable = [], notApplicable = [];
    this.data.items.forEach(function (item) {
      if (item.phase !== gate.phase) { return; }
      var level = self.levelOf(item, p.category);
      (level === NA ? notApplicable : applicable).push({item: item, key: item.key, level: level, status: self.status(item.key)});
    });
    var counts = {mandatory: 0, done: 0, na: 0, missing: 0, recommended: 0, recommendedDone: 0, changed: 0};
    var missing = [];
    applicable.forEach(function (row) {
      if (self.changed(row.key)) { counts.changed += 1; }
      if (row.level === MANDATORY) {
        counts.mandatory += 1;
        if (row.status === DONE) { counts.done += 1; }
        else if (row.status === NA) { counts.na += 1; }
        else { counts.missing += 1; missing.push(row); }
      } else {
        counts.recommended += 1;
        if (row.status === DONE) { counts.recommendedDone += 1; }
      }
    });
    var unmet = criteria.filter(function (c) { return !c.met; });
    return {gate: gate, criteria: criteria, unmet: unmet, applicable: applicable, notApplicable: notApplicable,
      counts: counts, missing: missing, ready: unmet.length === 0 && counts.missing === 0};
  };

  // --- rendering: the skeleton, built once -----------------------------------------------------------------

  Dossier.prototype.build = function () {
    var self = this;
    var root = this.root;
    this.warning = el("p", {"class": "pmo-dossier__warning", hidden: true});
    root.insertBefore(this.warning, this.live ? this.live.nextSibling : root.firstChild);

    // Projects.
    this.projectSelect = el("select", {id: "pmo-d-projet", onchange: function () { self.switchProject(self.projectSelect.value); }});
    this.buttons = {
      create: el("button", {type: "button", "class": "pmo-dossier__button", text: "Nouveau projet", onclick: function () { self.openForm("create"); }}),
      edit: el("button", {type: "button", "class": "pmo-dossier__button", text: "Modifier le projet", onclick: function () { self.openForm("edit"); }}),
      duplicate: el("button", {type: "button", "class": "pmo-dossier__button", text: "Dupliquer", onclick: function () { self.duplicate(); }}),
      remove: el("button", {type: "button", "class": "pmo-dossier__button", text: "Supprimer", onclick: function () { self.askDelete(); }})
    };
    this.empty = el("p", {"class": "pmo-dossier__empty", text: "Aucun projet enregistré dans ce navigateur. Créez votre premier projet ci-dessous, ou chargez un projet enregistré dans un fichier (plus bas).", hidden: true});
    this.bar = el("div", {"class": "pmo-dossier__bar"}, [
      el("p", {"class": "pmo-dossier__field"}, [el("label", {"for": "pmo-d-projet", text: "Projet affiché"}), this.projectSelect]),
      el("p", {"class": "pmo-dossier__actions"}, [this.buttons.create, this.buttons.edit, this.buttons.duplicate, this.buttons.remove])
    ]);
    this.summary = el("dl", {"class": "pmo-dossier__project-meta"});
    this.form = this.buildForm();
    this.confirm = el("div", {"class": "pmo-dossier__confirm", role: "group", "aria-labelledby": "pmo-d-confirm-q", hidden: true});
    this.projectsHeading = el("h2", {id: "pmo-d-projets", tabindex: "-1", text: "Projet"});
    var projects = el("section", {"class": "pmo-dossier__projects", "aria-labelledby": "pmo-d-projets"},
      [this.projectsHeading, this.empty, this.bar, this.summary, this.form, this.confirm]);

    // The gate.
    this.gateSelect = el("select", {id: "pmo-d-jalon", onchange: function () { self.chooseGate(self.gateSelect.value); }});
    this.gateHeading = el("h2", {id: "pmo-d-jalon-titre", tabindex: "-1", text: "Préparer un jalon"});
    this.gateBody = el("div", {"class": "pmo-dossier__gate-body"});
    this.gateSection = el("section", {"class": "pmo-dossier__gate", "aria-labelledby": "pmo-d-jalon-titre"}, [
      this.gateHeading,
      el("p", {"class": "pmo-dossier__field"}, [el("label", {"for": "pmo-d-jalon", text: "Jalon à préparer"}), this.gateSelect]),
      this.gateBody
    ]);

    // Exports and files.
    this.fileInput = el("input", {type: "file", id: "pmo-d-fichier", accept: ".json,application/json", "aria-describedby": "pmo-d-fichier-aide pmo-d-fichier-erreur",
      onchange: function () { self.loadFile(self.fileInput); }});
    this.fileError = el("p", {id: "pmo-d-fichier-erreur", "class": "pmo-dossier__error", hidden: true});
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
    this.exportsSection = el("section", {"class": "pmo-dossier__share", "aria-labelledby": "pmo-d-partage"}, [
      el("h2", {id: "pmo-d-partage", text: "Exporter et partager"}),
      this.exportButtons,
      el("p", {"class": "pmo-dossier__field pmo-dossier__file"}, [
        el("label", {"for": "pmo-d-fichier", text: "Charger un projet enregistré (fichier .json)"}),
        this.fileInput
      ]),
      el("p", {id: "pmo-d-fichier-aide", "class": "pmo-dossier__hint", text: "Le projet chargé s'ajoute à vos projets ; aucun projet existant n'est remplacé."}),
      this.fileError
    ]);
    this.report = el("section", {"class": "pmo-dossier__report", "aria-labelledby": "pmo-d-rapport"});
    this.app = el("div", {"class": "pmo-dossier__app"}, [projects, this.gateSection, this.exportsSection]);
    root.appendChild(this.app);
    root.appendChild(this.report);
    // Another tab of the site changed the dossiers (ignored once instant navigation has replaced this page).
    window.addEventListener("storage", function (ev) {
      if (ev.key === STORE_KEY && ev.newValue !== null && document.body.contains(self.root)) { self.reloadFromStorage(); }
    });
  };

  Dossier.prototype.buildForm = function () {
    var self = this;
    var category = el("select", {id: "pmo-d-categorie", name: "category"}, this.data.categories.map(function (c) {
      return el("option", {value: c.id, text: c.name});
    }));
    var phase = el("select", {id: "pmo-d-phase", name: "phase"}, this.data.phases.map(function (p) {
      return el("option", {value: p.id, text: p.name});
    }));
    this.formLegend = el("legend", {text: "Nouveau projet"});
    this.formSubmit = el("button", {type: "submit", "class": "pmo-dossier__button pmo-dossier__button--primary", text: "Créer le projet"});
    this.formCancel = el("button", {type: "button", "class": "pmo-dossier__button", text: "Annuler", onclick: function () { self.closeForm(true); }});
    this.formError = el("p", {id: "pmo-d-nom-erreur", "class": "pmo-dossier__error", hidden: true});
    var form = el("form", {"class": "pmo-dossier__project-form", novalidate: true, hidden: true, onsubmit: function (ev) { ev.preventDefault(); self.submitForm(); }}, [
      el("fieldset", null, [
        this.formLegend,
        el("p", {"class": "pmo-dossier__field"}, [
          el("label", {"for": "pmo-d-nom", text: "Nom du projet (obligatoire)"}),
          el("input", {type: "text", id: "pmo-d-nom", name: "name", maxlength: LIMITS.name, required: true, autocomplete: "off", "aria-describedby": "pmo-d-nom-erreur"})
        ]),
        this.formError,
        el("p", {"class": "pmo-dossier__field"}, [
          el("label", {"for": "pmo-d-code", text: "Code du projet (facultatif)"}),
          el("input", {type: "text", id: "pmo-d-code", name: "code", maxlength: LIMITS.code, autocomplete: "off"})
        ]),
        el("p", {"class": "pmo-dossier__field"}, [
          el("label", {"for": "pmo-d-categorie", text: "Catégorie du projet"}), category,
          " ",
          el("a", {href: this.href("listes-de-controle/categories-de-projet.md"), text: "Choisir la catégorie"})
        ]),
        el("p", {"class": "pmo-dossier__field"}, [el("label", {"for": "pmo-d-phase", text: "Phase en cours"}), phase]),
        el("p", {"class": "pmo-dossier__actions"}, [this.formSubmit, this.formCancel])
      ])
    ]);
    return form;
  };

  // --- rendering: what changes ------------------------------------------------------------------------------

  Dossier.prototype.renderAll = function () {
    this.renderProjects();
    this.renderGate();
  };

  Dossier.prototype.renderProjects = function () {
    var self = this;
    var ids = this.projectIds();
    var p = this.project();
    clear(this.projectSelect);
    ids.forEach(function (id) {
      var project = self.state.projects[id];
      var label = project.name + (project.code ? " (" + project.code + ")" : "");
      var option = el("option", {value: id, raw: label});
      if (id === self.state.current) { option.selected = true; }
      self.projectSelect.appendChild(option);
    });
    this.empty.hidden = ids.length > 0;
    this.bar.hidden = ids.length === 0;
    this.gateSection.hidden = !p;
    this.exportButtons.hidden = !p;
    clear(this.summary);
    this.summary.hidden = !p;
    if (p) {
      append(this.summary, [
        el("dt", {text: "Code"}), el("dd", {raw: p.code || "—"}),
        el("dt", {text: "Catégorie"}), el("dd", {text: this.categories[p.category] || p.category}),
        el("dt", {text: "Phase en cours"}), el("dd", {text: this.phases[p.phase] || p.phase})
      ]);
    }
    if (!ids.length && this.form.hidden) { this.openForm("create", true); }
    this.formCancel.hidden = ids.length === 0;
  };

  Dossier.prototype.renderGate = function () {
    var self = this;
    var p = this.project();
    clear(this.gateBody);
    if (!p) { this.renderReport(); return; }
    var gate = this.currentGate();
    clear(this.gateSelect);
    this.data.gates.forEach(function (g) {
      var option = el("option", {value: g.id, text: g.name + " (fin de la phase " + (self.phases[g.phase] || g.phase) + ")"});
      if (gate && g.id === gate.id) { option.selected = true; }
      self.gateSelect.appendChild(option);
    });
    if (!gate) {
      this.gateBody.appendChild(el("p", {text: "Le référentiel ne définit aucun jalon."}));
      this.renderReport();
      return;
    }
    var view = this.gateView(gate);
    this.view = view;
    var info = [];
    if (gate.decidedBy) { info.push("Décidé par : " + gate.decidedBy + ". "); }
    info.push("Éléments de la phase « " + (this.phases[gate.phase] || gate.phase) + " », au niveau d'un projet de catégorie « " +
      (this.categories[p.category] || p.category) + " ». ");
    this.gateBody.appendChild(el("p", {"class": "pmo-dossier__gate-info"}, info.concat([
      el("a", {href: this.href(gate.href), text: "Liste de contrôle du jalon"})
    ])));
    this.verdict = el("div", {"class": "pmo-dossier__verdict"});
    this.gateBody.appendChild(this.verdict);
    this.renderVerdict();

    // Criteria first.
    var criteriaList = el("ol", {"class": "pmo-dossier__entries pmo-dossier__entries--criteria"});
    view.criteria.forEach(function (row) { criteriaList.appendChild(self.card(row, "c")); });
    this.gateBody.appendChild(el("section", {"class": "pmo-dossier__criteria", "aria-labelledby": "pmo-d-criteres"}, [
      el("h3", {id: "pmo-d-criteres", text: "Critères de passage (" + view.criteria.length + ")"}),
      view.criteria.length ? el("p", {"class": "pmo-dossier__hint", text: "Un critère lié à un élément est atteint quand cet élément est « fait »."}) :
        el("p", {text: "Ce jalon n'a pas de critère de passage propre : il est prêt quand les éléments obligatoires de sa phase sont faits ou justifiés non applicables."}),
      view.criteria.length ? criteriaList : null
    ]));

    // Then the items of the phase, with their filters.
    this.itemList = el("ol", {"class": "pmo-dossier__entries"});
    view.applicable.forEach(function (row) { self.itemList.appendChild(self.card(row, "i")); });
    this.filterCount = el("p", {"class": "pmo-dossier__hint", id: "pmo-d-filtre-compte"});
    var itemsSection = el("section", {"class": "pmo-dossier__items", "aria-labelledby": "pmo-d-elements"}, [
      el("h3", {id: "pmo-d-elements", text: "Éléments de la phase « " + (this.phases[gate.phase] || gate.phase) + " » (" + view.applicable.length + ")"}),
      view.applicable.length ? this.filtersNode(view) : null,
      view.applicable.length ? this.filterCount : null,
      view.applicable.length ? this.itemList : el("p", {text: "Aucun élément de projet dans cette phase."})
    ]);
    if (view.notApplicable.length) {
      var naList = el("ul", {"class": "pmo-dossier__na-list"});
      view.notApplicable.forEach(function (row) {
        naList.appendChild(el("li", null, [
          el("span", {"class": "pmo-item__id", raw: row.item.standard + " " + row.item.id}), " ",
          el("span", {text: row.item.text}), " ",
          el("a", {href: self.href(row.item.href), text: "Voir l'exigence"}, srOnly(" " + row.item.id))
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
    var view = this.view;
    var c = view.counts;
    var v = this.verdict;
    clear(v);
    v.className = "pmo-dossier__verdict " + (view.ready ? "is-ready" : "is-not-ready");
    // Each line leads to its card; a long list starts closed, so that the cards stay close at hand.
    var missing = el("ul", {"class": "pmo-dossier__missing"});
    view.unmet.forEach(function (row) {
      var label = row.status === NA ? " (déclaré non applicable : à accorder par le comité)" : "";
      missing.appendChild(el("li", null, ["Critère : ", el("a", {href: "#" + cardId("c", row.key), text: row.criterion.text}), label]));
    });
    view.missing.forEach(function (row) {
      missing.appendChild(el("li", null, [el("span", {"class": "pmo-item__id", raw: row.item.id}), " ",
        el("a", {href: "#" + cardId("i", row.key), text: row.item.text})]));
    });
    var total = view.unmet.length + view.missing.length;
    var details = el("details", {"class": "pmo-dossier__missing-details"}, [
      el("summary", {text: "Ce qui manque (" + total + ")"}), missing
    ]);
    details.open = total <= 8;
    append(v, [
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

  Dossier.prototype.mandatoryCounts = function () {
    var c = this.view.counts;
    return "Éléments obligatoires : " + plural(c.done, "fait") + ", " + c.na + " non applicable" + (c.na > 1 ? "s" : "") +
      ", " + plural(c.missing, "manquant") + " (sur " + c.mandatory + ")";
  };

  Dossier.prototype.filtersNode = function (view) {
    var self = this;
    var roles = {}, standards = {};
    view.applicable.forEach(function (row) {
      roles[row.item.responsible] = self.data.roles[row.item.responsible] || row.item.responsible;
      standards[row.item.standard] = self.standardLabel(row.item.standard);
    });
    function select(id, label, name, all, options) {
      var node = el("select", {id: id, onchange: function () { self.filters[name] = node.value; self.applyFilters(true); }},
        [el("option", {value: "", text: all})].concat(options.map(function (o) { return el("option", {value: o[0], text: o[1]}); })));
      if (options.some(function (o) { return o[0] === self.filters[name]; })) { node.value = self.filters[name]; }
      else { self.filters[name] = ""; }
      return el("p", {"class": "pmo-dossier__field"}, [el("label", {"for": id, text: label}), node]);
    }
    var roleOptions = keys(roles).sort(function (a, b) { return roles[a].localeCompare(roles[b], "fr"); }).map(function (k) { return [k, roles[k]]; });
    var standardOptions = keys(standards).sort().map(function (k) { return [k, standards[k]]; });
    var statusOptions = [[TODO, "À faire"], [DONE, "Fait"], [NA, "Non applicable"], ["modifie", "Modifié depuis votre coche"]];
    return el("fieldset", {"class": "pmo-dossier__filters"}, [
      el("legend", {text: "Filtrer les éléments"}),
      select("pmo-d-filtre-role", "Responsable", "role", "Tous les rôles", roleOptions),
      select("pmo-d-filtre-standard", "Standard", "standard", "Tous les standards", standardOptions),
      select("pmo-d-filtre-statut", "Statut", "status", "Tous les statuts", statusOptions)
    ]);
  };

  Dossier.prototype.standardLabel = function (id) {
    var known = this.data.standards && own(this.data.standards, id) ? this.data.standards[id] : null;
    var title = typeof known === "string" ? known : (known && known.title) || "";
    return title ? id + " — " + title : id;
  };

  Dossier.prototype.applyFilters = function (announce) {
    if (!this.itemList) { return; }
    var self = this, f = this.filters, shown = 0, total = 0;
    each(this.itemList.children, function (card) {
      var item = self.items[card.getAttribute("data-key")];
      var status = self.status(item.key);
      var visible = (!f.role || item.responsible === f.role) && (!f.standard || item.standard === f.standard) &&
        (!f.status || (f.status === "modifie" ? self.changed(item.key) : status === f.status));
      card.hidden = !visible;
      total += 1;
      if (visible) { shown += 1; }
    });
    var message = plural(shown, "élément affiché", "éléments affichés") + " sur " + total + ".";
    this.filterCount.textContent = fr(message);
    if (announce) { this.announce(message); }
  };

  // One criterion or item, with its form: status, justification (for « non applicable »), evidence, save.
  Dossier.prototype.card = function (row, context) {
    var self = this;
    var key = row.key;
    var item = row.item;
    var criterion = row.criterion || null;
    var entry = this.entry(key);
    var status = entry ? entry.status : TODO;
    var id = cardId(context, key);
    var label = item ? item.id : criterion.id;
    var card = el("li", {"class": "pmo-dossier__entry " + STATUS_CLASSES[status], id: id, "data-key": key, "data-context": context});

    var title = item ? item.text : criterion.text;
    card.appendChild(el("h4", {"class": "pmo-dossier__entry-title", id: id + "-t"}, [
      el("span", {"class": "pmo-item__id", raw: label}), " ", el("span", {text: title})
    ]));
    var meta = [];
    if (criterion) { meta.push(el("span", {"class": "pmo-badge", text: "Critère de passage"}), " "); }
    if (item) {
      var level = row.level || this.levelOf(item, this.project().category);
      meta.push(el("span", {"class": "pmo-level", text: LEVEL_LABELS[level] || level}), " ",
        el("span", {text: item.standard + " v" + item.version + " · Responsable : " + (this.data.roles[item.responsible] || item.responsible)}));
      if (item.template) {
        meta.push(" · Modèle : ", el("a", {href: this.href(item.template.href), text: item.template.title}));
      }
      meta.push(" · ", el("a", {href: this.href(item.href), text: "Voir l'exigence"}, srOnly(" " + item.id)));
    }
    card.appendChild(el("p", {"class": "pmo-dossier__entry-meta"}, meta));
    var expected = criterion && criterion.evidence ? criterion.evidence : (item ? item.evidence : "");
    if (expected) { card.appendChild(el("p", {"class": "pmo-dossier__expected"}, [el("strong", {text: "Preuve attendue :"}), " ", el("span", {text: expected})])); }
    if (this.changed(key)) { card.appendChild(this.changedNode(key, id)); }

    // What is recorded.
    var state = el("p", {"class": "pmo-dossier__state"}, [
      el("strong", {"class": "pmo-dossier__status-label", text: STATUS_ICONS[status] + " " + STATUS_LABELS[status]}),
      entry && entry.date ? el("span", {text: " — le " + frenchDate(entry.date)}) : null
    ]);
    card.appendChild(state);
    if (entry && entry.status === NA && entry.justification) {
      card.appendChild(el("p", {"class": "pmo-dossier__recorded"}, [el("strong", {text: "Justification :"}), " ", el("span", {"class": "pmo-dossier__user-text", raw: entry.justification})]));
    }
    if (entry && entry.evidence) {
      card.appendChild(el("p", {"class": "pmo-dossier__recorded"}, [el("strong", {text: "Preuve fournie :"}), " ", evidenceNode(entry.evidence)]));
    }

    // The form.
    var radios = STATUSES.map(function (s, i) {
      var rid = id + "-s" + i;
      var input = el("input", {type: "radio", name: id + "-statut", id: rid, value: s});
      if (s === status) { input.checked = true; }
      return el("span", {"class": "pmo-dossier__radio"}, [input, el("label", {"for": rid, text: STATUS_LABELS[s]})]);
    });
    var justification = el("textarea", {id: id + "-j", rows: "2", maxlength: LIMITS.text, "aria-describedby": id + "-je"});
    justification.value = entry && entry.status === NA ? entry.justification : "";
    var justError = el("p", {"class": "pmo-dossier__error", id: id + "-je", hidden: true});
    var justField = el("div", {"class": "pmo-dossier__field pmo-dossier__justification"}, [
      el("label", {"for": id + "-j", text: "Justification (obligatoire pour « non applicable »)"}), justification, justError
    ]);
    justField.hidden = status !== NA;
    var evidence = el("input", {type: "text", id: id + "-p", maxlength: LIMITS.text, autocomplete: "off"});
    evidence.value = entry ? entry.evidence : "";
    var dirty = el("span", {"class": "pmo-dossier__dirty", text: "Modifications non enregistrées", hidden: true});
    var submit = el("button", {type: "submit", "class": "pmo-dossier__button pmo-dossier__button--primary", "data-save": true}, [fr("Enregistrer"), srOnly(" " + label)]);
    var form = el("form", {"class": "pmo-dossier__form", novalidate: true}, [
      el("fieldset", {"class": "pmo-dossier__statuses"}, [
        el("legend", null, [fr("Statut"), srOnly(" de " + label)])
      ].concat(radios)),
      justField,
      el("div", {"class": "pmo-dossier__field"}, [
        el("label", {"for": id + "-p", text: "Preuve fournie (note ou lien)"}), evidence
      ]),
      el("p", {"class": "pmo-dossier__actions"}, [submit, " ", dirty])
    ]);
    form.addEventListener("change", function () {
      var chosen = form.querySelector("input[type=radio]:checked");
      justField.hidden = !chosen || chosen.value !== NA;
      dirty.hidden = false;
    });
    form.addEventListener("input", function () { dirty.hidden = false; });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var chosen = form.querySelector("input[type=radio]:checked");
      self.saveEntry(key, chosen ? chosen.value : TODO, justification, evidence, justError, row, context);
    });
    card.appendChild(form);
    return card;
  };

  Dossier.prototype.changedNode = function (key, id) {
    var self = this;
    var item = this.items[key];
    var entry = this.entry(key);
    var history = own(this.data.history, key) ? this.data.history[key] : {};
    var old = own(history, entry.fingerprint) ? history[entry.fingerprint] : null;
    var nodes = [
      el("p", {"class": "pmo-dossier__changed-title"}, [el("strong", {text: "⚠ Modifié depuis votre coche"})]),
      old ? el("p", null, [el("strong", {text: "Texte au moment de votre coche (version " + old.version + ", " + (LEVEL_LABELS[old.level] || old.level).toLowerCase() + ") :"}), " ", el("span", {text: old.text})]) :
        el("p", {text: "Le texte au moment de votre coche n'est plus connu du référentiel."}),
      el("p", null, [el("strong", {text: "Texte actuel (version " + item.version + ") :"}), " ", el("span", {text: item.text})]),
      el("p", {"class": "pmo-dossier__actions"}, [
        el("button", {type: "button", "class": "pmo-dossier__button", onclick: function () { self.confirmChanged(key); }},
          [fr("Garder mon statut pour le texte actuel"), srOnly(" (" + item.id + ")")])
      ])
    ];
    return el("div", {"class": "pmo-dossier__changed", id: id + "-m"}, nodes);
  };

  // --- actions: items ---------------------------------------------------------------------------------------

  Dossier.prototype.saveEntry = function (key, status, justificationInput, evidenceInput, errorNode, row, context) {
    var p = this.project();
    if (!p) { return; }
    var justification = justificationInput.value;
    var evidence = evidenceInput.value;
    var label = row.item ? row.item.id : row.criterion.id;
    if (status === NA && !justification.trim()) {
      var message = "Non enregistré : « non applicable » demande une justification (" + label + ").";
      errorNode.textContent = fr("Écrivez pourquoi cet élément ne s'applique pas à votre projet : la justification est obligatoire pour « non applicable ».");
      errorNode.hidden = false;
      justificationInput.setAttribute("aria-invalid", "true");
      justificationInput.focus();
      this.announce(message);
      return;
    }
    if (justification.length > LIMITS.text || evidence.length > LIMITS.text) {
      this.announce("Non enregistré : " + LIMITS.text + " caractères au plus par champ.");
      return;
    }
    var item = row.item;
    if (status === TODO && !evidence.trim()) {
      delete p.entries[key];
    } else {
      var previous = own(p.entries, key) ? p.entries[key] : null;
      var same = previous && previous.status === status && previous.evidence === evidence &&
        previous.justification === (status === NA ? justification : "");
      p.entries[key] = {
        status: status,
        justification: status === NA ? justification : "",
        evidence: evidence,
        date: same ? previous.date : today(),
        fingerprint: item ? item.fingerprint : ""
      };
    }
    p.updated = today();
    var stored = this.save();
    var entry = this.entry(key);
    var said = label + " : " + STATUS_LABELS[entry ? entry.status : TODO].toLowerCase() +
      (entry && entry.date ? ", le " + frenchDate(entry.date) : "") + (stored ? ". Enregistré." : ". Gardé pour cette visite seulement.");
    this.refreshKey(key, context);
    this.announce(said);
  };

  Dossier.prototype.confirmChanged = function (key) {
    var p = this.project();
    var entry = this.entry(key);
    if (!p || !entry) { return; }
    entry.fingerprint = this.items[key].fingerprint;
    entry.date = today();
    p.updated = today();
    var stored = this.save();
    this.refreshKey(key, "i");
    this.announce(this.items[key].id + " : statut gardé pour le texte actuel" + (stored ? "." : " (pour cette visite seulement)."));
  };

  // Redraws every card of one key, the verdict and the report; keeps the focus on the card's save button.
  Dossier.prototype.refreshKey = function (key, context) {
    var self = this;
    var gate = this.currentGate();
    if (!gate) { return; }
    this.view = this.gateView(gate);
    var rows = {};
    this.view.criteria.forEach(function (r) { rows["c" + r.key] = r; });
    this.view.applicable.forEach(function (r) { rows["i" + r.key] = r; });
    var focusTarget = null;
    each(this.gateBody.querySelectorAll("li.pmo-dossier__entry"), function (card) {
      if (card.getAttribute("data-key") !== key) { return; }
      var ctx = card.getAttribute("data-context");
      var row = rows[ctx + key];
      if (!row) { return; }
      var fresh = self.card(row, ctx);
      fresh.hidden = card.hidden;
      card.parentNode.replaceChild(fresh, card);
      if (ctx === context || !focusTarget) { focusTarget = fresh; }
    });
    this.renderVerdict();
    this.renderReport();
    if (focusTarget) {
      var button = focusTarget.querySelector("[data-save]");
      if (button) { button.focus(); }
    }
  };

  // --- actions: projects ------------------------------------------------------------------------------------

  Dossier.prototype.openForm = function (mode, quiet) {
    var p = this.project();
    this.formMode = mode === "edit" && p ? "edit" : "create";
    var form = this.form;
    this.confirm.hidden = true;
    this.formLegend.textContent = fr(this.formMode === "edit" ? "Modifier le projet" : "Nouveau projet");
    this.formSubmit.textContent = fr(this.formMode === "edit" ? "Enregistrer le projet" : "Créer le projet");
    form.elements.name.value = this.formMode === "edit" ? p.name : "";
    form.elements.code.value = this.formMode === "edit" ? p.code : "";
    form.elements.category.value = this.formMode === "edit" ? p.category : this.data["default"];
    form.elements.phase.value = this.formMode === "edit" ? p.phase : this.data.phases[0].id;
    form.elements.name.removeAttribute("aria-invalid");
    this.formError.hidden = true;
    form.hidden = false;
    if (!quiet) { form.elements.name.focus(); }
  };

  Dossier.prototype.closeForm = function (focusBack) {
    this.form.hidden = true;
    if (focusBack) {
      var target = this.formMode === "edit" ? this.buttons.edit : this.buttons.create;
      if (target && !this.bar.hidden) { target.focus(); }
    }
  };

  Dossier.prototype.submitForm = function () {
    var f = this.form.elements;
    var name = f.name.value.replace(/\s+/g, " ").trim();
    var code = f.code.value.replace(/\s+/g, " ").trim();
    if (!name) {
      this.formError.textContent = fr("Donnez un nom au projet.");
      this.formError.hidden = false;
      f.name.setAttribute("aria-invalid", "true");
      f.name.focus();
      this.announce("Projet non enregistré : le nom est obligatoire.");
      return;
    }
    name = name.slice(0, LIMITS.name);
    code = code.slice(0, LIMITS.code);
    var said;
    if (this.formMode === "edit" && this.project()) {
      var p = this.project();
      p.name = name;
      p.code = code;
      p.category = f.category.value;
      p.phase = f.phase.value;
      p.updated = today();
      said = "Projet « " + name + " » modifié.";
    } else {
      var project = this.newProject(name, code, f.category.value, f.phase.value);
      this.state.projects[project.id] = project;
      this.state.current = project.id;
      said = "Projet « " + name + " » créé.";
    }
    var stored = this.save();
    var mode = this.formMode;
    this.form.hidden = true;
    this.renderAll();
    (mode === "edit" ? this.buttons.edit : this.gateSelect).focus();
    this.announce(said + (stored ? "" : " Gardé pour cette visite seulement."));
  };

  Dossier.prototype.switchProject = function (id) {
    if (!own(this.state.projects, id)) { return; }
    this.state.current = id;
    this.form.hidden = true;
    this.confirm.hidden = true;
    this.save();
    this.renderAll();
    this.announce("Projet affiché : « " + this.state.projects[id].name + " ».");
  };

  Dossier.prototype.chooseGate = function (gateId) {
    var p = this.project();
    if (!p || !own(this.gates, gateId)) { return; }
    p.gate = gateId;
    this.save();
    this.renderGate();
    this.announce("Jalon « " + this.gates[gateId].name + " » : " + (this.view.ready ? "prêt pour le passage." : "pas encore prêt."));
  };

  Dossier.prototype.duplicate = function () {
    var p = this.project();
    if (!p) { return; }
    var copy = JSON.parse(JSON.stringify(p));
    copy.id = newId();
    copy.name = (p.name + " (copie)").slice(0, LIMITS.name);
    copy.created = copy.updated = today();
    this.state.projects[copy.id] = copy;
    this.state.current = copy.id;
    var stored = this.save();
    this.renderAll();
    this.projectSelect.focus();
    this.announce("Projet dupliqué : « " + copy.name + " » est affiché." + (stored ? "" : " Gardé pour cette visite seulement."));
  };

  Dossier.prototype.askDelete = function () {
    var self = this;
    var p = this.project();
    if (!p) { return; }
    this.form.hidden = true;
    clear(this.confirm);
    var question = el("p", {id: "pmo-d-confirm-q", tabindex: "-1"}, [
      fr("Supprimer le projet « "), el("span", {raw: p.name}),
      fr(" » et tout ce qui y est noté ? Cette suppression est définitive : enregistrez-le d'abord dans un fichier si vous voulez le garder.")
    ]);
    append(this.confirm, [
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
    var p = this.state.projects[id];
    if (!p) { return; }
    delete this.state.projects[id];
    this.state.current = this.projectIds()[0] || null;
    var stored = this.save();
    this.confirm.hidden = true;
    this.renderAll();
    if (this.project()) { this.projectSelect.focus(); }
    else { this.form.elements.name.focus(); }
    this.announce("Projet « " + p.name + " » supprimé." + (stored ? "" : " (pour cette visite seulement)"));
  };

  // --- exports ------------------------------------------------------------------------------------------------

  Dossier.prototype.fileBase = function () {
    var p = this.project();
    var gate = this.currentGate();
    return "dossier-" + slug(p.code || p.name) + (gate ? "-" + slug(gate.id) : "");
  };

  Dossier.prototype.listRows = function () {
    var self = this;
    return this.view.applicable.map(function (row) {
      var item = row.item;
      var entry = self.entry(item.key) || {status: TODO, justification: "", evidence: "", date: ""};
      return [item.standard, item.version, item.id, self.phases[item.phase] || item.phase, LEVEL_LABELS[row.level] || row.level,
        item.text, self.data.roles[item.responsible] || item.responsible, item.template ? item.template.title : "",
        item.evidence || "", entry.status, entry.status === NA ? entry.justification : "", entry.evidence || "", entry.date || ""];
    });
  };

  Dossier.prototype.criteriaRows = function () {
    var self = this;
    return this.view.criteria.map(function (row) {
      var c = row.criterion;
      var entry = self.entry(row.key) || {status: TODO, justification: "", evidence: "", date: ""};
      return [row.item ? row.item.key : c.id, c.text, c.evidence || (row.item ? row.item.evidence : "") || "", entry.status,
        entry.status === NA ? entry.justification : "", entry.evidence || "", entry.date || "", row.met ? "Oui" : "Non"];
    });
  };

  Dossier.prototype.summaryRows = function () {
    var p = this.project();
    var view = this.view;
    var c = view.counts;
    return [
      ["Projet", p.name], ["Code", p.code || ""], ["Catégorie", this.categories[p.category] || p.category],
      ["Phase en cours", this.phases[p.phase] || p.phase], ["Jalon", view.gate.name],
      ["Décidé par", view.gate.decidedBy || ""], ["Date", frenchDate(today())],
      ["Édition du référentiel", this.edition],
      ["Verdict", view.ready ? "Prêt pour le passage" : "Pas encore prêt"],
      ["Critères de passage atteints", (view.criteria.length - view.unmet.length) + " sur " + view.criteria.length],
      ["Éléments obligatoires", this.mandatoryCounts().replace(/^Éléments obligatoires : /, "")],
      ["Éléments recommandés", plural(c.recommendedDone, "fait") + " sur " + c.recommended]
    ];
  };

  function download(name, blob) {
    var url = URL.createObjectURL(blob);
    var a = el("a", {href: url, download: name, hidden: true});
    document.body.appendChild(a);
    a.click();
    window.setTimeout(function () { URL.revokeObjectURL(url); a.parentNode.removeChild(a); }, 1000);
  }

  // ExcelJS (served by the site, ~1 Mo) is loaded the first time someone exports, once.
  var excelLoading = null;
  function loadExcel(src) {
    if (window.ExcelJS) { return Promise.resolve(window.ExcelJS); }
    if (excelLoading) { return excelLoading; }
    excelLoading = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.addEventListener("load", function () {
        if (window.ExcelJS) { resolve(window.ExcelJS); } else { excelLoading = null; reject(new Error("ExcelJS")); }
      });
      script.addEventListener("error", function () {
        excelLoading = null;
        script.parentNode.removeChild(script);
        reject(new Error("ExcelJS"));
      });
      document.head.appendChild(script);
    });
    return excelLoading;
  }

  function textCell(value) {
    // Excel cells hold 32 767 characters at most.
    return String(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").slice(0, 32767);
  }

  Dossier.prototype.exportXlsx = function (button) {
    var self = this;
    if (!this.project() || !this.view) { return; }
    if (button) { button.setAttribute("aria-busy", "true"); }
    this.announce("Préparation du fichier Excel…");
    loadExcel(this.excelSrc).then(function (ExcelJS) {
      var p = self.project();
      var wb = new ExcelJS.Workbook();
      wb.creator = "Référentiel PMO";
      wb.title = "Dossier de jalon — " + p.name + " — " + self.view.gate.name;
      wb.subject = "Édition " + self.edition;
      var now = new Date();
      wb.created = now;
      wb.modified = now;
      var bold = {bold: true};
      var headerFill = {type: "pattern", pattern: "solid", fgColor: {argb: "FFE8EAF6"}};
      var wrap = {wrapText: true, vertical: "top"};

      var about = wb.addWorksheet("Dossier");
      about.columns = [{width: 30}, {width: 80}];
      self.summaryRows().forEach(function (pair) {
        var r = about.addRow([textCell(pair[0]), textCell(pair[1])]);
        r.getCell(1).font = bold;
        r.alignment = wrap;
      });

      function sheet(name, headers, widths, rows, statusColumn, dateColumn) {
        var ws = wb.addWorksheet(name, {views: [{state: "frozen", ySplit: 1}]});
        ws.columns = headers.map(function (h, i) { return {header: h, width: widths[i]}; });
        var head = ws.getRow(1);
        head.font = bold;
        head.eachCell(function (cell) { cell.fill = headerFill; cell.alignment = {vertical: "middle", wrapText: true}; });
        rows.forEach(function (values) {
          var cells = values.map(function (v, i) {
            return i === dateColumn && v && validDate(v) ? utcDate(v) : textCell(v);
          });
          var r = ws.addRow(cells);
          r.alignment = wrap;
          if (dateColumn >= 0 && values[dateColumn]) { r.getCell(dateColumn + 1).numFmt = "dd/mm/yyyy"; }
        });
        var last = Math.max(2, rows.length + 1);
        ws.autoFilter = {from: {row: 1, column: 1}, to: {row: last, column: headers.length}};
        for (var r = 2; r <= last; r++) {
          ws.getCell(r, statusColumn + 1).dataValidation = {
            type: "list", allowBlank: true, formulae: ["\"" + STATUSES.slice(1).concat([TODO]).join(",") + "\""],
            showErrorMessage: true, errorStyle: "stop", errorTitle: "Statut",
            error: "Choisissez fait, non applicable ou à faire."
          };
        }
        ws.pageSetup.orientation = "landscape";
        ws.pageSetup.printTitlesRow = "1:1";
        return ws;
      }
      sheet("Liste de contrôle", LIST_HEADERS, LIST_WIDTHS, self.listRows(), 9, 12);
      sheet("Critères de passage", CRITERIA_HEADERS, CRITERIA_WIDTHS, self.criteriaRows(), 3, 6);
      return wb.xlsx.writeBuffer();
    }).then(function (buffer) {
      var name = self.fileBase() + ".xlsx";
      download(name, new Blob([buffer], {type: XLSX_TYPE}));
      self.announce("Fichier Excel « " + name + " » téléchargé.");
    }).catch(function () {
      self.announce("L'export Excel a échoué : la bibliothèque ExcelJS n'a pas pu être chargée depuis le site. Essayez l'export CSV.");
    }).then(function () {
      if (button) { button.removeAttribute("aria-busy"); }
    });
  };

  // CSV for a French Excel: UTF-8 with BOM, « ; », CRLF; a cell that Excel would read as a formula stays text.
  function csvCell(value) {
    var text = String(value === null || value === undefined ? "" : value);
    if (FORMULA_STARTS.indexOf(text.charAt(0)) >= 0) { text = "'" + text; }
    return /[";\r\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
  }
  Dossier.prototype.exportCsv = function () {
    if (!this.project() || !this.view) { return; }
    var lines = [LIST_HEADERS].concat(this.listRows()).map(function (row) { return row.map(csvCell).join(";"); });
    var name = this.fileBase() + ".csv";
    download(name, new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], {type: "text/csv;charset=utf-8"}));
    this.announce("Fichier CSV « " + name + " » téléchargé.");
  };

  Dossier.prototype.print = function () {
    this.renderReport();
    this.announce("Impression du rapport de préparation.");
    window.print();
  };

  Dossier.prototype.saveFile = function () {
    var p = this.project();
    if (!p) { return; }
    var file = {schema: SCHEMA, type: FILE_TYPE, edition: this.edition, saved: today(), project: {
      id: p.id, name: p.name, code: p.code, category: p.category, phase: p.phase, gate: p.gate || "",
      created: p.created, updated: p.updated, entries: p.entries
    }};
    var name = "projet-" + slug(p.code || p.name) + ".json";
    download(name, new Blob([JSON.stringify(file, null, 2) + "\n"], {type: "application/json"}));
    this.announce("Projet enregistré dans le fichier « " + name + " ».");
  };

  Dossier.prototype.loadFile = function (input) {
    var self = this;
    var file = input.files && input.files[0];
    if (!file) { return; }
    var refuse = function (problems) {
      var shown = problems.slice(0, 5);
      var text = "Fichier « " + file.name.slice(0, 80) + " » refusé : " + shown.join(" ; ") +
        (problems.length > shown.length ? " ; et " + plural(problems.length - shown.length, "autre problème") : "") + ".";
      self.fileError.textContent = text;
      self.fileError.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.value = "";
      self.announce(text);
    };
    if (file.size > LIMITS.fileBytes) { refuse(["le fichier dépasse 1 Mo"]); return; }
    var reader = new FileReader();
    reader.addEventListener("error", function () { refuse(["le fichier n'a pas pu être lu"]); });
    reader.addEventListener("load", function () {
      var result = checkFile(String(reader.result), self.data);
      if (result.problems.length) { refuse(result.problems); return; }
      var project = result.project;
      var names = self.projectIds().map(function (id) { return self.state.projects[id].name; });
      if (names.indexOf(project.name) >= 0) { project.name = (project.name + " (fichier)").slice(0, LIMITS.name); }
      project.id = own(self.state.projects, project.id) || !project.id ? newId() : project.id;
      project.created = project.created || today();
      project.updated = project.updated || today();
      self.state.projects[project.id] = project;
      self.state.current = project.id;
      var stored = self.save();
      self.fileError.hidden = true;
      input.removeAttribute("aria-invalid");
      input.value = "";
      self.form.hidden = true;
      self.renderAll();
      self.projectSelect.focus();
      var other = result.edition && result.edition !== self.edition ? " Il a été enregistré avec l'édition " + result.edition +
        " du référentiel ; les éléments modifiés depuis sont signalés." : "";
      self.announce("Projet « " + project.name + " » chargé depuis le fichier." + other + (stored ? "" : " Gardé pour cette visite seulement."));
    });
    reader.readAsText(file);
  };

  // --- the printed readiness report ---------------------------------------------------------------------------

  Dossier.prototype.renderReport = function () {
    var self = this;
    var r = this.report;
    clear(r);
    var p = this.project();
    if (!p || !this.view) { return; }
    var view = this.view;
    var c = view.counts;
    var dl = el("dl", {"class": "pmo-dossier__report-meta"});
    [["Projet", p.name, true], ["Code", p.code || "—", true], ["Catégorie", this.categories[p.category] || p.category],
      ["Phase en cours", this.phases[p.phase] || p.phase], ["Jalon", view.gate.name], ["Décidé par", view.gate.decidedBy || "—"],
      ["Date du rapport", frenchDate(today())], ["Référentiel", "édition " + this.edition]].forEach(function (pair) {
      append(dl, [el("dt", {text: pair[0]}), el("dd", pair[2] ? {raw: pair[1]} : {text: pair[1]})]);
    });
    var criteria = el("table", {"class": "pmo-dossier__report-table"}, [
      el("thead", null, el("tr", null, ["Critère", "Preuve attendue", "Statut", "Preuve fournie ou justification"].map(function (h) {
        return el("th", {scope: "col", text: h});
      }))),
      el("tbody", null, view.criteria.map(function (row) {
        var entry = self.entry(row.key);
        var note = entry ? (entry.status === NA ? "Justification : " + entry.justification : entry.evidence) : "";
        return el("tr", null, [
          el("td", null, [el("span", {"class": "pmo-item__id", raw: row.item ? row.item.id : row.criterion.id}), " ", el("span", {text: row.criterion.text})]),
          el("td", {text: row.criterion.evidence || (row.item ? row.item.evidence : "") || "—"}),
          el("td", {text: (row.met ? "✓ Atteint" : "✗ Non atteint") + " (" + STATUS_LABELS[row.status].toLowerCase() + (entry && entry.date ? ", " + frenchDate(entry.date) : "") + ")"}),
          el("td", {raw: note || "—"})
        ]);
      }))
    ]);
    var missing = el("ul", null, view.missing.map(function (row) {
      return el("li", null, [el("span", {"class": "pmo-item__id", raw: row.item.standard + " " + row.item.id}), " ", el("span", {text: row.item.text})]);
    }));
    var nas = view.applicable.filter(function (row) { return row.status === NA; });
    var naList = el("ul", null, nas.map(function (row) {
      var entry = self.entry(row.key);
      return el("li", null, [el("span", {"class": "pmo-item__id", raw: row.item.standard + " " + row.item.id}), " ", el("span", {text: row.item.text}),
        fr(" — justification : "), el("span", {raw: entry ? entry.justification : ""})]);
    }));
    var sign = el("table", {"class": "pmo-dossier__report-sign"}, [
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
      sign
    ]);
  };

  // --- start ------------------------------------------------------------------------------------------------

  Dossier.prototype.showStorageProblem = function (message) {
    if (!this.warning) { this.pendingWarning = message; return; }
    this.warning.textContent = fr(message);
    this.warning.hidden = !message;
  };

  Dossier.prototype.start = function () {
    var imported = this.load();
    this.build();
    if (this.pendingWarning) { this.showStorageProblem(this.pendingWarning); }
    this.renderAll();
    var p = this.project();
    if (imported) {
      this.announce("Vos " + plural(imported, "coche") + " des listes de contrôle " + (imported > 1 ? "ont été reprises" : "a été reprise") +
        " comme « fait » dans le projet « " + p.name + " ».");
    } else if (this.storage.problem) {
      this.announce(this.storage.problem);
    } else {
      this.announce(p ? "Dossier prêt : projet « " + p.name + " »." : "Dossier prêt : créez votre premier projet.");
    }
    this.root.classList.add("is-ready");
  };

  function validData(data) {
    return isObject(data) && data.schema === SCHEMA && Array.isArray(data.categories) && data.categories.length > 0 &&
      Array.isArray(data.phases) && data.phases.length > 0 && Array.isArray(data.gates) && Array.isArray(data.items) &&
      isObject(data.roles) && isObject(data.history || {}) && isObject(data.legacy || {});
  }

  function setup(root) {
    if (root.getAttribute("data-pmo-ready")) { return; }
    root.setAttribute("data-pmo-ready", "1");
    var live = root.querySelector("[data-pmo-live]");
    var say = function (message) { if (live) { live.textContent = fr(message); } };
    var src = root.getAttribute("data-data");
    if (!src || !window.fetch) { say("Le dossier ne peut pas s'afficher : ce navigateur est trop ancien."); return; }
    window.fetch(src, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      if (!validData(data)) {
        say("Les données du référentiel sont dans un format inconnu (schéma " + (isObject(data) ? String(data.schema).slice(0, 10) : "?") + ") : rechargez la page.");
        return;
      }
      data.history = data.history || {};
      data.legacy = data.legacy || {};
      new Dossier(root, data).start();
    }).catch(function () {
      say("Les données du référentiel n'ont pas pu être chargées : vérifiez que le site est bien servi (et non ouvert comme fichier), puis rechargez la page.");
    });
  }

  function init() { each(document.querySelectorAll("[data-pmo-dossier]"), setup); }

  if (window.__pmoDossier) { init(); return; }
  window.__pmoDossier = true;
  // Material's instant navigation replaces the page without reloading scripts.
  if (window.document$ && typeof window.document$.subscribe === "function") { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
