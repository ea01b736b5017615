// The consensus workshop's keys: j / ArrowRight next item, k / ArrowLeft previous, e into the
// form (Enter there submits it: the browser's own behaviour), Escape back out of it.
(function () {
  "use strict";

  var stage = document.querySelector("[data-workshop]");
  if (!stage) {
    return;
  }

  function typing(target) {
    return target && target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    if (typing(event.target)) {
      if (event.key === "Escape") {
        event.target.blur();
      }
      return;
    }
    var url = null;
    if (event.key === "j" || event.key === "ArrowRight") {
      url = stage.getAttribute("data-next-url");
    } else if (event.key === "k" || event.key === "ArrowLeft") {
      url = stage.getAttribute("data-previous-url");
    } else if (event.key === "e") {
      var field = document.querySelector("#workshop-form input:not([type=hidden]), #workshop-form select");
      if (field) {
        event.preventDefault();
        field.focus();
        if (field.select) {
          field.select();
        }
      }
      return;
    }
    if (url) {
      event.preventDefault();
      window.location.assign(url);
    }
  });
  // Keys pressed before this point did nothing; the browser tests wait for this mark.
  stage.setAttribute("data-keys", "ready");
})();
