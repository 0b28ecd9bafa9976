// The language menu in the header applies the choice at once (the form keeps a button for browsers without JS).
// Kept in a static file: the Content Security Policy allows no inline event handlers.
(function () {
  "use strict";
  document.querySelectorAll("form.lang select[name=language]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
