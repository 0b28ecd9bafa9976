// A button marked data-print prints the page (the activation sheet); without JavaScript the browser's own print
// command does the same.
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
