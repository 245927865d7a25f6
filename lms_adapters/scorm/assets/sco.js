/*
 * The runtime of a curriculum SCORM package: one file for SCORM 1.2 and 2004.
 *
 * It finds the LMS's API (window.API or window.API_1484_11 in a parent frame or
 * the opener), reports progress, remembers where the learner was (location and
 * suspend data, kept under SCORM 1.2's 4096 characters) and commits on
 * pagehide, because browsers no longer run unload handlers reliably.
 * Without an LMS the pages still work; nothing is saved.
 *
 * Plain ES5, no network access, no dependencies.
 */
(function () {
  "use strict";

  var doc = document;
  var config = JSON.parse(doc.getElementById("sco-config").textContent);
  var strings = config.strings || {};
  var V12 = config.version === "1.2";
  var SUSPEND_BUDGET = 4000; /* SCORM 1.2 allows 4096 characters; keep a margin */
  var COMMIT_DELAY = 5000; /* milliseconds */

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function pad(number, width) {
    var text = String(Math.floor(number));
    while (text.length < width) {
      text = "0" + text;
    }
    return text;
  }

  /* ---- the LMS connection --------------------------------------------------- */

  function findApiFrom(win, name) {
    for (var depth = 0; win && depth < 500; depth++) {
      try {
        if (win[name]) {
          return win[name];
        }
      } catch (error) { /* a frame of another origin: look further up */ }
      var parent = null;
      try {
        parent = win.parent;
      } catch (error) {
        parent = null;
      }
      if (!parent || parent === win) {
        break;
      }
      win = parent;
    }
    return null;
  }

  function findApi(name) {
    var api = findApiFrom(window, name);
    var openers = [];
    try { openers.push(window.opener); } catch (error) { /* ignore */ }
    try { openers.push(window.top.opener); } catch (error) { /* ignore */ }
    for (var i = 0; !api && i < openers.length; i++) {
      if (openers[i]) {
        api = findApiFrom(openers[i], name);
      }
    }
    return api;
  }

  var NAMES = V12 ? {
    location: "cmi.core.lesson_location",
    entry: "cmi.core.entry",
    exit: "cmi.core.exit",
    sessionTime: "cmi.core.session_time",
    status: "cmi.core.lesson_status",
    scoreRaw: "cmi.core.score.raw",
    scoreMin: "cmi.core.score.min",
    scoreMax: "cmi.core.score.max",
    mastery: "cmi.student_data.mastery_score"
  } : {
    location: "cmi.location",
    entry: "cmi.entry",
    exit: "cmi.exit",
    sessionTime: "cmi.session_time",
    completion: "cmi.completion_status",
    success: "cmi.success_status",
    progress: "cmi.progress_measure",
    scoreRaw: "cmi.score.raw",
    scoreMin: "cmi.score.min",
    scoreMax: "cmi.score.max",
    scoreScaled: "cmi.score.scaled",
    mastery: "cmi.scaled_passing_score"
  };

  var lms = {
    api: null,
    connected: false,
    finished: false,
    startedAt: new Date(),
    memory: {},
    review: false,
    timer: null,

    start: function () {
      this.api = findApi(V12 ? "API" : "API_1484_11");
      if (this.api) {
        var result = V12 ? this.api.LMSInitialize("") : this.api.Initialize("");
        this.connected = String(result) === "true";
      }
      if (!this.connected) {
        showNotice(strings.offline);
      } else {
        /* In review mode the LMS shows an attempt again: nothing is to be recorded. */
        this.review = this.get(V12 ? "cmi.core.lesson_mode" : "cmi.mode") === "review";
      }
      return this.connected;
    },

    get: function (name) {
      var element = NAMES[name] || name;
      if (!this.connected) {
        return this.memory[element] || "";
      }
      var value = V12 ? this.api.LMSGetValue(element) : this.api.GetValue(element);
      return value === null || value === undefined ? "" : String(value);
    },

    set: function (name, value) {
      var element = NAMES[name] || name;
      value = String(value);
      if (!this.connected || this.review) {
        this.memory[element] = value;
        return true;
      }
      if (this.finished) {
        return false;
      }
      var result = V12 ? this.api.LMSSetValue(element, value) : this.api.SetValue(element, value);
      return String(result) === "true";
    },

    commit: function () {
      if (this.timer) {
        window.clearTimeout(this.timer);
        this.timer = null;
      }
      if (!this.connected || this.finished || this.review) {
        return false;
      }
      return String(V12 ? this.api.LMSCommit("") : this.api.Commit("")) === "true";
    },

    /* Each commit is a request to the LMS server: batch the small steps (an answer ticked,
       a page turned) and commit what matters (completion, a result, leaving) at once. */
    commitSoon: function () {
      var self = this;
      if (!this.timer) {
        this.timer = window.setTimeout(function () { self.commit(); }, COMMIT_DELAY);
      }
    },

    finish: function () {
      if (!this.connected || this.finished) {
        return;
      }
      this.set("sessionTime", sessionTime(new Date() - this.startedAt));
      /* "suspend" keeps location and suspend data for the next launch in both versions,
         and in SCORM 2004 keeps a completed SCO from starting a fresh, empty attempt. */
      this.set("exit", "suspend");
      this.commit();
      if (V12) {
        this.api.LMSFinish("");
      } else {
        this.api.Terminate("");
      }
      this.finished = true;
    }
  };

  function sessionTime(milliseconds) {
    var centiseconds = Math.max(0, Math.round(milliseconds / 10));
    var hours = Math.floor(centiseconds / 360000);
    var minutes = Math.floor(centiseconds / 6000) % 60;
    var seconds = Math.floor(centiseconds / 100) % 60;
    var fraction = centiseconds % 100;
    if (V12) {
      return pad(Math.min(hours, 9999), 4) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2) + "." + pad(fraction, 2);
    }
    return "PT" + (hours ? hours + "H" : "") + (minutes ? minutes + "M" : "") + seconds + "." + pad(fraction, 2) + "S";
  }

  function latency(milliseconds) {
    return sessionTime(milliseconds);
  }

  function timestamp(date) {
    if (V12) {
      return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
    }
    return date.getFullYear() + "-" + pad(date.getMonth() + 1, 2) + "-" + pad(date.getDate(), 2) +
      "T" + pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
  }

  function markStarted() {
    if (V12) {
      var status = lms.get("status");
      if (status === "" || status === "not attempted") {
        lms.set("status", "incomplete");
      }
    } else {
      var completion = lms.get("completion");
      if (completion !== "completed") {
        lms.set("completion", "incomplete");
      }
    }
  }

  function onLeave(callback) {
    var left = false;
    function leave() {
      if (left) {
        return;
      }
      left = true;
      callback();
      lms.finish();
    }
    window.addEventListener("pagehide", leave);
    doc.addEventListener("visibilitychange", function () {
      if (doc.visibilityState === "hidden") {
        callback();
        lms.commit();
      }
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && lms.finished) {
        window.location.reload(); /* back from the page cache: start a new session */
      }
    });
    return leave;
  }

  function showNotice(text) {
    var notice = doc.getElementById("sco-notice");
    if (notice && text) {
      notice.textContent = text;
      notice.hidden = false;
    }
  }

  function focusHeading(element, toTop) {
    if (!element) {
      return;
    }
    if (toTop) {
      window.scrollTo(0, 0);
      element.focus({ preventScroll: true });
    } else {
      element.focus();
    }
  }

  /* ---- a module: pages, progress, completion ---------------------------------- */

  function runModule() {
    var pages = [].slice.call(doc.querySelectorAll("section.page"));
    var links = [].slice.call(doc.querySelectorAll(".toc a[data-page]"));
    var counter = doc.getElementById("page-counter");
    var previousButton = doc.querySelector("[data-action=previous]");
    var nextButton = doc.querySelector("[data-action=next]");
    var continueButton = doc.querySelector("[data-action=continue]");
    var total = pages.length;
    var visited = [];
    var current = 0;
    var completed = false;

    var saved = /^v1:([01]+)$/.exec(lms.get("cmi.suspend_data"));
    for (var i = 0; i < total; i++) {
      visited.push(saved && saved[1].charAt(i) === "1");
    }
    var location = parseInt(lms.get("location"), 10);
    if (location >= 0 && location < total) {
      current = location;
    }
    completed = V12 ? /^(completed|passed)$/.test(lms.get("status")) : lms.get("completion") === "completed";
    markStarted();

    function save() {
      var flags = "";
      for (var j = 0; j < total; j++) {
        flags += visited[j] ? "1" : "0";
      }
      lms.set("location", String(current));
      lms.set("cmi.suspend_data", "v1:" + flags);
      if (!V12) {
        var seen = 0;
        for (var k = 0; k < total; k++) {
          seen += visited[k] ? 1 : 0;
        }
        lms.set("progress", String(Math.round(seen / total * 100) / 100));
      }
    }

    function allVisited() {
      for (var j = 0; j < total; j++) {
        if (!visited[j]) {
          return false;
        }
      }
      return true;
    }

    function complete() {
      if (completed) {
        return;
      }
      completed = true;
      if (V12) {
        lms.set("status", "completed");
      } else {
        lms.set("completion", "completed");
        lms.set("success", "passed");
        lms.set("progress", "1");
      }
    }

    function updateEndPage() {
      var end = pages[total - 1];
      var done = end.querySelector("[data-role=done]");
      var missing = end.querySelector("[data-role=missing]");
      var list = missing.querySelector("ul");
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      for (var j = 0; j < total; j++) {
        if (!visited[j]) {
          var item = doc.createElement("li");
          var link = doc.createElement("a");
          link.href = "#" + pages[j].id;
          link.setAttribute("data-page", String(j));
          link.textContent = links[j] ? links[j].textContent : String(j + 1);
          link.addEventListener("click", onPageLink);
          item.appendChild(link);
          list.appendChild(item);
        }
      }
      done.hidden = !completed;
      missing.hidden = completed;
      var request = V12 ? "" : lms.get("adl.nav.request_valid.continue");
      end.querySelector("[data-role=continue]").hidden = !(completed && request === "true");
      end.querySelector("[data-role=next-hint]").hidden = !completed;
    }

    function show(index, moveFocus) {
      current = Math.max(0, Math.min(total - 1, index));
      visited[current] = true;
      for (var j = 0; j < total; j++) {
        pages[j].hidden = j !== current;
      }
      for (var k = 0; k < links.length; k++) {
        if (k === current) {
          links[k].setAttribute("aria-current", "page");
        } else {
          links[k].removeAttribute("aria-current");
        }
        links[k].className = visited[k] ? "visited" : "";
      }
      counter.textContent = format(strings.page_of, { n: current + 1, total: total });
      previousButton.disabled = current === 0;
      nextButton.disabled = current === total - 1;
      var wasCompleted = completed;
      if (allVisited()) {
        complete();
      }
      if (current === total - 1) {
        updateEndPage();
      }
      save();
      if (completed !== wasCompleted) {
        lms.commit();
      } else {
        lms.commitSoon();
      }
      if (moveFocus) {
        focusHeading(doc.getElementById(pages[current].id + "-title"), true);
      }
    }

    function onPageLink(event) {
      event.preventDefault();
      var details = doc.querySelector(".toc details");
      if (details && this.closest && this.closest(".toc")) {
        details.open = false;
      }
      show(parseInt(this.getAttribute("data-page"), 10), true);
    }

    previousButton.addEventListener("click", function () { show(current - 1, true); });
    nextButton.addEventListener("click", function () { show(current + 1, true); });
    for (var n = 0; n < links.length; n++) {
      links[n].addEventListener("click", onPageLink);
    }
    continueButton.addEventListener("click", function () {
      lms.set("adl.nav.request", "continue");
      leave();
    });
    var leave = onLeave(save);
    show(current, false);
  }

  /* ---- the knowledge check: answers, score, interactions ------------------------ */

  function normalise(text) {
    var value = String(text || "");
    if (value.normalize) {
      value = value.normalize("NFC");
    }
    return value.replace(/\s+/g, " ").replace(/^\s+|\s+$/g, "").replace(/[.!。]+$/, "").toLowerCase();
  }

  function runCheck() {
    var questions = config.questions;
    var form = doc.getElementById("check-form");
    var fieldsets = [].slice.call(form.querySelectorAll("fieldset.question"));
    var result = doc.getElementById("result");
    var formError = form.querySelector("[data-role=form-error]");
    var retryButton = result.querySelector("[data-action=retry]");
    var startedAt = new Date();
    var firstAnswerAt = [];
    var state = { v: 1, a: [], s: 0, n: 0 };

    try {
      var saved = JSON.parse(lms.get("cmi.suspend_data") || "null");
      if (saved && saved.v === 1 && saved.a && saved.a.length === questions.length) {
        state = saved;
      }
    } catch (error) { /* unreadable: start afresh */ }
    markStarted();

    function inputs(index) {
      return [].slice.call(fieldsets[index].querySelectorAll("input"));
    }

    function answerOf(index) {
      var type = questions[index].type;
      var fields = inputs(index);
      if (type === "short_answer") {
        return fields[0].value.replace(/^\s+|\s+$/g, "");
      }
      var chosen = [];
      for (var j = 0; j < fields.length; j++) {
        if (fields[j].checked) {
          chosen.push(fields[j].value);
        }
      }
      return chosen.sort().join("");
    }

    function restore() {
      for (var i = 0; i < questions.length; i++) {
        var answer = state.a[i] || "";
        var fields = inputs(i);
        if (questions[i].type === "short_answer") {
          fields[0].value = answer;
        } else {
          for (var j = 0; j < fields.length; j++) {
            fields[j].checked = answer.indexOf(fields[j].value) !== -1;
          }
        }
      }
    }

    function isCorrect(index, answer) {
      var key = questions[index];
      if (key.type === "short_answer") {
        var given = normalise(answer);
        for (var j = 0; j < key.correct.length; j++) {
          if (given !== "" && given === normalise(key.correct[j])) {
            return true;
          }
        }
        return false;
      }
      return answer === key.correct.slice().sort().join("");
    }

    function evaluate() {
      var points = 0;
      var max = 0;
      var outcomes = [];
      for (var i = 0; i < questions.length; i++) {
        var correct = isCorrect(i, state.a[i] || "");
        outcomes.push(correct);
        max += questions[i].weight;
        points += correct ? questions[i].weight : 0;
      }
      var percent = max ? Math.round(points / max * 10000) / 100 : 0;
      return { outcomes: outcomes, points: points, max: max, percent: percent };
    }

    function passMark() {
      var fromLms = parseFloat(lms.get("mastery"));
      if (!isNaN(fromLms)) {
        return V12 ? fromLms / 100 : fromLms;
      }
      return config.passMark;
    }

    /* The state must fit in SCORM 1.2's suspend data: text answers are shortened first. */
    function encodeState() {
      var copy = { v: 1, a: state.a.slice(), s: state.s, n: state.n };
      var text = JSON.stringify(copy);
      while (text.length > SUSPEND_BUDGET) {
        var longest = -1;
        for (var i = 0; i < copy.a.length; i++) {
          if (questions[i].type === "short_answer" && (longest < 0 || copy.a[i].length > copy.a[longest].length)) {
            longest = i;
          }
        }
        if (longest < 0 || copy.a[longest].length === 0) {
          break;
        }
        copy.a[longest] = copy.a[longest].slice(0, Math.floor(copy.a[longest].length / 2));
        text = JSON.stringify(copy);
      }
      return text;
    }

    function save(index) {
      lms.set("cmi.suspend_data", encodeState());
      lms.set("location", state.s ? "result" : "q" + ((index || 0) + 1));
    }

    function collect() {
      for (var i = 0; i < questions.length; i++) {
        state.a[i] = answerOf(i);
      }
    }

    function questionTitle(index) {
      return format(strings.question, { n: index + 1 });
    }

    function showFeedback(evaluation) {
      for (var i = 0; i < fieldsets.length; i++) {
        var fieldset = fieldsets[i];
        var correct = evaluation.outcomes[i];
        var box = fieldset.querySelector("[data-role=feedback]");
        box.hidden = false;
        fieldset.className = "question " + (correct ? "is-correct" : "is-incorrect");
        box.querySelector("[data-role=verdict]").textContent = correct ? strings.correct : strings.incorrect;
        var answer = state.a[i] || "";
        var optionNotes = box.querySelectorAll("[data-option]");
        for (var j = 0; j < optionNotes.length; j++) {
          optionNotes[j].hidden = answer.indexOf(optionNotes[j].getAttribute("data-option")) === -1;
        }
        var whenNotes = box.querySelectorAll("[data-when]");
        for (var k = 0; k < whenNotes.length; k++) {
          whenNotes[k].hidden = whenNotes[k].getAttribute("data-when") !== (correct ? "correct" : "incorrect");
        }
        var fields = inputs(i);
        for (var m = 0; m < fields.length; m++) {
          fields[m].disabled = true;
        }
      }
    }

    function hideFeedback() {
      for (var i = 0; i < fieldsets.length; i++) {
        fieldsets[i].className = "question";
        fieldsets[i].querySelector("[data-role=feedback]").hidden = true;
        var fields = inputs(i);
        for (var m = 0; m < fields.length; m++) {
          fields[m].disabled = false;
        }
      }
    }

    function showResult(evaluation, moveFocus) {
      var mark = passMark();
      var passed = evaluation.percent + 1e-9 >= mark * 100;
      result.hidden = false;
      result.className = "result " + (passed ? "is-passed" : "is-failed");
      result.querySelector("[data-role=score]").textContent = format(strings.score, {
        score: Math.round(evaluation.percent), points: round(evaluation.points), max: round(evaluation.max)
      });
      result.querySelector("[data-role=verdict]").textContent = passed ? strings.passed : format(strings.failed, { mark: round(mark * 100) });
      retryButton.hidden = passed;
      form.querySelector("[type=submit]").hidden = true;
      showFeedback(evaluation);
      if (moveFocus) {
        focusHeading(doc.getElementById("result-title"));
      }
      return passed;
    }

    function round(value) {
      return Math.round(value * 100) / 100;
    }

    function response(index, answer) {
      var type = questions[index].type;
      if (type === "true_false") {
        return V12 ? answer : (answer === "t" ? "true" : "false");
      }
      if (type === "short_answer") {
        return fillIn(answer);
      }
      return answer.split("").join(V12 ? "," : "[,]");
    }

    function fillIn(text) {
      if (V12) {
        return text.slice(0, 255);
      }
      var clean = text.replace(/[{}]/g, "").replace(/\[[,.:]\]/g, " ").slice(0, 240);
      return "{lang=" + config.language + "}" + clean;
    }

    function correctPatterns(index) {
      var key = questions[index];
      if (key.type === "true_false") {
        return [V12 ? key.correct[0] : (key.correct[0] === "t" ? "true" : "false")];
      }
      if (key.type === "short_answer") {
        var patterns = [];
        for (var j = 0; j < key.correct.length && j < 5; j++) {
          /* Some SCORM 2004 runtimes (scorm-again among them) split a fill-in pattern at bare commas
             and refuse a part that starts with a space: keep commas tight in the pattern. */
          patterns.push(V12 ? key.correct[j].slice(0, 255) : "{case_matters=false}" + fillIn(key.correct[j].replace(/\s*,\s*/g, ",")));
        }
        return patterns;
      }
      return [key.correct.slice().sort().join(V12 ? "," : "[,]")];
    }

    function interactionType(type) {
      return type === "true_false" ? "true-false" : type === "short_answer" ? "fill-in" : "choice";
    }

    function description(index) {
      var prompt = fieldsets[index].querySelector(".prompt").textContent.replace(/\s+/g, " ").replace(/^[\s{]+/, "");
      return "{lang=" + config.language + "}" + prompt.slice(0, 240);
    }

    function report(evaluation, passed) {
      var base = parseInt(lms.get("cmi.interactions._count"), 10);
      if (isNaN(base)) {
        base = 0;
      }
      var now = new Date();
      for (var i = 0; i < questions.length; i++) {
        var prefix = "cmi.interactions." + (base + i) + ".";
        var answer = state.a[i] || "";
        var answeredAt = firstAnswerAt[i] || now;
        lms.set(prefix + "id", questions[i].id);
        lms.set(prefix + "type", interactionType(questions[i].type));
        if (!V12) {
          lms.set(prefix + "description", description(i));
        }
        var patterns = correctPatterns(i);
        for (var j = 0; j < patterns.length; j++) {
          lms.set(prefix + "correct_responses." + j + ".pattern", patterns[j]);
        }
        lms.set(prefix + (V12 ? "student_response" : "learner_response"), response(i, answer));
        lms.set(prefix + "result", evaluation.outcomes[i] ? "correct" : (V12 ? "wrong" : "incorrect"));
        lms.set(prefix + "weighting", String(questions[i].weight));
        lms.set(prefix + "latency", latency(Math.max(0, answeredAt - startedAt)));
        lms.set(prefix + (V12 ? "time" : "timestamp"), timestamp(answeredAt));
      }
      var percent = String(round(evaluation.percent));
      lms.set("scoreMin", "0");
      lms.set("scoreMax", "100");
      lms.set("scoreRaw", percent);
      if (V12) {
        lms.set("status", passed ? "passed" : "failed");
      } else {
        lms.set("scoreScaled", String(Math.round(evaluation.percent * 100) / 10000));
        lms.set("completion", "completed");
        lms.set("success", passed ? "passed" : "failed");
        lms.set("progress", "1");
      }
    }

    form.addEventListener("change", function (event) {
      var fieldset = event.target.closest ? event.target.closest("fieldset.question") : null;
      var index = fieldset ? parseInt(fieldset.getAttribute("data-index"), 10) : 0;
      if (!firstAnswerAt[index]) {
        firstAnswerAt[index] = new Date();
      }
      collect();
      save(index);
      lms.commitSoon();
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      collect();
      var missing = [];
      for (var i = 0; i < questions.length; i++) {
        if (!state.a[i]) {
          missing.push(i);
        }
      }
      if (missing.length) {
        var names = [];
        for (var j = 0; j < missing.length; j++) {
          names.push(questionTitle(missing[j]));
        }
        formError.textContent = format(strings.unanswered, { list: names.join(", ") });
        formError.hidden = false;
        var first = inputs(missing[0])[0];
        if (first) {
          first.focus();
        }
        return;
      }
      formError.hidden = true;
      state.s = 1;
      var evaluation = evaluate();
      var passed = showResult(evaluation, true);
      report(evaluation, passed);
      save();
      lms.commit();
    });

    retryButton.addEventListener("click", function () {
      state = { v: 1, a: [], s: 0, n: state.n + 1 };
      for (var i = 0; i < questions.length; i++) {
        state.a.push("");
      }
      firstAnswerAt = [];
      startedAt = new Date();
      restore();
      hideFeedback();
      result.hidden = true;
      form.querySelector("[type=submit]").hidden = false;
      save();
      lms.commit();
      focusHeading(inputs(0)[0]);
    });

    onLeave(function () {
      if (!state.s) {
        collect();
      }
      save();
    });

    if (!state.a.length) {
      for (var q = 0; q < questions.length; q++) {
        state.a.push("");
      }
    }
    restore();
    if (state.s) {
      showResult(evaluate(), false);
    } else {
      var at = /^q(\d+)$/.exec(lms.get("location"));
      if (at && fieldsets[parseInt(at[1], 10) - 1]) {
        fieldsets[parseInt(at[1], 10) - 1].scrollIntoView();
      }
    }
    save();
    lms.commitSoon();
  }

  function start() {
    lms.start();
    if (config.kind === "check") {
      runCheck();
    } else {
      runModule();
    }
  }

  if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
