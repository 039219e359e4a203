/*
 * A filter box over long groups of checkboxes (the regions a listing serves).
 *
 * Without the script, the groups are there to open and tick; with it, a search
 * box appears above them: typing shows the options whose name (or code) holds the
 * text, opens the groups that have one and hides the others. Each group's
 * summary says how many of its options are ticked.
 */
(function () {
  "use strict";

  function fold(text) {
    return (text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .trim();
  }

  function setUp(container) {
    var box = container.querySelector("[data-choice-filter-box]");
    var input = container.querySelector("[data-choice-filter-input]");
    var empty = container.querySelector("[data-choice-filter-empty]");
    var groups = container.querySelectorAll("[data-choice-group]");
    var template = container.getAttribute("data-chosen-template") || "({count})";

    function count(group) {
      var chosen = group.querySelectorAll("input[type=checkbox]:checked").length;
      var label = group.querySelector("[data-choice-count]");
      if (label) {
        label.textContent = chosen ? template.replace("{count}", chosen) : "";
      }
      return chosen;
    }

    function filter() {
      var query = fold(input.value);
      var shown = 0;
      Array.prototype.forEach.call(groups, function (group) {
        var matches = 0;
        var options = group.querySelectorAll("[data-choice-option]");
        Array.prototype.forEach.call(options, function (option) {
          var checkbox = option.querySelector("input");
          var text = fold(option.textContent) + " " + fold(checkbox.value);
          var match = !query || text.indexOf(query) !== -1;
          option.hidden = !match;
          if (match) {
            matches += 1;
          }
        });
        group.hidden = matches === 0;
        if (query) {
          group.open = matches > 0;
        } else {
          group.open = count(group) > 0;
        }
        shown += matches;
      });
      empty.hidden = shown > 0;
    }

    box.hidden = false;
    input.addEventListener("input", filter);
    // Enter in the box filters; it does not submit the whole form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    container.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") {
        count(event.target.closest("[data-choice-group]"));
      }
    });
  }

  Array.prototype.forEach.call(
    document.querySelectorAll("[data-choice-filter]"),
    setUp
  );
})();
