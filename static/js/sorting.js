// Bilag 5/6, the sorting board: tick notes and move them at once, or drag a note onto a
// heading of its colour, onto "Lagt til side" or back to the unsorted. Both post the form
// »Flyt de valgte« posts without JS, and swap in the board the server sends back. The
// filters (colour, only unsorted) live on #board, outside what is swapped, so they stay.
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

  function moveForm() {
    return document.getElementById("flyt-valgte");
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

  // The filters shown (they need JS), set from what #board remembers after a swap.
  function showFilters() {
    var holder = document.getElementById("board");
    var filters = document.querySelector("#sorting-board .board-filter");
    if (!holder || !filters) {
      return;
    }
    filters.hidden = false;
    var colour = holder.dataset.colour || "";
    filters.querySelectorAll("input[name=vis-farve]").forEach(function (input) {
      input.checked = input.value === colour;
    });
    filters.querySelector("#vis-usorterede").checked = "unsorted" in holder.dataset;
  }

  function send(body, label) {
    var form = moveForm();
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Sorting-Board": "1" },
    })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var board = document.getElementById("sorting-board");
        if (board && html.indexOf('id="sorting-board"') !== -1) {
          board.outerHTML = html;
        }
        showFilters();
        var fresh = document.getElementById("sorting-board");
        var error = fresh ? fresh.dataset.error : "";
        announce(error || message("moved") + " " + label);
      })
      .catch(function () {
        announce(message("failed"));
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "flyt-valgte") {
      return;
    }
    event.preventDefault();
    var select = form.querySelector("select[name=category]");
    send(new FormData(form), select.options[select.selectedIndex].text);
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    var holder = document.getElementById("board");
    if (!holder || !input.closest || !input.closest(".board-filter")) {
      return;
    }
    if (input.name === "vis-farve") {
      holder.dataset.colour = input.value;
    } else if (input.checked) {
      holder.dataset.unsorted = "";
    } else {
      delete holder.dataset.unsorted;
    }
    // A note that is filtered away is not moved by mistake.
    holder.querySelectorAll(".note-pick:checked").forEach(function (box) {
      if (!box.offsetParent) {
        box.checked = false;
      }
    });
  });

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
    var body = new FormData();
    body.append("csrfmiddlewaretoken", moveForm().querySelector("[name=csrfmiddlewaretoken]").value);
    body.append("notes", dragged.dataset.notes);
    body.append("category", zone.dataset.category);
    clearTargets();
    send(body, zone.dataset.label || "");
  });

  document.addEventListener("DOMContentLoaded", showFilters);
})();
