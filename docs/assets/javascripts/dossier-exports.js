// « Mon dossier de jalon » (10 of 12): the gate's dossier as Excel (.xlsx, with ExcelJS, served by the site and loaded
// on the first export) and as CSV for a French Excel. Sheets, columns (header, width, order), status labels, the
// characters that make a cell a formula and those XML 1.0 forbids all come from the data's « exports »
// (macros/render/files/gate_file.py); this script only fills each column by its id. An unknown id is read from the
// item's « cells », so Python alone can add a column.
(function () {
  "use strict";
  const PMO = window.PMO;
  const Dossier = PMO.dossier.Dossier;
  const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  const YES = "Oui", NO = "Non";

  Dossier.prototype.fileBase = function () {
    const p = this.project();
    const gate = this.currentGate();
    return "dossier-" + Dossier.slug(p.code || p.name) + (gate ? "-" + Dossier.slug(gate.id) : "");
  };

  // An http(s) address written out in full, for a hyperlink in a spreadsheet (a relative one means nothing there).
  function absoluteUrl(text) {
    const value = String(text || "").trim();
    if (!value || /\s/.test(value)) { return ""; }
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : "";
    } catch (e) { return ""; }
  }

  // The value of one column for one line: {value, kind} where kind is "text", "date", "url", "status" or "met".
  Dossier.prototype.cell = function (column, row, criterion) {
    const item = row.item;
    const entry = this.entry(row.key) || {status: this.TODO, justification: "", evidence: "", date: ""};
    const id = column.id;
    if (id === "status") { return {kind: "status", value: this.statusLabel(entry.status)}; }
    if (id === "justification") { return {kind: "text", value: entry.status === this.NA ? entry.justification : ""}; }
    if (id === "evidence") { return {kind: absoluteUrl(entry.evidence) ? "url" : "text", value: entry.evidence || ""}; }
    if (id === "date") { return {kind: "date", value: entry.date || ""}; }
    if (id === "met") { return {kind: "met", value: row.met ? YES : NO}; }
    if (criterion) {
      if (id === "criterion") { return {kind: "text", value: row.criterion.text}; }
      if (id === "reference") { return {kind: "text", value: item ? item.id + " — " + this.standardLabel(item.standard) + " v" + item.version : "Critère propre au jalon"}; }
      if (id === "expected") { return {kind: "text", value: row.criterion.evidence || (item ? item.evidence : "") || ""}; }
    } else {
      const category = this.project().category;
      const known = {
        standard: item.standard, version: item.version, item: item.id, phase: this.phases[item.phase] || item.phase,
        level: this.levelText(item, row.level, category), characteristics: this.itemAnswers(item, this.project()), text: item.text,
        template: item.template ? item.template.title : "", expected: item.evidence || ""
      };
      if (PMO.own(known, id)) { return {kind: "text", value: known[id]}; }
    }
    const extra = item && PMO.isObject(item.cells) && PMO.own(item.cells, id) ? item.cells[id] : "";
    return {kind: "text", value: extra === null || extra === undefined ? "" : String(extra)};
  };

  Dossier.prototype.sheetRows = function (part) {
    const self = this;
    const criterion = part === "criteria";
    const columns = this.data.exports[part].columns;
    return (criterion ? this.view.criteria : this.view.applicable).map(function (row) {
      return columns.map(function (column) { return self.cell(column, row, criterion); });
    });
  };

  // The « Dossier » sheet: the project, each of its characteristics with its answer, the gate and its verdict.
  Dossier.prototype.summaryRows = function () {
    const self = this;
    const p = this.project();
    const view = this.view;
    const c = view.counts;
    return [
      ["Projet", p.name], ["Code", p.code || ""], ["Catégorie", this.categories[p.category] || p.category]
    ].concat(this.traits(p).map(function (t) { return [t.name, self.answerLabel(t.value)]; }), [
      ["Phase en cours", this.phases[p.phase] || p.phase], ["Jalon", view.gate.name],
      ["Décidé par", this.decider(view.gate, p)], ["Date", PMO.frenchDate(PMO.today())],
      ["Édition du référentiel", this.edition],
      ["Verdict", view.ready ? "Prêt pour le passage" : "Pas encore prêt"],
      ["Critères de passage atteints", (view.criteria.length - view.unmet.length) + " sur " + view.criteria.length],
      ["Éléments obligatoires", this.mandatoryCounts().replace(/^Éléments obligatoires : /, "")],
      ["Éléments recommandés", PMO.plural(c.recommendedDone, "fait") + " sur " + c.recommended]
    ]);
  };

  // ExcelJS (served by the site, ~1 Mo) is loaded the first time someone exports, once.
  let excelLoading = null;
  function loadExcel(src) {
    if (window.ExcelJS) { return Promise.resolve(window.ExcelJS); }
    if (excelLoading) { return excelLoading; }
    excelLoading = new Promise(function (resolve, reject) {
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.addEventListener("load", function () {
        if (window.ExcelJS) { resolve(window.ExcelJS); } else { excelLoading = null; reject(new Error("ExcelJS absent du fichier chargé")); }
      });
      script.addEventListener("error", function () {
        excelLoading = null;
        script.remove();
        reject(new Error("fichier " + src.split("/").pop() + " introuvable ou illisible"));
      });
      document.head.appendChild(script);
    });
    return excelLoading;
  }

  // Text as a cell holds it: no character XML 1.0 forbids, at most the cell limit.
  Dossier.prototype.cellText = function (value) {
    return this.check.clean(value).slice(0, this.data.exports.cellLimit);
  };

  Dossier.prototype.workbook = function (ExcelJS) {
    const self = this;
    const ex = this.data.exports;
    const p = this.project();
    const wb = new ExcelJS.Workbook();
    wb.creator = "Référentiel PMO";
    wb.title = this.cellText("Dossier de jalon — " + p.name + " — " + this.view.gate.name);
    wb.subject = "Édition " + this.edition;
    wb.created = wb.modified = new Date();
    const bold = {bold: true};
    const headerFill = {type: "pattern", pattern: "solid", fgColor: {argb: "FFDDEBF7"}};
    const wrap = {wrapText: true, vertical: "top"};
    const labels = ex.statusLabels;
    const statusList = [this.TODO, this.DONE, this.NA].map(function (s) { return labels[s]; });

    const about = wb.addWorksheet(ex.summarySheet);
    about.columns = [{width: 30}, {width: 80}];
    this.summaryRows().forEach(function (pair) {
      const r = about.addRow([self.cellText(pair[0]), self.cellText(pair[1])]);
      r.getCell(1).font = bold;
      r.alignment = wrap;
    });

    function sheet(part) {
      const spec = ex[part];
      const ws = wb.addWorksheet(spec.sheet, {views: [{state: "frozen", ySplit: 1}]});
      // A column style makes ExcelJS write every width, 9 included (it takes 9 for its default and drops it).
      ws.columns = spec.columns.map(function (c) { return {header: c.header, key: c.id, width: c.width, style: {alignment: wrap}}; });
      const head = ws.getRow(1);
      head.font = bold;
      head.eachCell(function (cell) { cell.fill = headerFill; cell.alignment = {vertical: "middle", wrapText: true}; });
      const statusAt = spec.columns.findIndex(function (c) { return c.id === "status"; }) + 1;
      const statusLetter = statusAt ? ws.getColumn(statusAt).letter : "";
      const rows = self.sheetRows(part);
      rows.forEach(function (cells, index) {
        const r = ws.getRow(index + 2);
        cells.forEach(function (c, i) {
          const cell = r.getCell(i + 1);
          if (c.kind === "date" && c.value && PMO.validDate(c.value)) {
            const d = c.value.split("-");
            cell.value = new Date(Date.UTC(+d[0], +d[1] - 1, +d[2]));
            cell.numFmt = "dd/mm/yyyy";
          } else if (c.kind === "url") {
            const text = self.cellText(c.value);
            cell.value = {text: text, hyperlink: absoluteUrl(text)};
            cell.font = {color: {argb: "FF0645AD"}, underline: true};
          } else if (c.kind === "met" && statusLetter) {
            // « Atteint » follows the status, also when it is changed in Excel.
            cell.value = {formula: "IF(" + statusLetter + (index + 2) + "=\"" + labels[self.DONE].replace(/"/g, "\"\"") + "\",\"" + YES + "\",\"" + NO + "\")", result: c.value};
          } else {
            cell.value = self.cellText(c.value);
          }
        });
        r.alignment = wrap;
      });
      const last = Math.max(2, rows.length + 1);
      ws.autoFilter = {from: {row: 1, column: 1}, to: {row: last, column: spec.columns.length}};
      if (statusAt) {
        for (let r = 2; r <= last; r++) {
          ws.getCell(r, statusAt).dataValidation = {
            type: "list", allowBlank: true, formulae: ["\"" + statusList.join(",") + "\""],
            showErrorMessage: true, errorStyle: "stop", errorTitle: "Statut", error: "Choisissez " + statusList.join(", ") + "."
          };
        }
      }
      ws.pageSetup.orientation = "landscape";
      ws.pageSetup.printTitlesRow = "1:1";
    }
    sheet("list");
    sheet("criteria");
    return wb;
  };

  // Each step says what failed: loading the library, writing the file, or handing it to the browser.
  Dossier.prototype.exportXlsx = function (button) {
    const self = this;
    if (!this.project() || !this.view) { return; }
    this.flush();
    if (button) { button.setAttribute("aria-busy", "true"); }
    this.announce("Préparation du fichier Excel…");
    let step = "load";
    loadExcel(this.excelSrc).then(function (ExcelJS) {
      step = "write";
      return self.workbook(ExcelJS).xlsx.writeBuffer();
    }).then(function (buffer) {
      step = "download";
      const name = self.fileBase() + ".xlsx";
      PMO.download(name, new Blob([buffer], {type: XLSX_TYPE}));
      self.announce("Fichier Excel « " + name + " » téléchargé.");
    }).catch(function (error) {
      const reason = String(error && error.message ? error.message : error).slice(0, 160);
      const what = {
        load: "la bibliothèque ExcelJS n'a pas pu être chargée depuis le site (" + reason + ")",
        write: "le fichier n'a pas pu être préparé (" + reason + ")",
        download: "le navigateur n'a pas accepté le téléchargement (" + reason + ")"
      }[step];
      self.announce("L'export Excel a échoué : " + what + ". Essayez l'export CSV.");
    }).then(function () {
      if (button) { button.removeAttribute("aria-busy"); }
    });
  };

  // CSV for a French Excel: UTF-8 with BOM, « ; », CRLF; a cell that Excel would read as a formula stays text.
  Dossier.prototype.csvCell = function (value) {
    let text = this.check.clean(value === null || value === undefined ? "" : value);
    if (this.data.exports.formulaStarts.indexOf(text.charAt(0)) >= 0) { text = "'" + text; }
    return /[";\r\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
  };
  Dossier.prototype.exportCsv = function () {
    const self = this;
    if (!this.project() || !this.view) { return; }
    this.flush();
    const headers = this.data.exports.list.columns.map(function (c) { return c.header; });
    const rows = this.sheetRows("list").map(function (cells) { return cells.map(function (c) { return c.value; }); });
    const lines = [headers].concat(rows).map(function (row) { return row.map(function (v) { return self.csvCell(v); }).join(";"); });
    const name = this.fileBase() + ".csv";
    PMO.download(name, new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], {type: "text/csv;charset=utf-8"}));
    this.announce("Fichier CSV « " + name + " » téléchargé.");
  };

  Dossier.prototype.print = function () {
    this.flush();
    this.renderReport();
    this.announce("Impression du rapport de préparation.");
    window.print();
  };
})();
