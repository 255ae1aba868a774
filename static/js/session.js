// The session's warning (templates/base.html #session-warning): shown two minutes before
// the server ends the session (workplaces/middleware.py), with "Forlæng" to keep it.
// The server says how long is left: data-session-expires-in on <body> and the
// X-Session-Expires-In header of every response to a logged-in user.
(function () {
  "use strict";
  var body = document.body;
  if (!body || !body.dataset.sessionExpiresIn) {
    return;
  }
  var warningMs = Number(body.dataset.sessionWarning || 120) * 1000;
  var deadline = Date.now() + Number(body.dataset.sessionExpiresIn) * 1000;
  var warning = document.getElementById("session-warning");
  var form = warning ? warning.querySelector("form") : null;
  var statusUrl = form ? form.getAttribute("action") : null;
  var checking = false;
  var checkedFor = null;

  function setExpiresIn(value) {
    if (value !== null && value !== "" && !isNaN(Number(value))) {
      deadline = Date.now() + Number(value) * 1000;
      checkedFor = null;
    }
  }

  function show(extendable) {
    if (!warning) {
      return;
    }
    warning.querySelectorAll("[data-session-extendable]").forEach(function (el) {
      el.hidden = !extendable;
    });
    warning.querySelectorAll("[data-session-final]").forEach(function (el) {
      el.hidden = extendable;
    });
    warning.hidden = false;
  }

  // Another tab may have kept the session alive: ask the server before warning or leaving.
  function check(then) {
    if (checking || !statusUrl) {
      then();
      return;
    }
    checking = true;
    fetch(statusUrl, {
      credentials: "same-origin",
      headers: { "X-Session-Passive": "1" },
    })
      .then(function (response) {
        setExpiresIn(response.headers.get("X-Session-Expires-In"));
      })
      .catch(function () {})
      .then(function () {
        checking = false;
        then();
      });
  }

  function leave() {
    window.location.reload();
  }

  function tick() {
    var left = deadline - Date.now();
    if (left <= 0) {
      if (checkedFor !== "end") {
        checkedFor = "end";
        check(function () {
          if (deadline - Date.now() <= 0) {
            leave();
          }
        });
      }
    } else if (left <= warningMs) {
      if (warning && warning.hidden && checkedFor !== "warn") {
        checkedFor = "warn";
        check(function () {
          if (deadline - Date.now() <= warningMs) {
            show(true);
          }
        });
      }
    } else if (warning && !warning.hidden) {
      warning.hidden = true;
    }
  }

  // Polling (hx-trigger="every …") is not activity: the server is told so.
  document.addEventListener("htmx:configRequest", function (event) {
    var trigger = event.detail.elt.getAttribute("hx-trigger") || "";
    if (trigger.trim().indexOf("every") === 0) {
      event.detail.headers["X-Session-Passive"] = "1";
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr) {
      return;
    }
    setExpiresIn(xhr.getResponseHeader("X-Session-Expires-In"));
    if (warning && warning.contains(event.detail.elt)) {
      // After "Forlæng": hidden again, or (at the 12-hour limit) no more time to give.
      if (deadline - Date.now() <= warningMs) {
        show(false);
      } else {
        warning.hidden = true;
      }
    }
  });

  window.setInterval(tick, 1000);
})();
