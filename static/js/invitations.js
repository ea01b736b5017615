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

  // "Copy link" of a personal link: the page never holds the link. The button's form POSTs to
  // the reveal endpoint (recorded in the audit log); without JavaScript it shows a page with the
  // link, with JavaScript the link is fetched as JSON, shown in the field and copied.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-reveal-target]");
    if (!form || !window.fetch) {
      return;
    }
    event.preventDefault();
    var input = document.getElementById(form.getAttribute("data-reveal-target"));
    var button = form.querySelector("button[type=submit]");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    fetch(form.action, {
      method: "POST",
      headers: { "Accept": "application/json", "X-CSRFToken": token ? token.value : "" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) {
        return { ok: response.ok, data: data };
      });
    }).then(function (result) {
      if (!result.ok) {
        form.replaceWith(Object.assign(document.createElement("p"), {
          className: "small text-body-secondary mt-2 mb-0",
          textContent: result.data.error || ""
        }));
        return;
      }
      input.value = result.data.url;
      input.classList.remove("d-none");
      button.type = "button";
      button.setAttribute("data-copy-target", input.id);
      button.click();
    }, function () {
      form.submit();
    });
  });

  document.querySelectorAll(".copy-link input[readonly]").forEach(function (input) {
    input.addEventListener("focus", function () {
      input.select();
    });
  });
})();
