// What every script of the site shares, loaded first on each page that has one (macros/render/scripts.py):
// start-up, browser storage that says so when it is blocked, elements built without HTML, French typography and dates,
// the data a page hands to its script. Everything lives under window.PMO; nothing here knows a storage key, a label
// of the référentiel or a column: those come from the JSON that Python writes for each page.
(function () {
  "use strict";
  if (window.PMO) { return; }

  const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre"];

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
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
    const d = new Date();
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }
  function validDate(text) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) { return false; }
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }
  // « 15 janvier 2026 », « 1er mars 2026 ».
  function frenchDate(iso) {
    if (!iso || !validDate(String(iso).slice(0, 10))) { return ""; }
    const p = String(iso).slice(0, 10).split("-");
    const day = +p[2];
    return (day === 1 ? "1er" : String(day)) + "\u00a0" + MONTHS[+p[1] - 1] + "\u00a0" + p[0];
  }
  // « 15/01/2026 », as the quizzes and the attestation write a date.
  function shortDate(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : "";
  }

  // An element; "text" is site or data text (French typography applied), "raw" is a user's text, shown as typed.
  // Handlers are attached with addEventListener: no attribute ever holds code.
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        const value = attrs[name];
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
    (Array.isArray(children) ? children : [children]).forEach(function (child) {
      if (child === null || child === undefined || child === false) { return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(fr(child)) : child);
    });
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function download(name, blob) {
    const url = URL.createObjectURL(blob);
    const a = el("a", {href: url, download: name, hidden: true});
    document.body.appendChild(a);
    a.click();
    window.setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  }

  // The JSON a page holds in <script type="application/json" id="…">, or null.
  function pageData(id) {
    const holder = document.getElementById(id);
    if (!holder) { return null; }
    try { return JSON.parse(holder.textContent); } catch (e) { return null; }
  }

  // --- browser storage ---------------------------------------------------------------------------------------

  // localStorage when the browser allows it. A blocked storage (private modes, « block all site data », a policy)
  // throws on access: every call here catches it, reports {ok: false}, and the script says so on the page.
  const storage = {
    area: function () {
      try {
        const ls = window.localStorage;
        if (!ls) { return null; }
        return ls;
      } catch (e) {
        return null;
      }
    },
    works: function () {
      const ls = storage.area();
      if (!ls) { return false; }
      try { ls.getItem("pmo:essai"); return true; } catch (e) { return false; }
    },
    // {ok, value}: value is the stored string or null.
    get: function (key) {
      const ls = storage.area();
      if (!ls) { return {ok: false, value: null}; }
      try { return {ok: true, value: ls.getItem(key)}; } catch (e) { return {ok: false, value: null}; }
    },
    // {ok, full}: full when the browser refused for lack of space.
    set: function (key, value) {
      const ls = storage.area();
      if (!ls) { return {ok: false, full: false}; }
      try {
        ls.setItem(key, value);
        return {ok: true, full: false};
      } catch (e) {
        return {ok: false, full: !!e && (e.name === "QuotaExceededError" || e.name === "NS_ERROR_DOM_QUOTA_REACHED" || e.code === 22)};
      }
    },
    remove: function (key) {
      const ls = storage.area();
      if (!ls) { return false; }
      try { ls.removeItem(key); return true; } catch (e) { return false; }
    },
    // Every key that starts with prefix, sorted; [] when storage is blocked.
    keys: function (prefix) {
      const ls = storage.area();
      const found = [];
      if (!ls) { return found; }
      try {
        for (let i = 0; i < ls.length; i++) {
          const key = ls.key(i);
          if (key !== null && key.indexOf(prefix) === 0) { found.push(key); }
        }
      } catch (e) { return []; }
      return found.sort();
    }
  };

  // A visible message, once, just before `anchor`: what this browser does not keep. role="status" so that a
  // screen reader hears it too, without moving the focus.
  function storageWarning(anchor, message) {
    if (!anchor || !anchor.parentNode) { return null; }
    const previous = anchor.previousElementSibling;
    if (previous && previous.hasAttribute("data-pmo-storage-warning")) { return previous; }
    const note = el("p", {"class": "pmo-storage-warning", role: "status", "data-pmo-storage-warning": true, text: message});
    anchor.parentNode.insertBefore(note, anchor);
    return note;
  }

  // Start-up: after the document is parsed; with Material's instant navigation (document$), on every page it
  // brings in without reloading the scripts. `init` must therefore leave alone what it already set up.
  function ready(init) {
    if (window.document$ && typeof window.document$.subscribe === "function") { window.document$.subscribe(function () { init(); }); }
    else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", function () { init(); }); }
    else { init(); }
  }

  window.PMO = {
    own: own, isObject: isObject, each: each, plural: plural, fr: fr, today: today, validDate: validDate,
    frenchDate: frenchDate, shortDate: shortDate, el: el, append: append, clear: clear, download: download,
    pageData: pageData, storage: storage, storageWarning: storageWarning, ready: ready
  };
})();
