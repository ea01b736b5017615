// Answers import page: poll the JSON status every 1.5 s; once the import has finished, load the
// page again, which shows what was stored or every error (the words all come from the server).
(function () {
  "use strict";
  var root = document.getElementById("import-status");
  if (!root || root.dataset.done === "true") { return; }
  var url = root.dataset.statusUrl;
  var el = function (role) { return root.querySelector('[data-role="' + role + '"]'); };
  var INTERVAL_MS = 1500;
  var failures = 0;

  function update(data) {
    var bar = el("bar");
    el("status").textContent = data.status_display || data.status;
    el("progress").setAttribute("aria-valuenow", data.progress);
    bar.style.width = data.progress + "%";
    bar.textContent = data.progress + "%";
    el("waiting").classList.toggle("d-none", !data.waiting);
    return data.done;
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        if (update(data)) { window.location.replace(data.url); } else { window.setTimeout(poll, INTERVAL_MS); }
      })
      .catch(function () {
        // A dropped connection or a restart: keep trying, more slowly.
        failures += 1;
        window.setTimeout(poll, INTERVAL_MS * Math.min(failures + 1, 10));
      });
  }

  window.setTimeout(poll, INTERVAL_MS);
})();
