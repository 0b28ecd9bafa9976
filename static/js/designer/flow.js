// The process designer, part 3 of 8: the vertical flow (发起人 → nodes → 结束), a "+" between every two nodes, branch
// columns side by side, drag and drop within a path (SortableJS) and the node cards that open the side panel.
(function () {
  "use strict";
  var D = window.Designer;
  var h = D.h;
  var ADDABLE = ["approval", "handling", "cc", "condition", "parallel", "notice"];
  var sortables = [];
  var START = D.START = "@start";  // the 发起人 card: not a node of the document

  function typeName(type) {
    return D.label("node_types", type) || { approval: "审批人", handling: "办理人", cc: "抄送人", notice: "通知", condition: "条件分支", parallel: "并行分支" }[type];
  }

  // The "+" after position `index` of the path `list`: a button that opens a menu of node types.
  function adder(list, index, where) {
    var menuId = D.uid("add");
    var button = h("button", { type: "button", class: "flow-add", "aria-expanded": "false", "aria-controls": menuId,
      "aria-label": "在" + where + "添加节点", text: "+" });
    var menu = h("div", { class: "flow-menu", id: menuId, role: "group", "aria-label": "添加节点", hidden: true },
      ADDABLE.map(function (type) {
        return h("button", { type: "button", "data-type": type, onclick: function () {
          var node = D.newNode(type);
          close();
          list.splice(index, 0, node);
          D.changed(true);
          D.selectItem(node.id);
        } }, [h("span", { class: "flow-icon", "aria-hidden": "true", text: D.ICONS[type] }), typeName(type)]);
      }));
    function close() { menu.hidden = true; button.setAttribute("aria-expanded", "false"); }
    button.addEventListener("click", function () {
      var open = menu.hidden;
      D.root.querySelectorAll(".flow-menu").forEach(function (other) { other.hidden = true; });
      D.root.querySelectorAll(".flow-add").forEach(function (other) { other.setAttribute("aria-expanded", "false"); });
      menu.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      if (open) { menu.querySelector("button").focus(); }
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); button.focus(); }
    });
    return h("div", { class: "flow-gap" }, [button, menu]);
  }

  function card(node) {
    var problems = D.problemsFor(node.id);
    var errors = problems.filter(function (p) { return p.level !== "warning"; });
    var selected = D.selected === node.id;
    var classes = "flow-card kind-" + node.type + (selected ? " is-selected" : "") +
      (errors.length ? " has-problem" : problems.length ? " has-warning" : "");
    var open = h("button", { type: "button", class: "flow-open", "data-node": node.id, "aria-pressed": String(selected),
      onclick: function () { D.selectItem(node.id); } }, [
      h("span", { class: "flow-kind" }, [h("span", { class: "flow-icon", "aria-hidden": "true", text: D.ICONS[node.type] }), typeName(node.type)]),
      h("span", { class: "flow-name", text: node.name || typeName(node.type) }),
      h("span", { class: "flow-summary", text: D.summary(node) })
    ]);
    var remove = h("button", { type: "button", class: "flow-remove", "aria-label": "删除 " + (node.name || typeName(node.type)), text: "×",
      onclick: function () { D.removeNode(node.id); } });
    var notes = problems.map(function (p) {
      return h("span", { class: p.level === "warning" ? "flow-note warn" : "flow-note", text: p.message });
    });
    return h("div", { class: classes }, [h("span", { class: "flow-handle", "aria-hidden": "true", title: "拖动以调整顺序", text: "⠿" }), open, remove].concat(notes));
  }

  function branchColumn(node, branch, index) {
    var isCondition = node.type === "condition";
    var problems = D.problemsFor(branch.id);
    var selected = D.selected === branch.id;
    var badge = isCondition ? (branch["default"] ? "默认" : "优先级 " + (branch.priority || "?")) : null;
    var head = h("button", { type: "button", class: "flow-branch-head" + (selected ? " is-selected" : "") + (problems.length ? " has-problem" : ""),
      "aria-pressed": String(selected), "data-branch": branch.id, onclick: function () { D.selectItem(branch.id); } }, [
      h("span", { class: "flow-name", text: branch.name || "分支" + (index + 1) }),
      badge ? h("span", { class: "badge", text: badge }) : null,
      isCondition && !branch["default"] ? h("span", { class: "flow-summary", text: D.whenWords(branch.when) }) : null
    ]);
    var notes = problems.map(function (p) { return h("span", { class: "flow-note", text: p.message }); });
    return h("div", { class: "flow-branch" }, [head].concat(notes, [path(branch.nodes, "分支「" + (branch.name || index + 1) + "」")]));
  }

  function item(node, list, index) {
    var li = h("li", { class: "flow-item" + (node.branches ? " flow-split" : ""), "data-id": node.id }, [card(node)]);
    if (node.branches) {
      var ordered = node.branches.slice();
      if (node.type === "condition") {
        ordered.sort(function (a, b) { return (a["default"] ? 1 : 0) - (b["default"] ? 1 : 0) || (a.priority || 0) - (b.priority || 0); });
      }
      var columns = h("div", { class: "flow-branches kind-" + node.type }, ordered.map(function (branch, at) { return branchColumn(node, branch, at); }));
      var more = h("button", { type: "button", class: "flow-more", text: node.type === "condition" ? "添加条件" : "添加分支",
        onclick: function () { D.addBranch(node); } });
      li.appendChild(h("div", { class: "flow-branches-wrap" }, [more, columns]));
    }
    li.appendChild(adder(list, index + 1, "「" + (node.name || typeName(node.type)) + "」之后"));
    return li;
  }

  function path(list, where) {
    var ol = h("ol", { class: "flow-path" }, list.map(function (node, index) { return item(node, list, index); }));
    ol.dzList = list;
    var wrap = h("div", { class: "flow-lane" }, [adder(list, 0, where + "开头"), ol]);
    return wrap;
  }

  D.whenWords = function (when) {
    var any = when && when.any;
    var conditions = (when && (when.all || when.any)) || [];
    if (!conditions.length) { return "（未设置条件）"; }
    return conditions.map(D.conditionWords).join(any ? " 或 " : " 且 ");
  };

  // The 发起人 card's words: 撤回, and how many fields the initiator does not fill in (settings.fields).
  function startWords() {
    var rights = D.doc.settings.fields || {};
    var later = D.doc.form.fields.filter(function (field) { return (rights[field.key] || "edit") !== "edit"; }).length;
    return (D.doc.settings.withdraw === false ? "提交后不可撤回" : "可在无人处理前撤回") + (later ? " · " + later + " 个字段发起时不填" : "");
  }

  D.renderFlow = function () {
    if (D.dragging) { D.redrawAfterDrag = true; return; }  // a redraw now would pull the list from under the pointer
    D.redrawAfterDrag = false;
    sortables.forEach(function (s) { s.destroy(); });
    sortables = [];
    var box = D.root.querySelector("#flow-canvas");
    var focused = document.activeElement && (document.activeElement.getAttribute("data-node") || document.activeElement.getAttribute("data-branch"));
    // an open "+" menu stays open across a redraw (validation redraws while someone picks a node type)
    var menus = Array.prototype.slice.call(box.querySelectorAll(".flow-menu"));
    var openMenu = menus.findIndex(function (menu) { return !menu.hidden; });
    var menuFocus = openMenu !== -1 && menus[openMenu].contains(document.activeElement) ? document.activeElement.getAttribute("data-type") : null;
    var addFocus = Array.prototype.indexOf.call(box.querySelectorAll(".flow-add"), document.activeElement);
    var top = h("ol", { class: "flow-path flow-main" }, [
      h("li", { class: "flow-item" }, [h("div", { class: "flow-card flow-start" + (D.selected === START ? " is-selected" : "") }, [
        h("button", { type: "button", class: "flow-open", "data-node": START, "aria-pressed": String(D.selected === START), onclick: function () { D.selectItem(START); } }, [
          h("span", { class: "flow-kind" }, [h("span", { class: "flow-icon", "aria-hidden": "true", text: "◉" }), "发起人"]),
          h("span", { class: "flow-summary", text: startWords() })])])])
    ]);
    var main = path(D.doc.nodes, "流程");
    var end = h("div", { class: "flow-card flow-end" }, [h("span", { class: "flow-name", text: "结束" })]);
    box.replaceChildren(top, main, end);
    if (window.Sortable) {
      box.querySelectorAll("ol.flow-path").forEach(function (ol) {
        if (!ol.dzList) { return; }
        sortables.push(window.Sortable.create(ol, {
          handle: ".flow-handle", draggable: ".flow-item", animation: 120, forceFallback: true, group: { name: D.uid("path"), pull: false, put: false },
          onStart: function () { D.dragging = true; },
          onEnd: function (event) {
            D.dragging = false;
            if (event.oldIndex === event.newIndex) {
              if (D.redrawAfterDrag) { D.renderFlow(); }
              return;
            }
            var moved = ol.dzList.splice(event.oldIndex, 1)[0];
            ol.dzList.splice(event.newIndex, 0, moved);
            D.changed(true);
          }
        }));
      });
    }
    var reopen = openMenu !== -1 ? box.querySelectorAll(".flow-menu")[openMenu] : null;
    if (reopen) {
      reopen.hidden = false;
      reopen.parentNode.querySelector(".flow-add").setAttribute("aria-expanded", "true");
      if (menuFocus) { reopen.querySelector('[data-type="' + menuFocus + '"]').focus(); }
    }
    if (addFocus !== -1 && box.querySelectorAll(".flow-add")[addFocus]) { box.querySelectorAll(".flow-add")[addFocus].focus(); }
    if (focused) {
      var again = box.querySelector('[data-node="' + focused + '"], [data-branch="' + focused + '"]');
      if (again) { again.focus(); }
    }
  };

  // A click anywhere but on an open "+" menu closes it.
  document.addEventListener("click", function (event) {
    if (!D.root || event.target.closest(".flow-gap")) { return; }
    D.root.querySelectorAll(".flow-menu:not([hidden])").forEach(function (menu) {
      menu.hidden = true;
      menu.parentNode.querySelector(".flow-add").setAttribute("aria-expanded", "false");
    });
  });

  D.removeNode = function (id) {
    var at = D.locate(id);
    if (!at) { return; }
    at.list.splice(at.index, 1);
    if (D.selected === id) { D.selectItem(null); }
    D.changed(true);
    var next = D.root.querySelector("#flow-canvas .flow-add");
    if (next) { next.focus(); }
  };

  D.moveNode = function (id, step) {
    var at = D.locate(id);
    var to = at ? at.index + step : -1;
    if (!at || to < 0 || to >= at.list.length) { return; }
    at.list.splice(at.index, 1);
    at.list.splice(to, 0, at.item);
    D.changed(true);
  };

  D.addBranch = function (node) {
    var n = node.branches.length + 1;
    var branch = { id: D.newId("branch"), name: (node.type === "condition" ? "条件" : "分支") + n, nodes: [] };
    if (node.type === "condition") {
      var highest = node.branches.reduce(function (top, b) { return Math.max(top, b.priority || 0); }, 0);
      branch.priority = highest + 1;
    }
    node.branches.push(branch);
    D.changed(true);
    D.selectItem(branch.id);
  };
})();
