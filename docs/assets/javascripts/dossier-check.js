// « Mon dossier de jalon » (2 of 12): a project is validated field by field before anything of it is used, whether it
// comes from a file (strict: every problem is named, by its path in the file) or from this browser's storage
// (lenient: unknown categories fall back, characters a spreadsheet cannot hold are dropped).
//
// Characters that XML 1.0 forbids (the data's exports.xmlIllegal ranges, from macros/render/files/common.py) would
// make the Excel export unreadable: a file holding one is refused, and text typed here is cleaned of them.
(function () {
  "use strict";
  const PMO = window.PMO;
  const D = PMO.dossier;

  // The saved format (fields, limits, patterns) is the data's « file » (macros/core/gate_file.py): pmo portefeuille
  // checks the files PMs send with the same values and the same messages.
  const LINE_BREAKS = /[\r\n\t]/;

  // A global pattern of the characters in ranges ([[from, to], …] code points); in « u » mode a range of surrogates
  // matches a lone one only, never half of a pair.
  function pattern(ranges) {
    const hex = function (n) { return "\\u{" + Number(n).toString(16) + "}"; };
    return new RegExp("[" + ranges.map(function (r) { return hex(r[0]) + "-" + hex(r[1]); }).join("") + "]", "gu");
  }

  // « 1 ou 2 », « 1, 2 ou 3 ».
  function orList(values) {
    const words = values.map(String);
    return words.length === 1 ? words[0] : words.slice(0, -1).join(", ") + " ou " + words[words.length - 1];
  }

  // Helpers bound to one data file: checkProject, checkFile, clean (text without forbidden characters).
  function Checker(data) {
    this.data = data;
    this.format = data.file;
    this.limits = data.file.limits;
    this.idPattern = new RegExp(data.file.idPattern);
    this.keyPattern = new RegExp(data.file.keyPattern);
    this.fingerprintPattern = new RegExp(data.file.fingerprintPattern);
    this.forbidden = pattern(data.exports.xmlIllegal);
    this.statuses = [data.statuses.todo.id, data.statuses.done.id, data.statuses.na.id];
  }

  Checker.prototype.clean = function (text) {
    return String(text === null || text === undefined ? "" : text).replace(this.forbidden, "");
  };

  // The first forbidden character of text, as « U+FFFE », or "".
  Checker.prototype.firstForbidden = function (text) {
    this.forbidden.lastIndex = 0;
    const m = this.forbidden.exec(text);
    this.forbidden.lastIndex = 0;
    return m ? "U+" + m[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0") : "";
  };

  // {project, problems}: problems lists, in French, every field that is wrong, named by its path.
  Checker.prototype.checkProject = function (input, strict, path) {
    const self = this;
    const data = this.data;
    const LIMITS = this.limits;
    const problems = [];
    const where = function (field) { return "« " + path + field + " »"; };
    if (!PMO.isObject(input)) { return {project: null, problems: [where("") + " : un objet est attendu"]}; }
    Object.keys(input).forEach(function (k) {
      if (self.format.projectFields.indexOf(k) < 0 && strict) { problems.push(where("." + k) + " : champ inconnu"); }
    });
    // A text of min to max characters; in storage, forbidden characters and line breaks are dropped, not refused.
    function text(value, at, min, max, oneLine) {
      if (typeof value !== "string") { problems.push(at + " : un texte est attendu"); return ""; }
      const bad = self.firstForbidden(value);
      if (bad && strict) { problems.push(at + " : caractère interdit (" + bad + ") : un fichier Excel ne peut pas le contenir"); return ""; }
      if (oneLine && LINE_BREAKS.test(value) && strict) { problems.push(at + " : une seule ligne est attendue"); return ""; }
      let clean = self.clean(value);
      if (oneLine) { clean = clean.replace(/[\r\n\t]+/g, " "); }
      if (clean.trim().length < min) { problems.push(at + " : ne peut pas être vide"); return ""; }
      if (clean.length > max) { problems.push(at + " : " + max + " caractères au plus (" + clean.length + " ici)"); return ""; }
      return clean;
    }
    const project = {
      id: "", name: text(input.name, where(".name"), 1, LIMITS.name, true).trim(),
      code: input.code === undefined ? "" : text(input.code, where(".code"), 0, LIMITS.code, true).trim(),
      category: "", phase: "", gate: "", created: "", updated: "", characteristics: null, entries: Object.create(null)
    };
    if (input.id !== undefined) {
      if (typeof input.id !== "string" || !self.idPattern.test(input.id)) {
        problems.push(where(".id") + " : identifiant invalide (lettres, chiffres, « - » et « _ », 64 au plus, d'abord une lettre ou un chiffre)");
      } else { project.id = input.id; }
    }
    const categories = data.categories.map(function (c) { return c.id; });
    if (typeof input.category !== "string") { problems.push(where(".category") + " : un texte est attendu"); }
    else if (categories.indexOf(input.category) >= 0) { project.category = input.category; }
    else if (strict) { problems.push(where(".category") + " : catégorie inconnue « " + input.category.slice(0, 40) + " » (attendu : " + categories.join(", ") + ")"); }
    else { project.category = data["default"]; }
    const phases = data.phases.map(function (p) { return p.id; });
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
      if (typeof input[field] !== "string" || !PMO.validDate(input[field])) { problems.push(where("." + field) + " : date AAAA-MM-JJ attendue"); }
      else { project[field] = input[field]; }
    });
    project.characteristics = this.checkCharacteristics(input.characteristics, strict, where, problems);
    let entries = input.entries === undefined ? {} : input.entries;
    if (!PMO.isObject(entries)) { problems.push(where(".entries") + " : un objet est attendu"); entries = {}; }
    let names = Object.keys(entries);
    if (names.length > LIMITS.entries) { problems.push(where(".entries") + " : " + LIMITS.entries + " éléments au plus"); names = []; }
    names.forEach(function (key) {
      const at = function (sub) { return where(".entries[\"" + key.slice(0, 60) + "\"]" + (sub || "")); };
      if (!self.keyPattern.test(key)) { problems.push(at() + " : clé invalide (attendu « standard#élément » ou « jalon#critère »)"); return; }
      const entry = self.checkEntry(entries[key], strict, at, problems);
      if (entry) { project.entries[key] = entry; }
    });
    return {project: problems.length ? null : project, problems: problems};
  };

  // The answers {id: true | false | null (asked, not answered)}, or null (no field, or null) while the project manager
  // was not asked. An id this référentiel does not know is kept (a file of another edition). In storage, a wrong
  // answer is dropped: asked again.
  Checker.prototype.checkCharacteristics = function (raw, strict, where, problems) {
    const self = this;
    if (raw === undefined || raw === null) { return null; }
    if (!PMO.isObject(raw)) {
      if (strict) { problems.push(where(".characteristics") + " : un objet est attendu"); }
      return null;
    }
    const ids = Object.keys(raw);
    if (ids.length > this.limits.characteristics) {
      if (strict) { problems.push(where(".characteristics") + " : " + this.limits.characteristics + " caractéristiques au plus"); }
      return null;
    }
    const found = Object.create(null);
    ids.forEach(function (id) {
      const at = where(".characteristics[\"" + id.slice(0, 40) + "\"]");
      if (!self.idPattern.test(id)) {
        if (strict) { problems.push(at + " : identifiant de caractéristique invalide"); }
      } else if (typeof raw[id] !== "boolean" && raw[id] !== null) {
        if (strict) { problems.push(at + " : true, false ou null attendu"); }
      } else {
        found[id] = raw[id];
      }
    });
    return found;
  };

  Checker.prototype.checkEntry = function (entry, strict, at, problems) {
    const self = this;
    if (!PMO.isObject(entry)) { problems.push(at() + " : un objet est attendu"); return null; }
    const LIMITS = this.limits;
    const unknown = Object.keys(entry).filter(function (k) { return self.format.entryFields.indexOf(k) < 0; });
    if (unknown.length && strict) { problems.push(at() + " : champ inconnu « " + unknown[0].slice(0, 40) + " »"); return null; }
    if (this.statuses.indexOf(entry.status) < 0) {
      problems.push(at(".status") + " : statut inconnu (attendu : " + this.statuses.map(function (s) { return "« " + s + " »"; }).join(", ") + ")");
      return null;
    }
    const clean = {status: entry.status, justification: "", evidence: "", date: "", fingerprint: ""};
    let ok = true;
    ["justification", "evidence"].forEach(function (field) {
      const value = entry[field];
      if (value === undefined) { return; }
      if (typeof value !== "string" || value.length > LIMITS.text) {
        problems.push(at("." + field) + " : texte de " + LIMITS.text + " caractères au plus attendu");
        ok = false;
        return;
      }
      const bad = self.firstForbidden(value);
      if (bad && strict) {
        problems.push(at("." + field) + " : caractère interdit (" + bad + ") : un fichier Excel ne peut pas le contenir");
        ok = false;
        return;
      }
      clean[field] = self.clean(value);
    });
    if (entry.status === this.data.statuses.na.id && !clean.justification.trim()) {
      problems.push(at() + " : un élément « " + entry.status + " » doit avoir sa justification");
      ok = false;
    }
    if (entry.date !== undefined && entry.date !== "") {
      if (typeof entry.date !== "string" || !PMO.validDate(entry.date)) { problems.push(at(".date") + " : date AAAA-MM-JJ attendue"); ok = false; }
      else { clean.date = entry.date; }
    }
    if (entry.fingerprint !== undefined) {
      if (typeof entry.fingerprint !== "string" || !this.fingerprintPattern.test(entry.fingerprint)) {
        problems.push(at(".fingerprint") + " : empreinte invalide");
        ok = false;
      } else { clean.fingerprint = entry.fingerprint; }
    }
    return ok ? clean : null;
  };

  // A saved project file: {schema, type, edition, saved, project}; returns {problems, project, edition}.
  Checker.prototype.checkFile = function (text) {
    const file = this.data.file;
    let parsed;
    try { parsed = JSON.parse(text); } catch (e) { return {problems: ["ce n'est pas un fichier JSON lisible"]}; }
    if (!PMO.isObject(parsed)) { return {problems: ["un objet JSON est attendu"]}; }
    const problems = [];
    Object.keys(parsed).forEach(function (k) {
      if (file.fields.indexOf(k) < 0) { problems.push("champ inconnu « " + k.slice(0, 40) + " »"); }
    });
    if (parsed.type !== file.type) { problems.push("« type » : « " + file.type + " » attendu (ce n'est pas un dossier de jalon)"); }
    // An older format is read and brought to the current one (checkProject: no characteristics yet, asked once).
    if (file.readable.indexOf(parsed.schema) < 0) {
      problems.push("« schema » : version " + orList(file.readable) + " attendue" +
        (typeof parsed.schema === "number" ? " (le fichier est en version " + parsed.schema + ")" : ""));
    }
    if (parsed.edition !== undefined && (typeof parsed.edition !== "string" || parsed.edition.length > file.limits.edition ||
        this.firstForbidden(parsed.edition))) {
      problems.push("« edition » : texte court attendu");
    }
    if (parsed.saved !== undefined && (typeof parsed.saved !== "string" || !PMO.validDate(parsed.saved))) {
      problems.push("« saved » : date AAAA-MM-JJ attendue");
    }
    if (problems.length) { return {problems: problems}; }
    const checked = this.checkProject(parsed.project, true, "project");
    return {problems: checked.problems, project: checked.project, edition: parsed.edition || ""};
  };

  D.Checker = Checker;
})();
