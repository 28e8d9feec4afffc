// « Mon dossier de jalon » (1 of 12, see macros/render/scripts.py): the projects kept in this browser's storage.
//
// Under the key the data names (storage.key, from macros/core/storage_keys.py):
//   {schema, projects: {id: Project}, current: id|null, migrated: true}
//   Project = {id, name, code, category, phase, gate, created, updated, characteristics: {id: bool|null}|null, entries: {key: Entry}}
//   Entry   = {status, justification, evidence, date: "AAAA-MM-JJ", fingerprint}
// An entry is keyed by "<standard id>#<item id>" (never the version, so an unchanged item carries over to the next
// version) or "<gate id>#<criterion id>" for a criterion of its own.
//
// A state of an older schema still listed as readable (storage.readable) is read as it is, and its projects brought to
// the current format one by one (dossier-check.js): it is written back in the current schema at the next change.
// Nothing already stored is lost: a state this version cannot read is set aside under storage.asidePrefix plus the
// moment it was found, a new key each time (never one that exists); a state written by a newer version of the site
// is left as it is and this visit works in memory; a full or blocked storage is said on the page.
(function () {
  "use strict";
  const PMO = window.PMO;
  const D = PMO.dossier = PMO.dossier || {};

  const MESSAGES = {
    disabled: "Ce navigateur n'autorise pas l'enregistrement local : vos saisies valent pour cette visite " +
      "seulement. Enregistrez le projet dans un fichier (.json) pour le garder.",
    full: "L'espace de stockage de ce navigateur est plein : la dernière modification n'a pas pu être " +
      "enregistrée et ne vaut que pour cette visite ; ce qui était déjà enregistré est conservé. Enregistrez " +
      "le projet dans un fichier (.json), puis libérez de la place.",
    newer: "Vos dossiers ont été enregistrés par une version plus récente du site : ils sont conservés tels " +
      "quels et rien n'est modifié dans ce navigateur pendant cette visite.",
    stuck: "Les dossiers enregistrés dans ce navigateur sont illisibles et n'ont pas pu être mis à part (stockage " +
      "plein ?) : ils sont laissés tels quels et rien n'est modifié dans ce navigateur pendant cette visite."
  };

  // keys: the data's storage part {key, asidePrefix, legacyPrefix, schema, readable}; onProblem(message, kind) shows a problem
  // ("" when it is over).
  function Store(keys, onProblem) {
    this.keys = keys;
    this.onProblem = onProblem;
    this.available = true;   // false once the browser refused storage: this visit works in memory
    this.frozen = false;     // stored data we must not overwrite (newer schema, or unreadable and not set aside)
    this.problem = "";
    this.problemKind = "";
    this.setAsideNow = "";   // the key this visit set an unreadable state aside under, if any
  }

  Store.prototype.fail = function (kind) {
    this.problemKind = kind;
    this.problem = MESSAGES[kind];
    this.onProblem(this.problem, kind);
  };

  // {state, legacy, frozen}: the stored state (null when there is none, or none usable) and the old ticks found.
  Store.prototype.read = function () {
    const got = PMO.storage.get(this.keys.key);
    if (!got.ok) {
      this.available = false;
      this.fail("disabled");
      return {state: null, legacy: []};
    }
    const raw = got.value;
    if (raw === null) { return {state: null, legacy: this.legacyTicks()}; }
    let parsed = null;
    try { parsed = JSON.parse(raw); } catch (e) { parsed = null; }
    if (PMO.isObject(parsed) && typeof parsed.schema === "number" && parsed.schema > this.keys.schema) {
      this.frozen = true;
      this.fail("newer");
      return {state: null, legacy: [], frozen: true};
    }
    if (!PMO.isObject(parsed) || this.keys.readable.indexOf(parsed.schema) < 0 || !PMO.isObject(parsed.projects)) {
      const aside = this.setAside(raw);
      if (aside) {
        this.setAsideNow = aside;
      } else {
        this.frozen = true;
        this.fail("stuck");
        return {state: null, legacy: [], frozen: true};
      }
      return {state: null, legacy: []};
    }
    return {state: parsed, legacy: []};
  };

  // Sets raw aside under a key of its own: the prefix, « : » and the moment (ISO 8601, UTC), « -2 », « -3 »… if that
  // moment is taken. Returns the key, or "" when the browser refused to write it.
  Store.prototype.setAside = function (raw) {
    const base = this.keys.asidePrefix + ":" + new Date().toISOString();
    let key = base;
    for (let n = 2; PMO.storage.get(key).value !== null; n++) { key = base + "-" + n; }
    return PMO.storage.set(key, raw).ok ? key : "";
  };

  // Every state set aside in this browser, oldest first: [{key, value, when}] (when is "" for a key without a moment).
  Store.prototype.asideStates = function () {
    const prefix = this.keys.asidePrefix;
    return PMO.storage.keys(prefix).map(function (key) {
      const rest = key.slice(prefix.length);
      const moment = /^:(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(rest);
      return {key: key, value: PMO.storage.get(key).value, when: moment ? moment[1] + " " + moment[2] + ":" + moment[3] : ""};
    }).filter(function (s) { return s.value !== null && (s.key === prefix || s.key.charAt(prefix.length) === ":"); });
  };

  // Removes the states set aside (after the user asked twice); true when every key is gone.
  Store.prototype.dropAside = function (keys) {
    return keys.map(function (key) { return PMO.storage.remove(key); }).every(Boolean);
  };

  // The tick keys of checklist.js found in this browser, without their prefix (« PMO-STD-801@1.0.0#ACT-01 »).
  Store.prototype.legacyTicks = function () {
    const prefix = this.keys.legacyPrefix;
    return PMO.storage.keys(prefix).filter(function (key) { return PMO.storage.get(key).value === "1"; })
      .map(function (key) { return key.slice(prefix.length); });
  };

  // True when the state is in localStorage; false when it lasts for this visit only.
  Store.prototype.write = function (state) {
    if (!this.available || this.frozen) { return false; }
    const done = PMO.storage.set(this.keys.key, JSON.stringify(state));
    if (done.ok) {
      if (this.problemKind === "full") { this.problemKind = ""; this.problem = ""; this.onProblem("", "ok"); }
      return true;
    }
    if (!done.full) { this.available = false; }
    this.fail(done.full ? "full" : "disabled");
    return false;
  };

  D.Store = Store;
})();
