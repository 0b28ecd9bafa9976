// The record form (templates/programme_records/new.html): one submit only — a second tap on a slow phone network
// would send the record twice. The button is disabled once the form goes.
(function () {
  "use strict";
  var form = document.getElementById("record-form");
  if (!form) return;
  form.addEventListener("submit", function () {
    form.querySelectorAll("button.submit-once").forEach(function (button) {
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });
})();
