// Table fields of a designed form (templates/forms/designed/table.html, forms/designed_table.py): "Add a row" copies
// the row template with the next row number in its inputs' names (<field>-<row>-<column>), "Remove row" removes one
// (the last left is emptied instead), and each number or money column's total follows what is typed. Totals are
// added exactly (whole numbers of the column's smallest unit, BigInt), never as floats; a cell that is not a number
// counts nothing, as on the server, which computes the sums again. Without JavaScript the rows rendered are posted.
(function () {
  "use strict";
  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

  function units(text, places) {
    text = (text || "").replace(/\s+/g, "");
    if (!NUMBER.test(text)) { return null; }
    var negative = text.charAt(0) === "-";
    text = text.replace(/^[+-]/, "");
    var parts = text.split(".");
    var whole = parts[0] || "0";
    var fraction = parts[1] || "";
    if (fraction.length > places && /[1-9]/.test(fraction.slice(places))) { return null; }
    fraction = (fraction + "0".repeat(places)).slice(0, places);
    var value = BigInt(whole + fraction);
    return negative ? -value : value;
  }

  // As the server writes it (forms.designed_fields.money_text, number_text): "-¥1,234.50", "1,234.5".
  function format(value, places, money) {
    var negative = value < 0n;
    var digits = (negative ? -value : value).toString().padStart(places + 1, "0");
    var whole = digits.slice(0, digits.length - places).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    var text = places ? whole + "." + digits.slice(digits.length - places) : whole;
    return (negative ? "-" : "") + (money ? "¥" : "") + text;
  }

  function setUp(box) {
    var body = box.querySelector("tbody");
    var template = box.querySelector("template[data-row-template]");
    var add = box.querySelector("[data-add-row]");
    var max = parseInt(box.getAttribute("data-max-rows") || "0", 10);
    var min = Math.max(parseInt(box.getAttribute("data-min-rows") || "1", 10), 1);
    var next = parseInt(box.getAttribute("data-next") || "0", 10);

    function rows() { return body.querySelectorAll("tr[data-row]"); }

    function refresh() {
      var count = rows().length;
      add.hidden = false;
      add.disabled = max > 0 && count >= max;
      body.querySelectorAll("[data-remove-row]").forEach(function (button) { button.hidden = count <= min; });
      box.querySelectorAll("td[data-sum]").forEach(function (cell) {
        var key = cell.getAttribute("data-sum");
        var places = parseInt(cell.getAttribute("data-places") || "0", 10);
        var total = 0n;
        body.querySelectorAll('input[data-column="' + CSS.escape(key) + '"]').forEach(function (input) {
          var value = units(input.value, places);
          if (value !== null) { total += value; }
        });
        cell.querySelector("output").textContent = format(total, places, cell.getAttribute("data-money"));
      });
    }

    add.addEventListener("click", function () {
      var row = template.content.firstElementChild.cloneNode(true);
      row.querySelectorAll("[name]").forEach(function (input) {
        input.name = input.name.replace("__row__", String(next));
      });
      next += 1;
      body.appendChild(row);
      refresh();
      var first = row.querySelector("input, select");
      if (first) { first.focus(); }
    });
    body.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove-row]");
      if (!button) { return; }
      button.closest("tr").remove();
      refresh();
      add.focus();
    });
    body.addEventListener("input", refresh);
    refresh();
  }

  document.querySelectorAll("[data-table-field]").forEach(setUp);
})();
