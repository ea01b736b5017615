/* Every page (templates/base.html). Sizes that come from data (bar widths) are written as
   data-width percentages and set here through the CSSOM: the Content-Security-Policy blocks
   style="" attributes, not script-set styles. */
(function () {
  "use strict";

  function percent(text) {
    var value = parseFloat(text);
    return isFinite(value) ? Math.min(Math.max(value, 0), 100) + "%" : null;
  }

  function apply(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      var width = percent(el.dataset.width);
      if (width !== null) { el.style.width = width; }
    });
  }

  apply(document);
})();
