// A meeting's form (templates/party/step.html): "select all" on each list of people to tick, and for a vote a
// running tally: 应到 (the ticked expected members), 实到 (those of them ticked present) with the more than half
// needed for a quorum, and the yes votes needed to pass (more than half of 应到, DOMAIN §2.5). The server checks the
// same rules; this only shows them while the secretary ticks.
(function () {
  "use strict";
  var tools = document.getElementById("meeting-tools");
  if (!tools) { return; }
  var first = document.querySelector('input[type="checkbox"][name="meeting__present_ids"]');
  if (!first) { return; }
  var form = first.form;
  var template = tools.querySelector("[data-select-all]");

  function boxes(name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="' + name + '"]'));
  }

  function addSelectAll(name) {
    var list = boxes(name);
    if (!list.length) { return; }
    var toggle = template.cloneNode(true);
    var box = toggle.querySelector("input");
    box.id = "select-all-" + name;
    var legend = list[0].closest("fieldset").querySelector("legend");
    legend.parentNode.insertBefore(toggle, legend.nextSibling);
    function sync() {
      var ticked = list.filter(function (b) { return b.checked; }).length;
      box.checked = ticked === list.length;
      box.indeterminate = ticked > 0 && ticked < list.length;
    }
    box.addEventListener("change", function () {
      list.forEach(function (b) { b.checked = box.checked; });
      list[0].dispatchEvent(new Event("change", { bubbles: true }));
    });
    list.forEach(function (b) { b.addEventListener("change", sync); });
    sync();
  }

  addSelectAll("meeting__eligible_ids");
  addSelectAll("meeting__present_ids");

  var tally = document.getElementById("meeting-tally");
  if (tally) {
    var present = boxes("meeting__present_ids");
    var anchor = present.length ? present[0].closest(".field") : null;
    if (anchor) { anchor.parentNode.insertBefore(tally, anchor.nextSibling); }
    var out = function (key) { return tally.querySelector('[data-tally="' + key + '"]'); };
    var update = function () {
      var expected = {};
      boxes("meeting__eligible_ids").forEach(function (b) { if (b.checked) { expected[b.value] = true; } });
      var e = Object.keys(expected).length;
      var a = boxes("meeting__present_ids").filter(function (b) { return b.checked && expected[b.value]; }).length;
      var needed = Math.floor(e / 2) + 1;
      out("eligible").textContent = e;
      out("present").textContent = a;
      out("quorum").textContent = needed;
      out("yes").textContent = needed;
      out("short").hidden = a >= needed;
    };
    form.addEventListener("change", update);
    update();
  }
  tools.remove();
})();
