// Bilag 6, the dialogue meeting's board on phones and on the projector.
//
// Phones poll the meeting's small state (JSON) every 1.5 s and fetch the phase's HTML when
// it changes. Nothing typed is lost: while a text field has focus or text, or a note waits
// to be sent, the new phase is announced but not swapped in; it is shown once the note is
// sent. A sent note goes through an outbox in localStorage with its client_id, so a phone
// that drops its connection sends it when it is back, and the server stores it once.
// Timers count down between polls; the projector's live region is refreshed by htmx.
(function () {
  "use strict";

  var root = null;
  var stamp = "";
  var version = "";
  var pending = null; // the next phase's HTML, waiting until nothing is being typed
  var sending = false;

  // Timers ------------------------------------------------------------------------------

  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var rest = s % 60;
    return Math.floor(s / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tick() {
    document.querySelectorAll(".dialogue-timer[data-remaining]").forEach(function (el) {
      var remaining = parseInt(el.dataset.remaining, 10) || 0;
      var over = parseInt(el.dataset.overtime, 10) || 0;
      if (remaining > 0) {
        remaining -= 1;
      } else {
        over += 1;
      }
      el.dataset.remaining = String(remaining);
      el.dataset.overtime = String(over);
      el.classList.toggle("is-over", remaining === 0 && el.dataset.overtime !== "0");
      el.textContent =
        remaining > 0 || over === 0 ? clock(remaining) : "+" + clock(over) + " " + (el.dataset.overLabel || "");
    });
  }

  // Storage -----------------------------------------------------------------------------

  function key(name) {
    return "dialogue:" + (root ? root.dataset.code : "") + ":" + name;
  }

  function load(name, fallback) {
    try {
      var raw = window.localStorage.getItem(key(name));
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  }

  function save(name, value) {
    try {
      if (value === null) {
        window.localStorage.removeItem(key(name));
      } else {
        window.localStorage.setItem(key(name), JSON.stringify(value));
      }
    } catch (e) {
      // Private mode without storage: the note still goes straight out.
    }
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    });
    return (
      hex.slice(0, 4).join("") + "-" + hex.slice(4, 6).join("") + "-" + hex.slice(6, 8).join("") +
      "-" + hex.slice(8, 10).join("") + "-" + hex.slice(10).join("")
    );
  }

  // What the person is doing ---------------------------------------------------------------

  function phaseBox() {
    return document.getElementById("dialogue-phase");
  }

  function busy() {
    var box = phaseBox();
    if (!box) {
      return false;
    }
    if (load("outbox", []).length) {
      return true;
    }
    var fields = box.querySelectorAll("textarea");
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i] === document.activeElement || fields[i].value.trim() !== "") {
        return true;
      }
    }
    return false;
  }

  function banner(text) {
    var el = document.getElementById("dialogue-banner");
    if (!el) {
      return;
    }
    el.textContent = text || "";
    el.hidden = !text;
  }

  function formStatus(form, text, isError) {
    var el = form ? form.querySelector(".dialogue-form-status") : null;
    if (el) {
      el.textContent = text || "";
      el.classList.toggle("text-danger", Boolean(isError));
      el.classList.toggle("text-success", !isError);
    }
  }

  function showOutbox() {
    var box = document.getElementById("dialogue-outbox");
    if (!box) {
      return;
    }
    var waiting = load("outbox", []);
    box.hidden = waiting.length === 0;
    document.getElementById("dialogue-outbox-title").textContent = root.dataset.tWaiting;
    var list = box.querySelector("ul");
    list.textContent = "";
    waiting.forEach(function (entry) {
      var item = document.createElement("li");
      item.textContent = entry.fields.note || entry.fields.text || "";
      list.appendChild(item);
    });
  }

  // Drafts: what is typed is kept on the phone until it is sent.

  function restoreDrafts() {
    document.querySelectorAll("form.dialogue-send").forEach(function (form) {
      var field = form.querySelector("textarea");
      var draft = load("draft:" + form.dataset.draft, "");
      if (field && draft && !field.value) {
        field.value = draft;
      }
    });
  }

  // Swapping in what the server sends --------------------------------------------------------

  function parse(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    return doc.getElementById("dialogue-phase-content");
  }

  function swapPhase(fresh) {
    var box = phaseBox();
    var changedPhase = fresh.dataset.stamp !== stamp;
    box.textContent = "";
    box.appendChild(document.adoptNode(fresh));
    stamp = fresh.dataset.stamp;
    version = fresh.dataset.version;
    pending = null;
    banner("");
    restoreDrafts();
    if (changedPhase) {
      var title = document.getElementById("phase-title");
      if (title) {
        title.focus();
      }
    }
  }

  function swapLive(fresh) {
    fresh.querySelectorAll("[data-live]").forEach(function (part) {
      var here = document.getElementById(part.id);
      if (here) {
        here.replaceWith(document.adoptNode(part));
      }
    });
    version = fresh.dataset.version;
  }

  function refresh() {
    return fetch(root.dataset.phaseUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = parse(html);
        if (!fresh) {
          return;
        }
        if (fresh.dataset.stamp === stamp) {
          swapLive(fresh);
        } else if (busy()) {
          // Keep the form; say what comes next and show it when the note is sent.
          pending = fresh;
          var title = fresh.querySelector("#phase-title");
          banner(
            root.dataset.tNewPhase + " " + (title ? title.textContent.trim() : "") + ". " +
              root.dataset.tFinish
          );
          version = fresh.dataset.version;
        } else {
          swapPhase(fresh);
        }
      })
      .catch(function () {});
  }

  function poll() {
    if (load("outbox", []).length && !sending) {
      flush();
    }
    if (pending && !busy()) {
      refresh();
      return;
    }
    fetch(root.dataset.stateUrl, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (!state) {
          return;
        }
        if (state.stamp !== stamp || String(state.version) !== version) {
          refresh();
        }
      })
      .catch(function () {});
  }

  // Sending ----------------------------------------------------------------------------------

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function formFor(entry) {
    var forms = document.querySelectorAll("form.dialogue-send");
    for (var i = 0; i < forms.length; i += 1) {
      if (forms[i].dataset.draft === entry.draft) {
        return forms[i];
      }
    }
    return null;
  }

  function flush() {
    var waiting = load("outbox", []);
    if (!waiting.length || sending) {
      showOutbox();
      return Promise.resolve();
    }
    sending = true;
    var entry = waiting[0];
    var body = new FormData();
    Object.keys(entry.fields).forEach(function (name) {
      body.append(name, entry.fields[name]);
    });
    body.append("csrfmiddlewaretoken", csrfToken());
    return fetch(entry.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    })
      .then(function (response) {
        if (response.status >= 500) {
          throw new Error("server");
        }
        return response
          .json()
          .catch(function () {
            return { ok: false, error: root.dataset.tFailed };
          })
          .then(function (answer) {
            var rest = load("outbox", []).filter(function (e) {
              return e.fields.client_id !== entry.fields.client_id;
            });
            save("outbox", rest);
            var form = formFor(entry);
            if (answer.ok) {
              formStatus(form, answer.message, false);
            } else {
              // Refused (the limit, or the phase long over): give the text back.
              var field = form ? form.querySelector("textarea") : null;
              if (field && !field.value) {
                field.value = entry.fields.note || entry.fields.text || "";
              }
              formStatus(form, answer.error || root.dataset.tFailed, true);
            }
          });
      })
      .then(function () {
        sending = false;
        showOutbox();
        if (load("outbox", []).length) {
          return flush();
        }
        return refresh();
      })
      .catch(function () {
        sending = false;
        showOutbox();
        formStatus(formFor(entry), root.dataset.tOffline, true);
      });
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.dialogue-send")) {
      return;
    }
    event.preventDefault();
    var field = form.querySelector("textarea");
    if (!field || !field.value.trim()) {
      formStatus(form, field ? field.validationMessage || "" : "", true);
      if (field) {
        field.focus();
      }
      return;
    }
    var fields = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") {
        fields[name] = value;
      }
    });
    var waiting = load("outbox", []);
    waiting.push({ url: form.action, draft: form.dataset.draft, fields: fields });
    save("outbox", waiting);
    save("draft:" + form.dataset.draft, null);
    field.value = "";
    field.blur();
    var id = form.querySelector("input[name=client_id]");
    if (id) {
      id.value = newId();
    }
    showOutbox();
    flush();
  }

  function onInput(event) {
    var field = event.target;
    var form = field.closest ? field.closest("form.dialogue-send") : null;
    if (form && field.tagName === "TEXTAREA") {
      save("draft:" + form.dataset.draft, field.value || null);
    }
  }

  // A guest waiting to be let in: reload once the manager has answered.

  function waitForSeat(box) {
    window.setInterval(function () {
      fetch(box.dataset.stateUrl, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (state) {
          if (state && (state.status !== "waiting" || state.guest !== "pending")) {
            window.location.reload();
          }
        })
        .catch(function () {});
    }, parseInt(box.dataset.pollMs, 10) || 1500);
  }

  function start() {
    window.setInterval(tick, 1000);
    var waitingBox = document.getElementById("dialogue-waiting");
    if (waitingBox) {
      waitForSeat(waitingBox);
    }
    root = document.getElementById("dialogue");
    if (!root) {
      return;
    }
    var content = document.getElementById("dialogue-phase-content");
    stamp = content ? content.dataset.stamp : "";
    version = content ? content.dataset.version : "";
    restoreDrafts();
    showOutbox();
    document.addEventListener("submit", onSubmit);
    document.addEventListener("input", onInput);
    document.addEventListener("focusout", function () {
      // Leaving an empty field: a waiting phase may come in now.
      window.setTimeout(function () {
        if (pending && !busy()) {
          swapPhase(pending);
        }
      }, 0);
    });
    window.addEventListener("online", flush);
    flush();
    window.setInterval(poll, parseInt(root.dataset.pollMs, 10) || 1500);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
