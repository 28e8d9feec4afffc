// Onboarding quizzes and « Mon parcours »: correction, feedback and progress kept in this browser.
//
// Why our own script rather than mkdocs-quiz (evaluated first): mkdocs-quiz saves progress under
// "quiz_progress_" + window.location.pathname, each question keyed by the id the plugin gives it from
// its place on the page. Moving the site under another URL prefix therefore loses every answer, and
// inserting or reordering a question can hand old answers to the wrong question. Its questions live
// inside Markdown pages, so they cannot be checked as data (covered checklist items, stale questions
// after a new edition); its answer section is revealed only by its script, so nothing is readable
// without JavaScript; and it has neither a pass mark per quiz nor a path spanning several pages.
//
// Here a quiz's record lives under localStorage["pmo:quiz:<quiz id>"] as
//   {answers: {questionId: [choiceIds]}, passed: bool, score: 0..100, date: "AAAA-MM-JJ", edition}
// keyed only by the stable ids of quizzes/<id>.yaml: never a URL, never a position.
// Everything is native form controls and buttons, so the keyboard alone is enough.
(function () {
  "use strict";
  var PREFIX = "pmo:quiz:";
  var OK = "✓";
  var KO = "✗";

  function load(quizId) {
    try {
      var raw = window.localStorage.getItem(PREFIX + quizId);
      var record = raw ? JSON.parse(raw) : null;
      return record && typeof record === "object" && record.answers && typeof record.answers === "object" ? record : null;
    } catch (e) { return null; }
  }
  function save(quizId, record) {
    try { window.localStorage.setItem(PREFIX + quizId, JSON.stringify(record)); }
    catch (e) { /* storage disabled: the result lasts for this visit only */ }
  }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function frenchDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : "";
  }
  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }
  function shuffled(list) {
    var copy = list.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = copy[i]; copy[i] = copy[j]; copy[j] = t;
    }
    return copy;
  }
  function sameSet(a, b) {
    if (a.length !== b.length) { return false; }
    var sa = a.slice().sort(), sb = b.slice().sort();
    for (var i = 0; i < sa.length; i++) { if (sa[i] !== sb[i]) { return false; } }
    return true;
  }

  // --- a quiz page -------------------------------------------------------------------------

  function setupQuiz(root, data) {
    var form = root.querySelector("form[data-pmo-quiz-form]");
    if (!form || form.getAttribute("data-pmo-ready")) { return; }
    form.setAttribute("data-pmo-ready", "1");
    var byId = {};
    data.questions.forEach(function (q) { byId[q.id] = q; });
    var fieldsets = {};
    each(form.querySelectorAll("fieldset[data-pmo-question]"), function (fs) { fieldsets[fs.getAttribute("data-pmo-question")] = fs; });
    var result = root.querySelector("[data-pmo-result]");
    var submit = root.querySelector("[data-pmo-submit]");
    var retry = root.querySelector("[data-pmo-retry]");
    var asked = [];

    function inputs(fs) { return fs.querySelectorAll("input[type=radio], input[type=checkbox]"); }
    function chosen(qid) {
      var ids = [];
      each(inputs(fieldsets[qid]), function (input) { if (input.checked) { ids.push(input.value); } });
      return ids;
    }
    function isRight(qid, ids) { return ids.length > 0 && sameSet(ids, byId[qid].correct); }

    function clearFeedback(fs) {
      var feedback = fs.querySelector("[data-pmo-feedback]");
      feedback.textContent = "";
      feedback.className = "pmo-quiz__feedback";
      each(fs.querySelectorAll("[data-pmo-mark]"), function (m) { m.textContent = ""; m.className = "pmo-quiz__mark"; });
      each(fs.querySelectorAll("[data-pmo-choice-feedback]"), function (f) { f.hidden = true; });
      var answer = fs.querySelector("[data-pmo-answer]");
      // The answer stays out of sight while the question is unanswered; without JavaScript it is always there.
      if (answer) { answer.open = false; answer.hidden = true; }
    }

    // Choose the questions of this attempt (all, or a draw) and the order of their choices.
    function prepare(keep) {
      var ids = data.questions.map(function (q) { return q.id; }).filter(function (id) { return fieldsets[id]; });
      if (keep && keep.length) {
        asked = ids.filter(function (id) { return keep.indexOf(id) >= 0; });
        var missing = ids.filter(function (id) { return keep.indexOf(id) < 0; });
        // Questions added since the record: a draw tops up to its size, a full quiz asks them all.
        var room = data.draw ? Math.max(0, data.draw - asked.length) : missing.length;
        asked = asked.concat(shuffled(missing).slice(0, room));
      } else if (data.draw && data.draw < ids.length) {
        asked = shuffled(ids).slice(0, data.draw);
      } else {
        asked = ids;
      }
      var n = 0;
      ids.forEach(function (id) {
        var fs = fieldsets[id];
        var on = asked.indexOf(id) >= 0;
        fs.hidden = !on;
        each(inputs(fs), function (input) { input.disabled = !on; });
        if (on) {
          n += 1;
          var number = fs.querySelector("[data-pmo-number]");
          if (number) { number.textContent = "Question " + n + " sur " + asked.length + "."; }
        }
        if (data.shuffle) {
          var list = fs.querySelector("ul");
          shuffled(Array.prototype.slice.call(list.children)).forEach(function (li) { list.appendChild(li); });
        }
        clearFeedback(fs);
      });
    }

    function showQuestion(qid, ids) {
      var fs = fieldsets[qid];
      var right = isRight(qid, ids);
      var feedback = fs.querySelector("[data-pmo-feedback]");
      feedback.textContent = ids.length === 0 ? KO + " Sans réponse." : right ? OK + " Bonne réponse." : KO + " Réponse incorrecte.";
      feedback.className = "pmo-quiz__feedback " + (right ? "is-right" : "is-wrong");
      each(fs.querySelectorAll("li[data-pmo-choice]"), function (li) {
        var cid = li.getAttribute("data-pmo-choice");
        var mark = li.querySelector("[data-pmo-mark]");
        var good = byId[qid].correct.indexOf(cid) >= 0;
        var picked = ids.indexOf(cid) >= 0;
        if (good) { mark.textContent = " " + OK + " bonne réponse"; mark.className = "pmo-quiz__mark is-right"; }
        else if (picked) { mark.textContent = " " + KO + " votre réponse, incorrecte"; mark.className = "pmo-quiz__mark is-wrong"; }
        var choiceFeedback = li.querySelector("[data-pmo-choice-feedback]");
        if (choiceFeedback && picked) { choiceFeedback.hidden = false; }
      });
      var answer = fs.querySelector("[data-pmo-answer]");
      if (answer) { answer.hidden = false; answer.open = !right; }
      return right;
    }

    function lock(locked) {
      asked.forEach(function (qid) { each(inputs(fieldsets[qid]), function (input) { input.disabled = locked; }); });
      submit.hidden = locked;
      retry.hidden = !locked;
    }

    function summary(good, score, passed, when) {
      var total = asked.length;
      var head = passed ? OK + " Réussi" : KO + " Pas encore réussi";
      var text = head + " : " + good + " bonne" + (good > 1 ? "s" : "") + " réponse" + (good > 1 ? "s" : "") +
        " sur " + total + " (" + score + " %). Seuil de réussite : " + data.passMark + " %.";
      if (when) { text = "Dernière validation le " + frenchDate(when) + ". " + text; }
      if (!passed) { text += " Lisez les explications des questions à revoir, puis recommencez."; }
      return text;
    }

    function render(answers, when) {
      var good = 0, wrong = [];
      asked.forEach(function (qid) {
        if (showQuestion(qid, answers[qid] || [])) { good += 1; } else { wrong.push(qid); }
      });
      var score = asked.length ? Math.round(100 * good / asked.length) : 0;
      var passed = asked.length > 0 && good * 100 >= data.passMark * asked.length;
      result.textContent = "";
      result.className = "pmo-quiz__result " + (passed ? "is-right" : "is-wrong");
      var p = document.createElement("p");
      p.textContent = summary(good, score, passed, when);
      result.appendChild(p);
      if (wrong.length) {
        var list = document.createElement("p");
        list.appendChild(document.createTextNode("À revoir : "));
        wrong.forEach(function (qid, k) {
          var a = document.createElement("a");
          a.href = "#" + fieldsets[qid].id;
          a.textContent = "question " + (asked.indexOf(qid) + 1);
          if (k) { list.appendChild(document.createTextNode(", ")); }
          list.appendChild(a);
        });
        list.appendChild(document.createTextNode("."));
        result.appendChild(list);
      }
      lock(true);
      return { score: score, passed: passed };
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answers = {};
      asked.forEach(function (qid) { answers[qid] = chosen(qid); });
      var outcome = render(answers, null);
      var previous = load(data.quiz);
      save(data.quiz, {
        answers: answers,
        passed: outcome.passed || !!(previous && previous.passed),
        score: outcome.score,
        date: today(),
        edition: data.edition
      });
      result.focus();
    });

    retry.addEventListener("click", function () {
      each(form.querySelectorAll("input"), function (input) { input.checked = false; });
      prepare(null);
      lock(false);
      result.className = "pmo-quiz__result";
      result.textContent = "Nouvelle tentative : votre résultat précédent reste enregistré jusqu'à votre prochaine validation.";
      var first = asked.length ? fieldsets[asked[0]].querySelector("input") : null;
      if (first) { first.focus(); }
    });

    // Restore the last attempt: answers are found again by question and choice id.
    var record = load(data.quiz);
    var kept = record ? Object.keys(record.answers).filter(function (qid) { return byId[qid] && fieldsets[qid]; }) : [];
    prepare(kept);
    if (!kept.length) { return; }
    var answers = {};
    kept.forEach(function (qid) {
      var ids = (record.answers[qid] || []).filter(function (cid) { return fieldsets[qid].querySelector('input[value="' + cid.replace(/[^a-z0-9-]/g, "") + '"]'); });
      answers[qid] = ids;
      each(inputs(fieldsets[qid]), function (input) { input.checked = ids.indexOf(input.value) >= 0; });
    });
    var added = asked.filter(function (qid) { return kept.indexOf(qid) < 0; });
    if (added.length) {
      result.textContent = "Le quiz a changé depuis votre dernière validation : " + added.length + " nouvelle" +
        (added.length > 1 ? "s questions" : " question") + ". Vos réponses précédentes sont conservées ; répondez aux nouvelles puis validez.";
    } else {
      render(answers, record.date);
    }
  }

  // --- « Mon parcours » ----------------------------------------------------------------------

  function setupParcours() {
    var statuses = document.querySelectorAll("[data-pmo-week-status]");
    if (!statuses.length) { return; }
    var done = 0;
    each(statuses, function (el) {
      var record = load(el.getAttribute("data-quiz"));
      var passMark = el.getAttribute("data-pass-mark");
      if (record && record.passed) {
        done += 1;
        el.textContent = OK + " Terminé : quiz réussi" + (record.date ? " le " + frenchDate(record.date) : "") + ".";
        el.className = "pmo-parcours__status is-done";
      } else if (record) {
        el.textContent = "◐ En cours : dernier score " + record.score + " %, il faut " + passMark + " % pour terminer la semaine.";
        el.className = "pmo-parcours__status is-started";
      } else {
        el.textContent = "○ À faire : quiz pas encore tenté.";
        el.className = "pmo-parcours__status";
      }
      el.hidden = false;
    });
    var progress = document.querySelector("[data-pmo-parcours-progress]");
    var weeks = done + " sur " + statuses.length;
    if (progress) {
      progress.textContent = (done === statuses.length ? OK + " Parcours terminé : " : "Semaines terminées : ") + weeks + ".";
      progress.hidden = false;
    }
    each(document.querySelectorAll("[data-pmo-attestation-result]"), function (cell) {
      var record = load(cell.getAttribute("data-pmo-attestation-result"));
      if (record && record.passed) { cell.textContent = OK + " Réussi" + (record.date ? " le " + frenchDate(record.date) : "") + " (dernier score " + record.score + " %)"; }
      else if (record) { cell.textContent = KO + " Pas encore réussi (dernier score " + record.score + " %)"; }
      else { cell.textContent = "Non commencé"; }
    });
    var weeksCell = document.querySelector("[data-pmo-attestation-weeks]");
    if (weeksCell) { weeksCell.textContent = weeks; }
    var dateCell = document.querySelector("[data-pmo-attestation-date]");
    if (dateCell) { dateCell.textContent = frenchDate(today()); }
    var print = document.querySelector("[data-pmo-print]");
    if (print && !print.getAttribute("data-pmo-ready")) {
      print.setAttribute("data-pmo-ready", "1");
      print.hidden = false;
      print.addEventListener("click", function () {
        document.documentElement.classList.add("pmo-print-attestation");
        window.print();
      });
      window.addEventListener("afterprint", function () { document.documentElement.classList.remove("pmo-print-attestation"); });
    }
  }

  function init() {
    var holder = document.getElementById("pmo-quiz-data");
    if (holder) {
      var data = null;
      try { data = JSON.parse(holder.textContent); } catch (e) { data = null; }
      if (data && data.questions) {
        each(document.querySelectorAll("[data-pmo-quiz]"), function (root) {
          if (root.getAttribute("data-pmo-quiz") === data.quiz) { setupQuiz(root, data); }
        });
      }
    }
    setupParcours();
  }

  // Loaded once per page, even if Material's instant navigation brings the tag back.
  if (window.pmoQuizLoaded) { init(); return; }
  window.pmoQuizLoaded = true;
  if (window.document$ && typeof window.document$.subscribe === "function") { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
