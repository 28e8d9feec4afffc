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
// Here a quiz's record lives in localStorage under the key the page gives (quiz data « storageKey », or the
// data-pmo-storage-key of a week on « Mon parcours »; both from macros/core/storage_keys.py), as
//   {answers: {questionId: [choiceIds]}, passed: bool, score: 0..100, date: "AAAA-MM-JJ", edition,
//    attempt: {asked: [questionIds], order: {questionId: [choiceIds]}, done: bool, draft: {questionId: [choiceIds]}}}
// keyed only by the stable ids of quizzes/<id>.yaml: never a URL, never a position. answers, passed, score and
// date are those of the last validated attempt (absent before the first one); attempt is the attempt on screen:
// the questions drawn for it and the order of their choices, so that a reload shows the same quiz, with
// done (its answers are the validated ones) or draft (ticks not yet validated). Older records without attempt
// still load: their questions are those answered, their choices get a new order.
// Everything is native form controls and buttons, so the keyboard alone is enough.
(function () {
  "use strict";
  var PMO = window.PMO;
  var OK = "✓";
  var KO = "✗";
  var TRIES = 5;  // new draws of an attempt that would repeat the previous one exactly
  var BLOCKED_QUIZ = "Ce navigateur n'autorise pas l'enregistrement local : le quiz se corrige, mais vos réponses et " +
    "votre résultat ne seront pas gardés après cette visite, ni repris dans « Mon parcours ».";
  var BLOCKED_PATH = "Ce navigateur n'autorise pas l'enregistrement local : votre progression ne peut pas être lue ni " +
    "gardée ici. Les lectures, les modèles et les quiz restent accessibles.";
  var blocked = false;  // storage refused at least once during this visit

  function load(key) {
    var got = PMO.storage.get(key);
    if (!got.ok) { blocked = true; return null; }
    try {
      var record = got.value ? JSON.parse(got.value) : null;
      return record && typeof record === "object" && record.answers && typeof record.answers === "object" ? record : null;
    } catch (e) { return null; }
  }
  function save(key, record) {
    if (!PMO.storage.set(key, JSON.stringify(record)).ok) { blocked = true; }
  }
  // A record with a score has been validated at least once; one with only an attempt was merely opened.
  function validated(record) { return !!record && typeof record.score === "number"; }
  var each = PMO.each;
  var frenchDate = PMO.shortDate;
  var today = PMO.today;
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
  function sameList(a, b) { return a.length === b.length && a.every(function (x, i) { return x === b[i]; }); }
  function strings(list) {
    return Array.isArray(list) ? list.filter(function (x) { return typeof x === "string"; }) : [];
  }
  function has(list, x) { return list.indexOf(x) >= 0; }

  // --- a quiz page -------------------------------------------------------------------------

  function setupQuiz(root, data) {
    var form = root.querySelector("form[data-pmo-quiz-form]");
    if (!form || form.getAttribute("data-pmo-ready")) { return; }
    form.setAttribute("data-pmo-ready", "1");
    var byId = {};
    data.questions.forEach(function (q) { byId[q.id] = q; });
    var fieldsets = {};
    each(form.querySelectorAll("fieldset[data-pmo-question]"), function (fs) { fieldsets[fs.getAttribute("data-pmo-question")] = fs; });
    // Each choice's mark (« ✓ bonne réponse ») and each question's verdict exist only with this script: the page
    // carries no empty elements for them.
    function addAfter(anchor, tag, className, attribute) {
      if (!anchor || anchor.parentNode.querySelector("[" + attribute + "]")) { return; }
      var added = document.createElement(tag);
      added.className = className;
      added.setAttribute(attribute, "");
      anchor.insertAdjacentElement("afterend", added);
    }
    each(form.querySelectorAll("fieldset[data-pmo-question] > ul.pmo-quiz__choices"), function (ul) {
      addAfter(ul, "p", "pmo-quiz__feedback", "data-pmo-feedback");
    });
    each(form.querySelectorAll("li[data-pmo-choice] > label"), function (label) {
      addAfter(label, "span", "pmo-quiz__mark", "data-pmo-mark");
    });
    var result = root.querySelector("[data-pmo-result]");
    var submit = root.querySelector("[data-pmo-submit]");
    var retry = root.querySelector("[data-pmo-retry]");
    // The bank, in the file's order: the questions the data names and the page holds.
    var bank = data.questions.map(function (q) { return q.id; }).filter(function (id) { return fieldsets[id]; });
    var topics = strings(data.topics);
    var pooled = typeof data.draw === "number" && data.draw >= 1 && data.draw < bank.length;
    var natural = {};  // each question's choices in the file's order, « Vrai » before « Faux »
    bank.forEach(function (qid) { natural[qid] = naturalOrder(qid); });
    var asked = [];  // this attempt's questions, in the bank's order
    var order = {};  // this attempt's order of choices, by question
    var locked = false;

    function choiceItems(fs) { return fs.querySelectorAll("ul.pmo-quiz__choices > li[data-pmo-choice]"); }
    function inputs(fs) { return fs.querySelectorAll("input[type=radio], input[type=checkbox]"); }
    function naturalOrder(qid) {
      var ids = [];
      var vrai = null;
      each(choiceItems(fieldsets[qid]), function (li) {
        var cid = li.getAttribute("data-pmo-choice");
        var label = li.querySelector("label");
        if (label && label.textContent.trim() === "Vrai") { vrai = cid; }
        ids.push(cid);
      });
      if (byId[qid].type === "true_false" && vrai !== null) { ids = [vrai].concat(ids.filter(function (c) { return c !== vrai; })); }
      return ids;
    }
    // True or false keeps « Vrai » then « Faux »: shuffling two fixed words teaches nothing and only confuses.
    function shuffles(qid) { return data.shuffle !== false && byId[qid].type !== "true_false" && natural[qid].length > 1; }
    function chosen(qid) {
      var ids = [];
      each(inputs(fieldsets[qid]), function (input) { if (input.checked) { ids.push(input.value); } });
      return ids;
    }
    function isRight(qid, ids) { return ids.length > 0 && sameSet(ids, byId[qid].correct); }

    // A draw covers every topic: one random question of each topic first, then random others up to the size.
    function drawQuestions() {
      if (!pooled) { return bank.slice(); }
      var picked = [];
      shuffled(topics).forEach(function (topic) {
        var pool = bank.filter(function (id) { return byId[id].topic === topic && !has(picked, id); });
        if (pool.length && picked.length < data.draw) { picked.push(pool[Math.floor(Math.random() * pool.length)]); }
      });
      picked = picked.concat(shuffled(bank.filter(function (id) { return !has(picked, id); })).slice(0, data.draw - picked.length));
      return bank.filter(function (id) { return has(picked, id); });
    }
    function shuffleChoices(qid, wanted) {
      if (!shuffles(qid)) { return natural[qid].slice(); }
      var kept = [];
      strings(wanted).forEach(function (cid) { if (has(natural[qid], cid) && !has(kept, cid)) { kept.push(cid); } });
      if (wanted) {  // a recorded order: choices added since then come last
        return kept.concat(shuffled(natural[qid].filter(function (cid) { return !has(kept, cid); })));
      }
      return shuffled(natural[qid]);
    }
    // A new attempt differs from the previous one whenever the bank allows it: other questions, other orders.
    function newAttempt(previous) {
      var best = null;
      for (var t = 0; t < TRIES; t++) {
        var ids = drawQuestions();
        var orders = {};
        ids.forEach(function (qid) { orders[qid] = shuffleChoices(qid, null); });
        best = { asked: ids, order: orders };
        if (!previous) { break; }
        var sameQuestions = sameList(ids, previous.asked);
        var sameOrders = ids.every(function (qid) { return !shuffles(qid) || !previous.order[qid] || sameList(orders[qid], previous.order[qid]); });
        if (!(pooled ? sameQuestions : sameOrders)) { break; }
      }
      return best;
    }
    // A recorded attempt, checked against the page: questions and choices gone are dropped, new ones added.
    function recordedAttempt(saved) {
      if (!saved || typeof saved !== "object") { return null; }
      var wanted = strings(saved.asked);
      var ids = bank.filter(function (id) { return has(wanted, id); });
      if (!ids.length) { return null; }
      return topUp(ids, saved.order && typeof saved.order === "object" ? saved.order : {});
    }
    // Questions added since a record: a draw tops up to its size, a full quiz asks them all.
    function topUp(ids, savedOrder) {
      var missing = bank.filter(function (id) { return !has(ids, id); });
      var room = pooled ? Math.max(0, data.draw - ids.length) : missing.length;
      var added = shuffled(missing).slice(0, room);
      var all = bank.filter(function (id) { return has(ids, id) || has(added, id); });
      var orders = {};
      all.forEach(function (qid) { orders[qid] = shuffleChoices(qid, savedOrder[qid] || null); });
      return { asked: all, order: orders };
    }

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

    // Show an attempt: its questions only, numbered « Question n sur N », each with its order of choices.
    function show(attempt) {
      asked = attempt.asked;
      order = attempt.order;
      var n = 0;
      bank.forEach(function (qid) {
        var fs = fieldsets[qid];
        var on = has(asked, qid);
        fs.hidden = !on;
        each(inputs(fs), function (input) { input.checked = false; input.disabled = !on; });
        if (on) {
          n += 1;
          var number = fs.querySelector("[data-pmo-number]");
          if (number) { number.textContent = "Question " + n + " sur " + asked.length + "."; }
          var items = {};
          each(choiceItems(fs), function (li) { items[li.getAttribute("data-pmo-choice")] = li; });
          var list = fs.querySelector("ul.pmo-quiz__choices");
          order[qid].forEach(function (cid) { list.appendChild(items[cid]); });
        }
        clearFeedback(fs);
      });
    }
    function tick(answers) {
      asked.forEach(function (qid) {
        var ids = strings(answers[qid]);
        each(inputs(fieldsets[qid]), function (input) { input.checked = has(ids, input.value); });
      });
    }
    function current() {
      var answers = {};
      asked.forEach(function (qid) { answers[qid] = chosen(qid); });
      return answers;
    }
    // The record with this attempt in it; the last validated result, if any, is kept as it is.
    function keep(done, draft, validatedPart) {
      var record = load(data.storageKey) || { answers: {} };
      if (validatedPart) {
        Object.keys(validatedPart).forEach(function (k) { record[k] = validatedPart[k]; });
      }
      var attempt = { asked: asked.slice(), order: {}, done: done };
      asked.forEach(function (qid) { attempt.order[qid] = order[qid].slice(); });
      if (!done) { attempt.draft = draft || {}; }
      record.attempt = attempt;
      save(data.storageKey, record);
    }

    function showQuestion(qid, ids) {
      var fs = fieldsets[qid];
      var right = isRight(qid, ids);
      var feedback = fs.querySelector("[data-pmo-feedback]");
      feedback.textContent = ids.length === 0 ? KO + " Sans réponse." : right ? OK + " Bonne réponse." : KO + " Réponse incorrecte.";
      feedback.className = "pmo-quiz__feedback " + (right ? "is-right" : "is-wrong");
      each(choiceItems(fs), function (li) {
        var cid = li.getAttribute("data-pmo-choice");
        var mark = li.querySelector("[data-pmo-mark]");
        var good = has(byId[qid].correct, cid);
        var picked = has(ids, cid);
        if (good) { mark.textContent = " " + OK + " bonne réponse"; mark.className = "pmo-quiz__mark is-right"; }
        else if (picked) { mark.textContent = " " + KO + " votre réponse, incorrecte"; mark.className = "pmo-quiz__mark is-wrong"; }
        var choiceFeedback = li.querySelector("[data-pmo-choice-feedback]");
        if (choiceFeedback && picked) { choiceFeedback.hidden = false; }
      });
      var answer = fs.querySelector("[data-pmo-answer]");
      if (answer) { answer.hidden = false; answer.open = !right; }
      return right;
    }

    function lock(on) {
      locked = on;
      asked.forEach(function (qid) { each(inputs(fieldsets[qid]), function (input) { input.disabled = on; }); });
      submit.hidden = on;
      retry.hidden = !on;
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
        if (showQuestion(qid, strings(answers[qid]))) { good += 1; } else { wrong.push(qid); }
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
    function note(text) {
      result.className = "pmo-quiz__result";
      result.textContent = text;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answers = current();
      var outcome = render(answers, null);
      var previous = load(data.storageKey);
      keep(true, null, {
        answers: answers,
        passed: outcome.passed || !!(previous && previous.passed),
        score: outcome.score,
        date: today(),
        edition: data.edition
      });
      result.focus();
    });

    // Ticks not yet validated are kept with the attempt, so a reload loses nothing.
    form.addEventListener("change", function () { if (!locked) { keep(false, current(), null); } });

    retry.addEventListener("click", function () {
      show(newAttempt({ asked: asked, order: order }));
      lock(false);
      keep(false, {}, null);
      note("Nouvelle tentative : les questions et l'ordre des réponses changent ; votre résultat précédent reste " +
        "enregistré jusqu'à votre prochaine validation.");
      var first = asked.length ? fieldsets[asked[0]].querySelector("input") : null;
      if (first) { first.focus(); }
    });

    // Restore the attempt on screen, found again by question and choice id; else draw a new one.
    var record = load(data.storageKey);
    var attempt = record ? recordedAttempt(record.attempt) : null;
    var done = !!(attempt && record.attempt.done);
    if (!attempt && record && validated(record)) {
      // A record written before attempts were kept: its questions are the ones it answered.
      attempt = recordedAttempt({ asked: Object.keys(record.answers) });
      done = !!attempt;
    }
    if (!attempt) { attempt = newAttempt(null); }
    show(attempt);
    lock(false);
    if (done) {
      tick(record.answers);
      var added = asked.filter(function (qid) { return !Object.prototype.hasOwnProperty.call(record.answers, qid); });
      if (added.length) {
        note("Le quiz a changé depuis votre dernière validation : " + added.length + " nouvelle" +
          (added.length > 1 ? "s questions" : " question") + ". Vos réponses précédentes sont conservées ; répondez aux nouvelles puis validez.");
        keep(false, current(), null);
      } else {
        render(record.answers, record.date);
        keep(true, null, null);
      }
    } else {
      if (record && record.attempt && record.attempt.draft && typeof record.attempt.draft === "object") { tick(record.attempt.draft); }
      if (validated(record)) {
        note("Tentative en cours : votre résultat précédent (" + record.score + " %) reste enregistré jusqu'à votre prochaine validation.");
      }
      keep(false, current(), null);
    }
  }

  // --- « Mon parcours » ----------------------------------------------------------------------

  function setupParcours() {
    var statuses = document.querySelectorAll("[data-pmo-week-status]");
    if (!statuses.length) { return; }
    var done = 0;
    each(statuses, function (el) {
      var record = load(el.getAttribute("data-pmo-storage-key"));
      if (!validated(record)) { record = null; }  // opened, never validated: not started
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
      var record = load(cell.getAttribute("data-pmo-storage-key"));
      if (!validated(record)) { record = null; }
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
    blocked = false;
    var data = PMO.pageData("pmo-quiz-data");
    if (data && data.questions && typeof data.storageKey === "string") {
      each(document.querySelectorAll("[data-pmo-quiz]"), function (root) {
        if (root.getAttribute("data-pmo-quiz") !== data.quiz) { return; }
        setupQuiz(root, data);
        if (blocked) { PMO.storageWarning(root, BLOCKED_QUIZ); }
      });
    }
    setupParcours();
    var progress = document.querySelector("[data-pmo-parcours-progress]");
    if (blocked && progress) { PMO.storageWarning(progress.parentNode, BLOCKED_PATH); }
  }

  PMO.ready(init);
})();
