// The process designer, part 4 of 8: the side panel that edits the selected node — its name, who acts (every source
// of docs/designer-format.md), how several decide, field permissions and the node rules. Each input writes into the
// document at once and calls D.changed() (the flow redraws; validation and the draft save follow).
(function () {
  "use strict";
  var D = window.Designer;
  var h = D.h;

  var SOURCES = [["people", "指定成员"], ["role", "发起人所在单位的角色"], ["role_in", "指定组织的角色"], ["superior", "主管"],
    ["superiors", "连续多级主管"], ["chosen", "发起人自选"], ["field", "表单中的人员或组织"], ["initiator", "发起人本人"],
    ["previous", "上一节点审批人指定"]];
  var LEVELS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(function (n) { return [n, "向上" + n + "级"]; });

  function roles(blank) { return (blank ? [["", blank]] : []).concat(D.labels.roles || []); }

  function text(label, value, oninput, attrs) {
    var input = h("input", Object.assign({ type: "text", value: value || "", oninput: function () { oninput(input.value); } }, attrs || {}));
    return D.field(label, input);
  }

  function check(label, checked, onchange) {
    var input = h("input", { type: "checkbox", checked: checked, onchange: function () { onchange(input.checked); } });
    return h("label", { class: "dz-check" }, [input, label]);
  }

  function radios(legend, options, value, onchange) {
    var name = D.uid("r");
    return h("fieldset", { class: "dz-radios" }, [h("legend", { text: legend })].concat(options.map(function (option) {
      var input = h("input", { type: "radio", name: name, value: option[0], checked: option[0] === value,
        onchange: function () { if (input.checked) { onchange(option[0]); } } });
      return h("label", { class: "dz-check" }, [input, option[1]]);
    })));
  }

  function fieldsOf(types) {
    return D.doc.form.fields.filter(function (field) { return types.indexOf(field.type) !== -1; })
      .map(function (field) { return [field.key, field.label || "（未命名字段）"]; });
  }

  // Who acts: the source select, then what that source needs.
  D.whoEditor = function (node) {
    var who = node.who = node.who || { source: "initiator" };
    var box = h("div", { class: "dz-who" });
    function redraw() { box.replaceChildren(D.whoEditorBody(node, redraw)); }
    redraw();
    return h("fieldset", { class: "dz-group" }, [h("legend", { text: node.type === "cc" ? "抄送给谁" : node.type === "notice" ? "通知谁" : "由谁处理" }),
      D.field("人员来源", D.select(SOURCES, who.source, function (source) {
        node.who = { source: source };
        if (source === "superior" || source === "superiors") { node.who.levels = 1; }
        if (source === "people") { node.who.people = []; }
        if (source === "chosen") { node.who.multiple = false; node.who.scope = {}; }
        redraw();
        D.changed();
      })), box]);
  };

  D.whoEditorBody = function (node, redraw) {
    var who = node.who;
    var set = function (key) { return function (value) { who[key] = value; D.changed(); }; };
    var number = function (key) { return function (value) { who[key] = parseInt(value, 10); D.changed(); }; };
    switch (who.source) {
      case "people":
        return D.picker({ kind: "people", label: "查找成员", multiple: true, value: who.people, onchange: set("people") });
      case "role":
        if (!who.role) { who.role = (D.labels.roles || [[""]])[0][0]; }
        return D.field("角色", D.select(roles(), who.role, set("role")));
      case "role_in":
        if (!who.role) { who.role = (D.labels.roles || [[""]])[0][0]; }
        return h("div", {}, [D.field("角色", D.select(roles(), who.role, set("role"))),
          D.picker({ kind: "organisations", label: "组织", value: who.organisation ? [who.organisation] : [],
            onchange: function (ids) { if (ids.length) { who.organisation = ids[0]; } else { delete who.organisation; } D.changed(); } })]);
      case "superior":
      case "superiors":
        return D.field(who.source === "superior" ? "第几级主管" : "最高到第几级", D.select(LEVELS, who.levels || 1, number("levels")),
          "第1级为发起人所在单位的负责人；发起人本身是负责人时为上一级单位的负责人。");
      case "chosen":
        var scope = who.scope = who.scope || {};
        return h("div", {}, [
          check("可选多人", !!who.multiple, set("multiple")),
          D.field("可选范围：角色", D.select(roles("不限角色"), scope.role || "", function (role) {
            if (role) { scope.role = role; } else { delete scope.role; }
            D.changed();
          })),
          D.picker({ kind: "organisations", label: "可选范围：组织（不选则为发起人所在单位）", value: scope.organisation ? [scope.organisation] : [],
            onchange: function (ids) { if (ids.length) { scope.organisation = ids[0]; } else { delete scope.organisation; } D.changed(); } }),
          D.picker({ kind: "people", label: "默认人选", multiple: true, value: who["default"] || [],
            onchange: function (ids) { if (ids.length) { who["default"] = ids; } else { delete who["default"]; } D.changed(); } })
        ]);
      case "field":
        var options = fieldsOf(["person", "organisation"]);
        if (!options.length) { return h("p", { class: "help", text: "表单中还没有人员或组织字段：请先在「表单」中添加。" }); }
        if (!who.field) { who.field = options[0][0]; }
        var picked = D.fieldByKey(who.field);
        var parts = [D.field("字段", D.select(options, who.field, function (key) {
          who.field = key;
          var field = D.fieldByKey(key);
          if (field && field.type === "organisation") { who.role = who.role || (D.labels.roles || [[""]])[0][0]; } else { delete who.role; }
          redraw();
          D.changed();
        }))];
        if (picked && picked.type === "organisation") {
          if (!who.role) { who.role = (D.labels.roles || [[""]])[0][0]; }
          parts.push(D.field("该组织中的角色", D.select(roles(), who.role, set("role"))));
        }
        return h("div", {}, parts);
      case "initiator":
        return h("p", { class: "help", text: "由发起人本人处理。" });
      case "previous":
        return h("p", { class: "help", text: "上一审批节点的审批人在同意时选定本节点的人员（需在上一节点开启「审批人指定下一节点人员」）。" });
      default:
        return h("p", {});
    }
  };

  function modeEditor(node) {
    if (node.type === "handling") {
      return radios("多人办理时", [["any", "任一人办理即可"], ["all", "每人都需办理"]], node.mode || "any", function (mode) { node.mode = mode; D.changed(); });
    }
    var ratioBox = h("div", { class: "dz-ratio" });
    function drawRatio() {
      if (node.mode !== "ratio") { ratioBox.replaceChildren(); return; }
      var ratio = node.ratio = node.ratio || { count: 2 };
      var kind = ratio.percent !== undefined ? "percent" : "count";
      var amount = h("input", { type: "text", inputmode: "decimal", value: kind === "percent" ? ratio.percent : String(ratio.count || ""),
        oninput: function () {
          node.ratio = kind === "percent" ? { percent: amount.value.trim() } : { count: parseInt(amount.value, 10) || 0 };
          D.changed();
        } });
      ratioBox.replaceChildren(D.field("按", D.select([["count", "同意人数"], ["percent", "同意比例（%）"]], kind, function (value) {
        node.ratio = value === "percent" ? { percent: "60" } : { count: 2 };
        drawRatio();
        D.changed();
      })), D.field(kind === "percent" ? "至少百分之" : "至少人数", amount));
    }
    drawRatio();
    return h("div", {}, [radios("多人审批时", [["sequential", "依次审批（按顺序）"], ["all", "会签（须全部同意）"], ["any", "或签（一人同意即可）"], ["ratio", "按比例同意"]],
      node.mode || "sequential", function (mode) {
        node.mode = mode;
        if (mode !== "ratio") { delete node.ratio; }
        drawRatio();
        D.changed();
      }), ratioBox]);
  }

  // A field permission table, for a node (default "read") and for the initiator (settings.fields, default "edit"):
  // holder[key] is the object of {field key: permission}; a field left at the default has no key (and no key at all
  // leaves holder[key] out).
  // options: {holder, key, fallback, edit (the words of "edit"), caption, help}
  D.permissionTable = function (options) {
    var fields = D.doc.form.fields.filter(function (field) { return field.type !== "explanation"; });
    if (!fields.length) { return h("p", { class: "help", text: "表单中还没有字段。" }); }
    var holder = options.holder;
    var key = options.key;
    var rows = fields.map(function (field) {
      var name = field.label || "（未命名字段）";
      var select = D.select([["edit", options.edit], ["read", "只读"], ["hidden", "隐藏"]], (holder[key] || {})[field.key] || options.fallback, function (value) {
        var map = holder[key] = holder[key] || {};
        if (value === options.fallback) { delete map[field.key]; } else { map[field.key] = value; }
        if (!Object.keys(map).length) { delete holder[key]; }  // all at the default: nothing to say
        D.changed();
      }, { "aria-label": "「" + name + "」的权限" });
      return h("tr", {}, [h("th", { scope: "row", text: name }), h("td", {}, [select])]);
    });
    var table = h("table", { class: "dz-permissions" }, [h("caption", { text: options.caption }),
      h("thead", {}, [h("tr", {}, [h("th", { scope: "col", text: "字段" }), h("th", { scope: "col", text: "权限" })])]), h("tbody", {}, rows)]);
    return options.help ? h("div", {}, [table, h("p", { class: "help", text: options.help })]) : table;
  };

  function permissions(node) {
    return D.permissionTable({ holder: node, key: "fields", fallback: "read", edit: "可编辑", caption: "字段权限" });
  }

  function limitEditor(node) {
    var box = h("div", {});
    function draw() {
      var limit = node.limit;
      var parts = [check("设置办理时限", !!limit, function (on) {
        if (on) { node.limit = { days: 3, remind: 1, then: "none" }; } else { delete node.limit; }
        draw();
        D.changed();
      })];
      if (limit) {
        var num = function (key) {
          var input = h("input", { type: "number", min: "0", max: "365", step: "1", value: String(limit[key] === undefined ? "" : limit[key]),
            oninput: function () { limit[key] = parseInt(input.value, 10) || 0; D.changed(); } });
          return input;
        };
        parts.push(D.field("时限（工作日）", num("days")), D.field("提前几个工作日提醒", num("remind")),
          D.field("超时后", D.select([["none", "仅提醒"], ["approve", "自动同意"], ["superior", "转交发起人的主管"], ["admin", "转交流程管理员"]],
            limit.then || "none", function (value) { limit.then = value; D.changed(); })));
      }
      box.replaceChildren.apply(box, parts);
    }
    draw();
    return box;
  }

  function rules(node) {
    var set = function (key) { return function (value) { node[key] = value; D.changed(); }; };
    var parts = [
      D.field("审批人为空时", D.select([["pass", "自动通过"], ["admin", "转交流程管理员"], ["refuse", "不允许发起"]], node.empty || "admin", set("empty"))),
      check("自动去重（本案中已同意过的人自动通过）", !!node.dedupe, set("dedupe")),
      D.field("发起人在审批人中时", D.select([["act", "由发起人正常处理"], ["pass", "自动通过"], ["skip", "跳过发起人"]], node.initiator || "act", set("initiator"))),
      limitEditor(node)
    ];
    if (node.type === "approval") {
      parts.push(D.field("允许退回", D.select([["none", "不允许退回"], ["initiator", "退回发起人"], ["any", "退回发起人或之前任一节点"]], node["return"] || "initiator", set("return"))),
        check("审批人指定下一节点人员", !!node.choose_next, set("choose_next")));
    }
    return h("fieldset", { class: "dz-group" }, [h("legend", { text: "节点规则" })].concat(parts));
  }

  D.nodePanel = function (node) {
    var at = D.locate(node.id);
    var parts = [text("节点名称", node.name, function (value) { node.name = value; D.changed(); }, { required: true })];
    if (node.type === "approval" || node.type === "handling") {
      parts.push(D.whoEditor(node), h("fieldset", { class: "dz-group" }, [h("legend", { text: "审批方式" }), modeEditor(node)]), permissions(node), rules(node));
    } else if (node.type === "cc" || node.type === "notice") {
      parts.push(D.whoEditor(node));
      if (node.type === "notice") {
        var area = h("textarea", { rows: "3", oninput: function () { node.text = area.value; D.changed(); } });
        area.value = node.text || "";
        parts.push(D.field("通知内容", area));
      }
    } else {
      parts.push(h("p", { class: "help", text: node.type === "condition" ? "点击分支的标题编辑它的条件和优先级；没有满足条件的分支时走默认分支。" : "各分支同时进行，全部完成后继续。" }));
    }
    parts.push(h("div", { class: "actions" }, [
      h("button", { type: "button", text: "上移", disabled: !at || at.index === 0, onclick: function () { D.moveNode(node.id, -1); D.selectItem(node.id); } }),
      h("button", { type: "button", text: "下移", disabled: !at || at.index === at.list.length - 1, onclick: function () { D.moveNode(node.id, 1); D.selectItem(node.id); } }),
      h("button", { type: "button", class: "danger", text: "删除节点", onclick: function () { D.removeNode(node.id); } })
    ]));
    return parts;
  };
})();
