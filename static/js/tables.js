// On a phone each table row is shown as a card (static/css/app.css); each value is labelled with its
// column's heading here. Without JavaScript the cards simply have no labels.
(function () {
  "use strict";
  document.querySelectorAll("table.table").forEach(function (table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return;
    var labels = Array.prototype.map.call(head.cells, function (cell) { return cell.textContent.trim(); });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (labels[column] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", labels[column]);
          column += cell.colSpan || 1;
        });
      });
    });
  });
})();
