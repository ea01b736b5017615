// Report status page: poll the JSON status every 1.5 s until the report is ready or failed.
(function () {
  "use strict";
  var root = document.getElementById("report-status");
  if (!root) { return; }
  var url = root.dataset.statusUrl;
  var el = function (role) { return root.querySelector('[data-role="' + role + '"]'); };
  var INTERVAL_MS = 1500;
  var failures = 0;

  function show(node, visible) { node.classList.toggle("d-none", !visible); }

  function update(data) {
    var bar = el("bar");
    el("status").textContent = data.status_display || data.status;
    el("progress").setAttribute("aria-valuenow", data.progress);
    bar.style.width = data.progress + "%";
    bar.textContent = data.progress + "%";
    show(el("waiting"), !!data.waiting_for_broker);
    show(el("no-worker"), !!data.waiting_for_worker);
    el("error").textContent = data.error || "";
    show(el("error"), !!data.error);
    if (data.download_url) {
      el("download").setAttribute("href", data.download_url);
      show(el("download"), true);
    }
    var done = data.status === "ready" || data.status === "failed";
    if (done) {
      bar.classList.remove("progress-bar-striped", "progress-bar-animated");
      bar.classList.toggle("bg-danger", data.status === "failed");
      // The words come translated from the page (data-ready-text); the script holds none of its own.
      el("hint").textContent = data.status === "failed" ? "" : root.dataset.readyText;
    }
    return done;
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        if (!update(data)) { window.setTimeout(poll, INTERVAL_MS); }
      })
      .catch(function () {
        // A dropped connection or a restart: keep trying, more slowly.
        failures += 1;
        window.setTimeout(poll, INTERVAL_MS * Math.min(failures + 1, 10));
      });
  }

  if (root.dataset.done === "true") { return; }
  window.setTimeout(poll, INTERVAL_MS);
})();
