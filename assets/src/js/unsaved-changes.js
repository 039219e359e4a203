/*
 * A warning before leaving a page whose form has changes not yet saved.
 *
 * Forms marked `data-unsaved-warning` are watched: once a field of one changes,
 * leaving the page (a link, another form, closing the tab) asks the browser's
 * "Leave site?" question, until the form itself is submitted. Without the script
 * nothing changes: the form still saves everything at once.
 */
(function () {
  "use strict";

  var forms = document.querySelectorAll("form[data-unsaved-warning]");
  if (!forms.length) {
    return;
  }
  var dirty = false;
  var saving = false;

  Array.prototype.forEach.call(forms, function (form) {
    // Only fields the form sends count: a filter box changes nothing saved.
    function changed(event) {
      if (event.target.name) {
        dirty = true;
      }
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      saving = true;
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty && !saving) {
      event.preventDefault();
      // Older browsers show the question only when a value is returned.
      event.returnValue = "";
    }
  });

  // Coming back through the browser's history shows the page as it was left.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      saving = false;
    }
  });
})();
