// A meeting's form (templates/party/step.html): "select all" on each list of people to tick, and a running tally.
// For a vote: 应到 (the ticked expected members), 实到 (those of them ticked present) with the more than half needed
// for a quorum, and the yes votes needed to pass (more than half of 应到, DOMAIN §2.5). For a branch's collective
// decision: the body chosen (支委会, or 支部大会 when the committee cannot meet) shows only its people, and the tally
// counts its members (the committee's quorum share, or more than half of the full members with a vote). The server
// checks the same rules; this only shows them while the secretary ticks.
(function () {
  "use strict";
  var tools = document.getElementById("meeting-tools");
  if (!tools) { return; }
  var first = document.querySelector('input[type="checkbox"][name="meeting__present_ids"]');
  if (!first) { return; }
  var form = first.form;
  var template = tools.querySelector("[data-select-all]");
  var body = document.getElementById("id_meeting__kind");

  function boxes(name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="' + name + '"]'));
  }
  function row(box) { return (box.closest("label") || box).parentElement; }
  function shown(list) { return list.filter(function (b) { return !row(b).hidden; }); }
  function ids(attribute) {
    var value = body ? body.getAttribute(attribute) || "" : "";
    return value ? value.split(",") : [];
  }
  var committee = ids("data-committee");
  var voting = ids("data-voting");
  var percent = body ? parseInt(body.getAttribute("data-committee-percent") || "50", 10) : 50;
  function committeeMeets() { return body && body.value === body.options[0].value && committee.length > 0; }

  function addSelectAll(name) {
    var list = boxes(name);
    if (!list.length) { return; }
    var toggle = template.cloneNode(true);
    var box = toggle.querySelector("input");
    box.id = "select-all-" + name;
    var field = list[0].closest(".field") || list[0].parentElement;
    var legend = field.querySelector("legend") || field.querySelector("label");  // the list's own label
    legend.parentNode.insertBefore(toggle, legend.nextSibling);
    function sync() {
      var visible = shown(list);
      var ticked = visible.filter(function (b) { return b.checked; }).length;
      box.checked = visible.length > 0 && ticked === visible.length;
      box.indeterminate = ticked > 0 && ticked < visible.length;
    }
    box.addEventListener("change", function () {
      shown(list).forEach(function (b) { b.checked = box.checked; });
      list[0].dispatchEvent(new Event("change", { bubbles: true }));
    });
    form.addEventListener("change", sync);
    sync();
  }

  // The body that met: the committee's meeting shows only its members (the others are unticked).
  function showBody() {
    var onlyCommittee = committeeMeets();
    boxes("meeting__present_ids").forEach(function (b) {
      var hide = onlyCommittee && committee.indexOf(b.value) < 0;
      row(b).hidden = hide;
      if (hide) { b.checked = false; }
    });
  }
  if (body) {
    body.addEventListener("change", showBody);
    showBody();
  }

  addSelectAll("meeting__eligible_ids");
  addSelectAll("meeting__present_ids");

  var tally = document.getElementById("meeting-tally");
  if (tally) {
    var present = boxes("meeting__present_ids");
    var anchor = present.length ? present[0].closest(".field") : null;
    if (anchor) { anchor.parentNode.insertBefore(tally, anchor.nextSibling); }
    var out = function (key) { return tally.querySelector('[data-tally="' + key + '"]'); };
    var expectedIds = function () {
      var expected = {};
      if (body) {
        (committeeMeets() ? committee : voting).forEach(function (id) { expected[id] = true; });
      } else {
        boxes("meeting__eligible_ids").forEach(function (b) { if (b.checked) { expected[b.value] = true; } });
      }
      return expected;
    };
    var update = function () {
      var expected = expectedIds();
      var e = Object.keys(expected).length;
      var a = boxes("meeting__present_ids").filter(function (b) { return b.checked && expected[b.value]; }).length;
      var needed = committeeMeets() ? Math.floor(e * percent / 100) + 1 : Math.floor(e / 2) + 1;
      out("eligible").textContent = e;
      out("present").textContent = a;
      out("quorum").textContent = needed;
      if (out("yes")) { out("yes").textContent = Math.floor(e / 2) + 1; }
      out("short").hidden = a >= needed;
    };
    form.addEventListener("change", update);
    update();
  }
  tools.remove();
})();
