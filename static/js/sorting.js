// Bilag 5/6, the sorting board: drag a note onto a heading of its colour, onto "Lagt til
// side" or back to the unsorted. It posts the same form the note's own <select> and
// button post without JS, and swaps in the board the server sends back.
(function () {
  "use strict";

  var dragged = null;

  function announce(text) {
    var region = document.getElementById("board-announce");
    if (!region) {
      return;
    }
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = text;
    }, 50);
  }

  // The texts come translated from the page (data-moved, data-failed).
  function message(name) {
    var region = document.getElementById("board-announce");
    return region ? region.dataset[name] || "" : "";
  }

  function csrfToken() {
    var input = document.querySelector("#sorting-board input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function zoneOf(target) {
    return target && target.closest ? target.closest(".drop-zone") : null;
  }

  function accepts(zone) {
    return Boolean(
      zone && dragged && (!zone.dataset.colour || zone.dataset.colour === dragged.dataset.colour)
    );
  }

  function clearTargets() {
    document.querySelectorAll(".drop-zone.drop-target").forEach(function (zone) {
      zone.classList.remove("drop-target");
    });
  }

  function send(url, category, label) {
    var body = new FormData();
    body.append("category", category);
    body.append("csrfmiddlewaretoken", csrfToken());
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Sorting-Board": "1", "X-CSRFToken": csrfToken() },
    })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var board = document.getElementById("sorting-board");
        if (board && html.indexOf('id="sorting-board"') !== -1) {
          board.outerHTML = html;
        }
        var fresh = document.getElementById("sorting-board");
        var error = fresh ? fresh.dataset.error : "";
        announce(error || message("moved") + " " + label);
      })
      .catch(function () {
        announce(message("failed"));
      });
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest ? event.target.closest(".note-card[draggable=true]") : null;
    if (!card) {
      return;
    }
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });

  document.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("dragging");
    }
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", function (event) {
    var zone = zoneOf(event.target);
    if (!accepts(zone)) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    clearTargets();
    zone.classList.add("drop-target");
  });

  document.addEventListener("drop", function (event) {
    var zone = zoneOf(event.target);
    if (!accepts(zone)) {
      return;
    }
    event.preventDefault();
    var card = dragged;
    clearTargets();
    send(card.dataset.fileUrl, zone.dataset.category, zone.dataset.label || "");
  });
})();
