/*
 * A small LMS for the tests: it plays one SCO at a time in an iframe with an
 * independent SCORM runtime (scorm-again) as window.API / window.API_1484_11,
 * keeps what each SCO stored between launches (as an LMS database would) and
 * sends every commit to the test server (lmsCommitUrl), where the test reads
 * what the LMS received.
 */
(function () {
  "use strict";

  var store = {};      // key -> persisted data model of that SCO (what an LMS keeps)
  var calls = [];      // every SetValue: {key, element, value, result, error}
  var events = [];     // Initialize / Commit / Finish, in order

  function frame() {
    return document.getElementById("sco");
  }

  function unload() {
    return new Promise(function (resolve) {
      var iframe = frame();
      if (!iframe.getAttribute("src") || iframe.getAttribute("src") === "about:blank") {
        resolve();
        return;
      }
      iframe.onload = function () { resolve(); };
      iframe.src = "about:blank";
    });
  }

  /* What an LMS keeps of a SCO between launches, read from the runtime's own JSON rendering. */
  function persisted(api) {
    return JSON.parse(JSON.stringify(api.renderCMIToJSONObject().cmi));
  }

  function wrap(api, key, name) {
    var original = api[name].bind(api);
    api[name] = function (element, value) {
      var result = original(element, value);
      var error = String(name === "LMSSetValue" ? api.LMSGetLastError() : api.GetLastError());
      calls.push({ key: key, element: element, value: String(value), result: String(result), error: error });
      return result;
    };
  }

  function launch(options) {
    return unload().then(function () {
      var key = options.key;
      var previous = store[key];
      var settings = {
        lmsCommitUrl: "/commit/" + encodeURIComponent(key),
        autocommit: false,
        logLevel: 5,
        dataCommitFormat: "json",
        sendFullCommit: true
      };
      var api;
      delete window.API;
      delete window.API_1484_11;
      if (options.version === "1.2") {
        api = new window.Scorm12API(settings);
        api.cmi.core.student_id = "learner-1";
        api.cmi.core.student_name = "Learner, Test";
        if (previous) {
          api.cmi.core.lesson_location = previous.core.lesson_location;
          api.cmi.core.lesson_status = previous.core.lesson_status;
          api.cmi.suspend_data = previous.suspend_data;
          api.cmi.core.entry = previous.core.exit === "suspend" ? "resume" : "";
          api.loadFromJSON({ interactions: previous.interactions || [] });
        } else {
          api.cmi.core.entry = "ab-initio";
        }
        if (options.mode) {
          api.cmi.core.lesson_mode = options.mode;
        }
        if (options.masteryScore) {
          api.cmi.student_data.mastery_score = options.masteryScore;
        }
        window.API = api;
        wrap(api, key, "LMSSetValue");
      } else {
        api = new window.Scorm2004API(settings);
        api.cmi.learner_id = "learner-1";
        api.cmi.learner_name = "Test Learner";
        if (previous) {
          api.cmi.location = previous.location;
          api.cmi.completion_status = previous.completion_status;
          api.cmi.success_status = previous.success_status;
          api.cmi.suspend_data = previous.suspend_data;
          api.cmi.entry = previous.exit === "suspend" ? "resume" : "";
          api.loadFromJSON({ interactions: previous.interactions || [] });
        } else {
          api.cmi.entry = "ab-initio";
        }
        if (options.mode) {
          api.cmi.mode = options.mode;
        }
        if (options.scaledPassingScore) {
          api.cmi.scaled_passing_score = options.scaledPassingScore;
        }
        if (options.continueValid) {
          api.adl.nav.request_valid.continue = "true";
        }
        window.API_1484_11 = api;
        wrap(api, key, "SetValue");
      }
      var save = function (name) {
        return function () {
          store[key] = persisted(api);
          events.push({ key: key, event: name });
        };
      };
      var initialised = new Promise(function (resolve) {
        api.on(options.version === "1.2" ? "LMSInitialize" : "Initialize", function () {
          events.push({ key: key, event: "initialize" });
          resolve();
        });
      });
      api.on(options.version === "1.2" ? "LMSCommit" : "Commit", save("commit"));
      api.on(options.version === "1.2" ? "LMSFinish" : "Terminate", save("finish"));
      window.currentApi = api;
      frame().src = options.href;
      return initialised;
    });
  }

  window.host = {
    launch: launch,
    unload: unload,
    store: store,
    calls: calls,
    events: events,
    frame: frame
  };
}());
