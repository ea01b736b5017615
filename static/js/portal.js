/* Every page (templates/base.html). Sizes and positions that come from data (bar widths, marker
   positions on a track) are written as data-width / data-left percentages and set here through
   the CSSOM: the Content-Security-Policy blocks style="" attributes, not script-set styles. */
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
    root.querySelectorAll("[data-left]").forEach(function (el) {
      var left = percent(el.dataset.left);
      if (left !== null) { el.style.left = left; }
    });
  }

  apply(document);
})();
