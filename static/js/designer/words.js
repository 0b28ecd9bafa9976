// The process designer, part 2 of 8: what a node says about who acts, in words (the same words as the case page's
// diagram, designer/diagram.py), and the pickers that find people and organisations through the server.
(function () {
  "use strict";
  var D = window.Designer;
  var h = D.h;

  D.MODES = { sequential: "依次审批", all: "会签", any: "或签", ratio: "按比例" };
  D.HANDLING_MODES = { any: "任一人办理", all: "每人办理" };
  D.PASSED = { "": "", empty: "自动通过（无审批人）", dedupe: "自动去重", initiator: "发起人自动通过", cc: "已抄送", notice: "已通知" };
  D.ICONS = { approval: "✔", handling: "✎", cc: "✉", notice: "ⓘ", condition: "◇", parallel: "⇉" };

  D.personName = function (id) { return D.people[id] || "（已选人员）"; };
  D.organisationName = function (id) { return D.organisations[id] || "（已选组织）"; };
  D.roleName = function (code) { return D.label("roles", code) || "（未选角色）"; };
  D.fieldLabel = function (key) {
    var field = D.fieldByKey(key);
    return field ? field.label || "（未命名字段）" : "（表单中已没有的字段）";
  };

  D.whoWords = function (who) {
    who = who || {};
    switch (who.source) {
      case "people":
        return (who.people || []).length ? (who.people || []).map(D.personName).join("、") : "（尚未选人）";
      case "role": return "本单位" + D.roleName(who.role);
      case "role_in": return D.organisationName(who.organisation) + D.roleName(who.role);
      case "superior": return "主管（向上" + (who.levels || 1) + "级）";
      case "superiors": return "连续多级主管（至向上" + (who.levels || 1) + "级）";
      case "chosen": return who.multiple ? "发起人自选（可多选）" : "发起人自选";
      case "field":
        return who.role ? "「" + D.fieldLabel(who.field) + "」的" + D.roleName(who.role) : "「" + D.fieldLabel(who.field) + "」中的人员";
      case "initiator": return "发起人本人";
      case "previous": return "上一节点审批人指定";
      default: return "（未设置）";
    }
  };

  D.modeWords = function (node) {
    if (node.type === "handling") { return D.HANDLING_MODES[node.mode || "any"]; }
    if (node.mode === "ratio") {
      var ratio = node.ratio || {};
      return ratio.percent ? "比例 " + ratio.percent + "% 同意" : "比例 " + (ratio.count || "?") + " 人同意";
    }
    return D.MODES[node.mode || "sequential"];
  };

  D.summary = function (node) {
    if (node.type === "approval" || node.type === "handling") { return D.modeWords(node) + " · " + D.whoWords(node.who); }
    if (node.type === "cc" || node.type === "notice") { return D.whoWords(node.who); }
    if (node.type === "condition") { return "按优先级取第一个满足条件的分支"; }
    if (node.type === "parallel") { return "各分支同时进行"; }
    return "";
  };

  // A search picker: a search box, the matches as buttons, the chosen as removable chips.
  // options: {kind: "people"|"organisations", label, multiple, value: [ids], onchange(ids)}
  D.picker = function (options) {
    var chosen = (options.value || []).slice();
    var names = options.kind === "people" ? D.people : D.organisations;
    var box = h("div", { class: "dz-picker" });
    var chips = h("ul", { class: "dz-chips", "aria-label": "已选" });
    var status = h("div", { class: "visually-hidden", role: "status" });
    var results = h("ul", { class: "dz-results" });
    var input = h("input", { type: "search", autocomplete: "off", placeholder: options.kind === "people" ? "输入姓名或拼音查找" : "输入组织名称查找" });
    var timer = null;

    function drawChips() {
      chips.replaceChildren.apply(chips, chosen.map(function (id) {
        var name = names[id] || (options.kind === "people" ? D.personName(id) : D.organisationName(id));
        return h("li", {}, [name, h("button", { type: "button", class: "dz-chip-x", "aria-label": "移除 " + name, text: "×", onclick: function () {
          chosen = chosen.filter(function (other) { return other !== id; });
          drawChips();
          options.onchange(chosen.slice());
        } })]);
      }));
    }

    function pick(item) {
      chosen = options.multiple ? chosen.filter(function (id) { return id !== item.id; }).concat([item.id]) : [item.id];
      results.replaceChildren();
      input.value = "";
      drawChips();
      options.onchange(chosen.slice());
      status.textContent = "已选 " + item.name;
      input.focus();
    }

    function find() {
      var query = input.value.trim();
      if (!query) { results.replaceChildren(); status.textContent = ""; return; }
      D.search(options.kind, query).then(function (found) {
        results.replaceChildren.apply(results, found.slice(0, 20).map(function (item) {
          var words = item.name + (item.organisation ? " · " + item.organisation : "");
          return h("li", {}, [h("button", { type: "button", class: "dz-result", text: words, onclick: function () { pick(item); } })]);
        }));
        status.textContent = found.length ? "找到 " + found.length + " 项" : "没有找到";
      });
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(find, 250); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); clearTimeout(timer); find(); }
      if (event.key === "ArrowDown") {
        var first = results.querySelector("button");
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
    results.addEventListener("keydown", function (event) {
      var buttons = Array.prototype.slice.call(results.querySelectorAll("button"));
      var at = buttons.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < buttons.length - 1) { event.preventDefault(); buttons[at + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? buttons[at - 1] : input).focus(); }
      if (event.key === "Escape") { results.replaceChildren(); input.focus(); }
    });
    drawChips();
    box.appendChild(D.field(options.label, input));
    box.appendChild(results);
    box.appendChild(chips);
    box.appendChild(status);
    return box;
  };
})();
