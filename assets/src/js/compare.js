// Comparison, a little better with JavaScript; every page works without it.
// - A list's compare button counts the solutions ticked: "Compare (2)".
// - The compare table's "scroll sideways" hint shows only while the table is
//   wider than its region.
(function () {
  "use strict";

  function ticked(formId) {
    return document.querySelectorAll(
      'input[type="checkbox"][form="' + formId + '"]:checked',
    ).length;
  }

  function updateButtons() {
    document.querySelectorAll("[data-compare-count]").forEach(function (button) {
      var count = ticked(button.getAttribute("form"));
      button.textContent = count
        ? button.dataset.compareCount.replace("#", String(count))
        : button.dataset.compareNone;
    });
  }

  function updateHints() {
    document.querySelectorAll("[data-scroll-hint]").forEach(function (hint) {
      var region = document.getElementById(hint.dataset.scrollHint);
      if (region) {
        hint.hidden = region.scrollWidth <= region.clientWidth + 1;
      }
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches('input[type="checkbox"][form]')) {
      updateButtons();
    }
  });
  window.addEventListener("resize", updateHints);
  updateButtons();
  updateHints();
})();
