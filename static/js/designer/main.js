// The process designer, part 8 of 8: the page — tabs (流程 / 表单 / 模拟), the side panel of the selected node or
// branch, live validation after each change, the draft saved by itself (and by its button) and 发布.
(function () {
  "use strict";
  var D = window.Designer;
  var h = D.h;
  var validateTimer = null;
  var saveTimer = null;
  var dirty = false;
  var asked = 0;

  function status(text, bad) {
    var el = D.root.querySelector("#designer-status");
    el.textContent = text;
    el.classList.toggle("error", !!bad);
  }

  D.selectItem = function (id) {
    D.selected = id;
    D.renderFlow();
    D.renderPanel(true);
  };

  D.renderPanel = function (focus) {
    var panel = D.root.querySelector("#designer-panel");
    var body = panel.querySelector(".dz-panel-body");
    if (D.selected === D.START) {
      panel.querySelector("#designer-panel-title").textContent = "发起人";
      var withdraw = h("input", { type: "checkbox", checked: D.doc.settings.withdraw !== false, onchange: function () {
        D.doc.settings.withdraw = withdraw.checked;
        D.changed();
      } });
      body.replaceChildren(h("label", { class: "dz-check" }, [withdraw, "允许发起人撤回（在任何人处理之前）"]),
        D.permissionTable({ holder: D.doc.settings, key: "fields", fallback: "edit", edit: "可填写", caption: "发起人填写的字段",
          help: "由办理或审批节点填写的字段（如考核结果），可在这里设为隐藏，发起时就不会出现。" }),
        h("p", { class: "help", text: "谁可以发起这个流程，在流程的基本设置中指定。" }));
      panel.hidden = false;
      D.root.classList.add("has-panel");
      if (focus) { withdraw.focus(); }
      return;
    }
    var at = D.selected ? D.locate(D.selected) : null;
    if (!at) {
      panel.hidden = true;
      D.root.classList.remove("has-panel");
      return;
    }
    var isBranch = at.parent && at.list === at.parent.branches;
    var title = isBranch ? "分支：" + (at.item.name || "") : at.item.name || "";
    panel.querySelector("#designer-panel-title").textContent = title;
    body.replaceChildren.apply(body, [h("ul", { class: "dz-problems" })]
      .concat(isBranch ? D.branchPanel(at.item, at.parent) : D.nodePanel(at.item)).filter(Boolean));
    panelProblems();
    panel.hidden = false;
    D.root.classList.add("has-panel");
    if (focus) {
      var first = body.querySelector("input, select, textarea, button");
      if (first) { first.focus(); }
    }
  };

  // The selected node's problems at the top of the panel (redrawn alone while someone types in the panel).
  function panelProblems() {
    var list = D.root.querySelector("#designer-panel .dz-problems");
    if (!list || !D.selected) { return; }
    list.replaceChildren.apply(list, D.problemsFor(D.selected).map(function (p) {
      return h("li", { class: p.level === "warning" ? "dz-warning" : "error", text: p.message });
    }));
  }

  function closePanel() {
    var was = D.selected;
    D.selected = null;
    D.renderFlow();
    D.renderPanel();
    var card = was && D.root.querySelector('[data-node="' + was + '"], [data-branch="' + was + '"]');
    if (card) { card.focus(); }
  }

  // After every change: redraw what shows it, validate soon, save a little later.
  D.changed = function (structural, fromForm) {
    dirty = true;
    status("有未保存的修改");
    D.renderFlow();
    if (structural) { D.renderPanel(); }
    if (fromForm && structural) { D.renderForm(); }
    clearTimeout(validateTimer);
    validateTimer = setTimeout(validate, 600);
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 2500);
  };

  function showProblems(problems) {
    D.problems = problems || [];
    D.renderFlow();
    var list = D.root.querySelector("#designer-problems");
    var items = D.problems.map(function (p) {
      var where = "";
      var at = p.node ? D.locate(p.node) : null;
      if (at) { where = "「" + (at.item.name || "") + "」"; }
      else if (p.field && D.fieldByKey(p.field)) { where = "字段「" + D.fieldLabel(p.field) + "」"; }
      return h("li", { class: p.level === "warning" ? "dz-warning" : "error" }, [where ? h("strong", { text: where + "：" }) : null, p.message]);
    });
    list.replaceChildren.apply(list, items);
    var count = D.problems.filter(function (p) { return p.level !== "warning"; }).length;
    D.root.querySelector("#designer-problem-count").textContent = count ? count + " 个问题待处理" : D.problems.length ? "没有错误（有提示）" : "没有发现问题";
    var open = document.activeElement;
    if (D.root.querySelector("#designer-panel").contains(open)) { panelProblems(); } else { D.renderPanel(); }
    if (D.root.querySelector("#tab-form").getAttribute("aria-selected") === "true" && !D.root.querySelector("#form-canvas").contains(open)) { D.renderForm(); }
  }

  function validate() {
    asked += 1;
    var mine = asked;
    return D.call("POST", D.urls.validate, { document: D.doc }).then(function (reply) {
      if (mine === asked && reply.ok) { showProblems(reply.data.problems); }
    }).catch(function () { status("校验失败：网络错误", true); });
  }

  function save() {
    clearTimeout(saveTimer);
    if (!D.urls.draft) { return Promise.resolve(false); }
    status("正在保存…");
    var sent = JSON.stringify(D.doc);
    return D.call("PUT", D.urls.draft, { document: D.doc }).then(function (reply) {
      if (!reply.ok) { status("保存失败：" + (reply.data.message || "请稍后再试"), true); return false; }
      if (JSON.stringify(D.doc) === sent) { dirty = false; }
      status(dirty ? "有未保存的修改" : "草稿已保存");
      return true;
    }).catch(function () { status("保存失败：网络错误", true); return false; });
  }

  function publish() {
    var button = D.root.querySelector("#designer-publish");
    button.disabled = true;
    save().then(function (saved) {
      if (!saved) { return; }
      return D.call("POST", D.urls.publish, {}).then(function (reply) {
        if (reply.ok) {
          status("已发布为第 " + reply.data.number + " 版");
          return;
        }
        if (reply.data.problems) { showProblems(reply.data.problems); }
        status(reply.data.code === "definition_invalid" ? "未能发布：请先处理下列问题" : "未能发布：" + (reply.data.message || ""), true);
        D.root.querySelector("#designer-problems-box").focus();
      });
    }).catch(function () { status("发布失败：网络错误", true); }).then(function () { button.disabled = false; });
  }

  function showTab(name) {
    ["flow", "form", "simulate"].forEach(function (tab) {
      var on = tab === name;
      var button = D.root.querySelector("#tab-" + tab);
      button.setAttribute("aria-selected", String(on));
      button.tabIndex = on ? 0 : -1;
      D.root.querySelector("#pane-" + tab).hidden = !on;
    });
    if (name === "form") { D.renderForm(); }
    if (name === "simulate") { D.renderSimulate(); }
  }

  function tabs() {
    var names = ["flow", "form", "simulate"];
    names.forEach(function (name, index) {
      var button = D.root.querySelector("#tab-" + name);
      button.addEventListener("click", function () { showTab(name); });
      button.addEventListener("keydown", function (event) {
        var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (!step) { return; }
        var next = names[(index + step + names.length) % names.length];
        showTab(next);
        D.root.querySelector("#tab-" + next).focus();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.getElementById("designer")) { return; }
    D.init();
    tabs();
    D.root.querySelector("#designer-save").addEventListener("click", save);
    D.root.querySelector("#designer-publish").addEventListener("click", publish);
    D.root.querySelector("#designer-panel-close").addEventListener("click", closePanel);
    D.root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && D.selected && D.root.querySelector("#designer-panel").contains(document.activeElement)) { closePanel(); }
    });
    window.addEventListener("beforeunload", function (event) { if (dirty) { event.preventDefault(); } });
    D.renderFlow();
    showTab("flow");
    status("草稿");
    validate();
  });
})();
