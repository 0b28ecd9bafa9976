// A background export's page: ask for its progress every second until the file is ready (or failed).
(function () {
  "use strict";
  var box = document.querySelector(".export-job[data-status-url]");
  if (!box) { return; }
  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        field("status").textContent = state.status_label;
        field("done").textContent = state.done;
        field("total").textContent = state.total;
        document.getElementById("export-progress").value = state.percent;
        if (state.download) {
          field("download").href = state.download;
          field("ready").hidden = false;
        } else if (state.status !== "FAILED") {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  if (field("ready").hidden) { window.setTimeout(poll, 500); }
}());
