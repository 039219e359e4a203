/*
 * Long panels that come before what a visitor came for (the search filters before
 * the results) are open in the page as served; on a phone-wide screen this script
 * folds them, so the results come first and "Filters" opens them.
 *
 * Without the script, or on a wider screen, they stay open.
 */
(function () {
  "use strict";

  if (!window.matchMedia("(max-width: 39.99em)").matches) {
    return;
  }
  var panels = document.querySelectorAll("details[data-fold-narrow]");
  for (var index = 0; index < panels.length; index += 1) {
    panels[index].open = false;
  }
})();
