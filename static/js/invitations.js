// Copy-link buttons of the respondents page: <button data-copy-target="input-id">.
(function () {
  "use strict";

  function copied(button) {
    var label = button.textContent;
    // The word comes from the template, in the page's language.
    button.textContent = button.getAttribute("data-copied-label") || "Copied";
    button.classList.add("btn-success");
    window.setTimeout(function () {
      button.textContent = label;
      button.classList.remove("btn-success");
    }, 1500);
  }

  function fallback(input, button) {
    // Clipboard API needs HTTPS; selecting the text still lets the user press Ctrl+C.
    input.focus();
    input.select();
    try {
      if (document.execCommand("copy")) {
        copied(button);
      }
    } catch (e) {
      /* the text stays selected */
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) {
      return;
    }
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    if (!input) {
      return;
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(function () {
        copied(button);
      }, function () {
        fallback(input, button);
      });
    } else {
      fallback(input, button);
    }
  });

  document.querySelectorAll(".copy-link input[readonly]").forEach(function (input) {
    input.addEventListener("focus", function () {
      input.select();
    });
  });
})();
