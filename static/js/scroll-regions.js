// Wide tables sit in a scrolling region (.table-responsive with role="region" and
// tabindex="0" in the templates), so that a keyboard user can focus it and scroll it
// (WCAG 2.1.1). A region that does not scroll at the present width should be no tab stop:
// this takes tabindex away while the table fits, and gives it back when the window (or
// the table, after an htmx swap) makes it scroll. Without JavaScript every region stays
// focusable, which is the safe side.
(function () {
  "use strict";
  var REGION = ".table-responsive[role=region]";

  // A focused region keeps its tab stop until focus leaves it (a keyboard user is never
  // dropped back to the top of the page by a resize).
  function fit(region, leaving) {
    if (region.scrollWidth > region.clientWidth) {
      region.setAttribute("tabindex", "0");
    } else if (leaving || document.activeElement !== region) {
      region.removeAttribute("tabindex");
    }
  }

  var observer = "ResizeObserver" in window
    ? new ResizeObserver(function (entries) {
        entries.forEach(function (entry) {
          var region = entry.target.closest(REGION);
          if (region) {
            fit(region);
          }
        });
      })
    : null;

  function scan(root) {
    root.querySelectorAll(REGION).forEach(function (region) {
      fit(region);
      if (observer) {
        observer.observe(region);
        if (region.firstElementChild) {
          observer.observe(region.firstElementChild); // the table growing wider
        }
      }
    });
  }

  scan(document);
  document.addEventListener("focusout", function (event) {
    if (event.target.matches && event.target.matches(REGION)) {
      fit(event.target, true);
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    scan(event.target.parentElement || document);
  });
})();
