// The process designer, part 5 of 8: a branch in the side panel — its name, priority and default — and the builder of
// its conditions (a form field → the operators its type allows → a value input for that type; or the initiator's
// person, role or organisation), with the same conditions said in words on the branch's column.
(function () {
  "use strict";
  var D = window.Designer;
  var h = D.h;
  var NUMBER_OPS = ["=", "!=", ">", ">=", "<", "<=", "between"];
  var OP_WORDS = { "=": "等于", "!=": "不等于", ">": "大于", ">=": "大于等于", "<": "小于", "<=": "小于等于", between: "介于",
    "in": "属于", not_in: "不属于", contains_any: "包含任一", contains_all: "包含全部", within: "在其下属范围内", not_within: "不在其下属范围内" };
  var INITIATOR = { person: "发起人", role: "发起人的角色", organisation: "发起人所在组织" };

  // What a condition tests: {kind: number|date|choice|multichoice|person|role|organisation, ops, options, label}.
  function subjectOf(condition) {
    if (condition.initiator) {
      var ops = condition.initiator === "organisation" ? ["within", "not_within"] : ["in", "not_in"];
      return { kind: condition.initiator, ops: ops, label: INITIATOR[condition.initiator] };
    }
    var field = D.fieldByKey(condition.field);
    if (!field) { return { kind: "missing", ops: [], label: "（表单中已没有的字段）" }; }
    if (field.type === "table") {
      var column = (field.columns || []).filter(function (c) { return c.key === condition.column; })[0];
      return { kind: "number", ops: NUMBER_OPS, label: (field.label || "") + "·" + (column ? column.label : "（已没有的列）") + "合计" };
    }
    if (field.type === "daterange") {
      return { kind: "number", ops: NUMBER_OPS, label: (field.label || "") + (condition.measure === "working_days" ? "（工作日数）" : "（天数）") };
    }
    var kind = { number: "number", money: "number", date: "date", choice: "choice", multichoice: "multichoice" }[field.type] || "missing";
    var opsFor = { number: NUMBER_OPS, date: NUMBER_OPS, choice: ["in", "not_in"], multichoice: ["contains_any", "contains_all"], missing: [] };
    return { kind: kind, ops: opsFor[kind], options: field.options || [], label: field.label || "" };
  }

  function valueWords(condition, subject) {
    var value = condition.value;
    if (condition.op === "between" && Array.isArray(value)) { return value[0] + " 至 " + value[1]; }
    if (!Array.isArray(value)) { return value === undefined || value === "" ? "？" : String(value); }
    var names = value.map(function (item) {
      if (subject.kind === "person") { return D.personName(item); }
      if (subject.kind === "organisation") { return D.organisationName(item); }
      if (subject.kind === "role") { return D.roleName(item); }
      return item;
    });
    return names.length ? names.join("、") : "？";
  }

  D.conditionWords = function (condition) {
    var subject = subjectOf(condition);
    return subject.label + " " + (OP_WORDS[condition.op] || "") + " " + valueWords(condition, subject);
  };

  // The subjects offered: each number/money/date/choice/multichoice field, each date range's length, each number or
  // money column's sum of a table, and the initiator.
  function subjects() {
    var list = [];
    D.doc.form.fields.forEach(function (field) {
      var label = field.label || "（未命名字段）";
      if (["number", "money", "date", "choice", "multichoice"].indexOf(field.type) !== -1) { list.push([JSON.stringify({ field: field.key }), label]); }
      if (field.type === "daterange") {
        list.push([JSON.stringify({ field: field.key, measure: "days" }), label + "（天数）"]);
        list.push([JSON.stringify({ field: field.key, measure: "working_days" }), label + "（工作日数）"]);
      }
      if (field.type === "table") {
        (field.columns || []).filter(function (c) { return c.type === "number" || c.type === "money"; }).forEach(function (column) {
          list.push([JSON.stringify({ field: field.key, column: column.key, measure: "sum" }), label + "·" + column.label + "合计"]);
        });
      }
    });
    ["person", "role", "organisation"].forEach(function (kind) { list.push([JSON.stringify({ initiator: kind }), INITIATOR[kind]]); });
    return list;
  }

  function subjectKey(condition) {
    var key = {};
    ["initiator", "field", "column", "measure"].forEach(function (name) { if (condition[name] !== undefined) { key[name] = condition[name]; } });
    return JSON.stringify(key.initiator ? { initiator: key.initiator } : key);
  }

  function freshValue(subject, op) {
    if (["person", "role", "organisation", "choice", "multichoice"].indexOf(subject.kind) !== -1) { return []; }
    return op === "between" ? ["", ""] : "";
  }

  function valueEditor(condition, subject, redraw) {
    var kind = subject.kind;
    if (kind === "person" || kind === "organisation") {
      return D.picker({ kind: kind === "person" ? "people" : "organisations", label: "值", multiple: true, value: condition.value || [],
        onchange: function (ids) { condition.value = ids; D.changed(); } });
    }
    if (kind === "role" || kind === "choice" || kind === "multichoice") {
      var options = kind === "role" ? D.labels.roles || [] : subject.options.map(function (o) { return [o, o]; });
      var chosen = Array.isArray(condition.value) ? condition.value : [];
      return h("fieldset", { class: "dz-radios" }, [h("legend", { text: "值" })].concat(options.map(function (option) {
        var input = h("input", { type: "checkbox", checked: chosen.indexOf(option[0]) !== -1, onchange: function () {
          var now = (condition.value || []).filter(function (v) { return v !== option[0]; });
          if (input.checked) { now.push(option[0]); }
          condition.value = now;
          D.changed();
        } });
        return h("label", { class: "dz-check" }, [input, option[1]]);
      })));
    }
    var type = kind === "date" ? "date" : "text";
    function box(label, index) {
      var current = index === null ? condition.value : (condition.value || [])[index];
      var input = h("input", { type: type, inputmode: type === "text" ? "decimal" : null, value: current || "", oninput: function () {
        if (index === null) { condition.value = input.value.trim(); } else { condition.value[index] = input.value.trim(); }
        D.changed();
      } });
      return D.field(label, input);
    }
    if (condition.op === "between") {
      if (!Array.isArray(condition.value)) { condition.value = ["", ""]; }
      return h("div", { class: "dz-between" }, [box("从", 0), box("到", 1)]);
    }
    return box("值", null);
  }

  function conditionRow(when, list, index, redraw) {
    var condition = list[index];
    var subject = subjectOf(condition);
    var opOptions = subject.ops.map(function (op) { return [op, OP_WORDS[op]]; });
    return h("li", { class: "dz-condition" }, [
      D.field("条件" + (index + 1) + "：对象", D.select(subjects(), subjectKey(condition), function (key) {
        var fresh = JSON.parse(key);
        var next = subjectOf(fresh);
        fresh.op = next.ops[0];
        fresh.value = freshValue(next, fresh.op);
        list[index] = fresh;
        redraw();
        D.changed();
      })),
      opOptions.length ? D.field("比较", D.select(opOptions, condition.op, function (op) {
        var wasBetween = condition.op === "between";
        condition.op = op;
        if (wasBetween !== (op === "between")) { condition.value = freshValue(subject, op); }
        redraw();
        D.changed();
      })) : null,
      opOptions.length ? valueEditor(condition, subject, redraw) : h("p", { class: "error", text: "这个条件引用的字段已不在表单中。" }),
      h("button", { type: "button", class: "danger", text: "删除条件" + (index + 1), onclick: function () { list.splice(index, 1); redraw(); D.changed(); } })
    ]);
  }

  function whenEditor(branch) {
    var box = h("div", {});
    var preferred = "all";
    function redraw() {
      // A branch without conditions has no "when" at all (the server then names what is missing).
      var when = branch.when || {};
      var joiner = preferred = when.any ? "any" : when.all ? "all" : preferred;
      var list = when[joiner] || [];
      if (list.length) { branch.when = {}; branch.when[joiner] = list; } else { delete branch.when; }
      var first = subjects()[0];
      box.replaceChildren(
        D.field("条件之间", D.select([["all", "须全部满足（且）"], ["any", "满足任一即可（或）"]], joiner, function (value) {
          preferred = value;
          branch.when = {};
          branch.when[value] = list;
          redraw();
          D.changed();
        })),
        h("ol", { class: "dz-conditions" }, list.map(function (_c, index) { return conditionRow(when, list, index, redraw); })),
        h("button", { type: "button", text: "添加条件", onclick: function () {
          var fresh = JSON.parse(first[0]);
          var subject = subjectOf(fresh);
          fresh.op = subject.ops[0];
          fresh.value = freshValue(subject, fresh.op);
          list.push(fresh);
          branch.when = {};
          branch.when[joiner] = list;
          redraw();
          D.changed();
          var added = box.querySelector(".dz-condition:last-child select");
          if (added) { added.focus(); }
        } }));
    }
    redraw();
    return h("fieldset", { class: "dz-group" }, [h("legend", { text: "条件" }), box]);
  }

  D.branchPanel = function (branch, node) {
    var isCondition = node.type === "condition";
    var name = h("input", { type: "text", value: branch.name || "", oninput: function () { branch.name = name.value; D.changed(); } });
    var parts = [D.field("分支名称", name)];
    if (isCondition) {
      parts.push(h("label", { class: "dz-check" }, [h("input", { type: "checkbox", checked: !!branch["default"], onchange: function () {
        node.branches.forEach(function (other) {
          if (other["default"] && other !== branch) { delete other["default"]; other.priority = other.priority || node.branches.length; }
        });
        if (this.checked) { branch["default"] = true; delete branch.when; delete branch.priority; }
        else { delete branch["default"]; branch.priority = node.branches.length; }
        D.changed(true);
        D.selectItem(branch.id);
      } }), "默认分支（其他分支的条件都不满足时）"]));
      if (!branch["default"]) {
        var priority = h("input", { type: "number", min: "1", step: "1", value: String(branch.priority || ""), onchange: function () {
          branch.priority = parseInt(priority.value, 10) || 1;
          D.changed(true);
        } });
        parts.push(D.field("优先级（数字小的先判断）", priority), whenEditor(branch));
      }
    }
    parts.push(h("div", { class: "actions" }, [h("button", { type: "button", class: "danger", text: "删除分支", disabled: node.branches.length <= 2,
      onclick: function () {
        node.branches.splice(node.branches.indexOf(branch), 1);
        D.selectItem(node.id);
        D.changed(true);
      } })]));
    return parts;
  };
})();
