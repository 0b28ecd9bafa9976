// The process designer, part 6 of 8: the form tab — the field list (drag, or 上移/下移, to reorder), adding a field by
// type and editing the selected one: label, required, hint, limits, options, table columns. Keys are made here and
// never shown: people read labels.
(function () {
  "use strict";
  var D = window.Designer;
  var h = D.h;
  var COLUMN_TYPES = [["text", "文本"], ["number", "数字"], ["money", "金额"], ["date", "日期"], ["choice", "单选"]];
  var sortable = null;
  var addType = null;  // the type last chosen in 字段类型

  function typeName(type) { return D.label("field_types", type) || "字段"; }  // never the type code

  function input(label, value, oninput, attrs) {
    var el = h("input", Object.assign({ type: "text", value: value === undefined || value === null ? "" : String(value),
      oninput: function () { oninput(el.value.trim()); } }, attrs || {}));
    return D.field(label, el);
  }

  function optional(object, key, parse) {
    return function (value) {
      if (value === "") { delete object[key]; } else { object[key] = parse ? parse(value) : value; }
      D.changed(false, true);
    };
  }
  var int = function (value) { return parseInt(value, 10) || 0; };

  function optionsEditor(field, label) {
    var area = h("textarea", { rows: "4", oninput: function () {
      field.options = area.value.split("\n").map(function (line) { return line.trim(); }).filter(Boolean);
      D.changed(false, true);
    } });
    area.value = (field.options || []).join("\n");
    return D.field(label || "选项（每行一个）", area);
  }

  function columnsEditor(field) {
    var box = h("div", {});
    function draw() {
      field.columns = field.columns || [];
      box.replaceChildren(h("ol", { class: "dz-columns" }, field.columns.map(function (column, index) {
        var parts = [input("第" + (index + 1) + "列名称", column.label, function (v) { column.label = v; D.changed(false, true); }),
          D.field("第" + (index + 1) + "列类型", D.select(COLUMN_TYPES, column.type, function (type) {
            column.type = type;
            if (type === "choice") { column.options = column.options || []; } else { delete column.options; }
            draw();
            D.changed(false, true);
          }))];
        if (column.type === "choice") { parts.push(optionsEditor(column, "第" + (index + 1) + "列选项（每行一个）")); }
        parts.push(h("button", { type: "button", class: "danger", text: "删除第" + (index + 1) + "列", onclick: function () {
          field.columns.splice(index, 1);
          draw();
          D.changed(false, true);
        } }));
        return h("li", {}, parts);
      })), h("button", { type: "button", text: "添加列", onclick: function () {
        var taken = {};
        field.columns.forEach(function (c) { taken[c.key] = true; });
        var n = 1;
        while (taken["col_" + n]) { n += 1; }
        field.columns.push({ key: "col_" + n, type: "text", label: "列" + n });
        draw();
        D.changed(false, true);
      } }));
    }
    draw();
    return h("fieldset", { class: "dz-group" }, [h("legend", { text: "明细列" }), box]);
  }

  // The list row of a field follows its editor (the list is not redrawn while someone types in the editor).
  function rowName(field) {
    var row = D.root.querySelector('#form-canvas [data-field="' + field.key + '"] .flow-name');
    if (row) { row.textContent = (field.label || "（未命名字段）") + (field.required ? " *" : ""); }
  }

  function editor(field) {
    var parts = [input("字段名称", field.label, function (v) {
      field.label = v;
      rowName(field);
      D.changed(false, true);
    }, { required: true })];
    if (field.type === "explanation") {
      var area = h("textarea", { rows: "4", oninput: function () { field.text = area.value; D.changed(false, true); } });
      area.value = field.text || "";
      parts.push(D.field("说明文字", area));
    } else {
      var required = h("input", { type: "checkbox", checked: !!field.required, onchange: function () { field.required = required.checked; rowName(field); D.changed(false, true); } });
      parts.push(h("label", { class: "dz-check" }, [required, "必填"]),
        input("填写提示", field.hint, optional(field, "hint")));
    }
    var t = field.type;
    if (t === "text" || t === "textarea") { parts.push(input("最多字数", field.max_length, optional(field, "max_length", int), { inputmode: "numeric" })); }
    if (t === "number" || t === "money") {
      parts.push(input("最小值", field.min, optional(field, "min"), { inputmode: "decimal" }), input("最大值", field.max, optional(field, "max"), { inputmode: "decimal" }));
      if (t === "number") { parts.push(input("小数位数", field.places, optional(field, "places", int), { inputmode: "numeric" })); }
    }
    if (t === "date") { parts.push(input("最早日期", field.min, optional(field, "min"), { type: "date" }), input("最晚日期", field.max, optional(field, "max"), { type: "date" })); }
    if (t === "choice" || t === "multichoice") { parts.push(optionsEditor(field)); }
    if (t === "multichoice") { parts.push(input("最少选几项", field.min_count, optional(field, "min_count", int), { inputmode: "numeric" }), input("最多选几项", field.max_count, optional(field, "max_count", int), { inputmode: "numeric" })); }
    if (t === "person") {
      var multiple = h("input", { type: "checkbox", checked: !!field.multiple, onchange: function () { field.multiple = multiple.checked; D.changed(false, true); } });
      parts.push(h("label", { class: "dz-check" }, [multiple, "可选多人"]));
    }
    if (t === "attachments") { parts.push(input("最多文件数", field.max_count, optional(field, "max_count", int), { inputmode: "numeric" })); }
    if (t === "table") {
      parts.push(columnsEditor(field), input("最少行数", field.min_rows, optional(field, "min_rows", int), { inputmode: "numeric" }),
        input("最多行数", field.max_rows, optional(field, "max_rows", int), { inputmode: "numeric" }));
    }
    D.problems.filter(function (p) { return p.field === field.key; }).forEach(function (p) {
      parts.push(h("p", { class: p.level === "warning" ? "dz-warning" : "error", text: p.message }));
    });
    return parts;
  }

  function removeField(index) {
    var key = D.doc.form.fields[index].key;
    D.doc.form.fields.splice(index, 1);
    (function clean(nodes) {
      nodes.forEach(function (node) {
        if (node.fields) { delete node.fields[key]; }
        (node.branches || []).forEach(function (branch) { clean(branch.nodes || []); });
      });
    })(D.doc.nodes);
    var initiator = D.doc.settings.fields;
    if (initiator) {
      delete initiator[key];
      if (!Object.keys(initiator).length) { delete D.doc.settings.fields; }
    }
    D.selectedField = null;
    D.changed(true, true);
  }

  function moveField(index, step) {
    var fields = D.doc.form.fields;
    if (index + step < 0 || index + step >= fields.length) { return; }
    fields.splice(index + step, 0, fields.splice(index, 1)[0]);
    D.changed(true, true);
  }

  D.renderForm = function () {
    if (D.dragging) { return; }  // the drop redraws
    var box = D.root.querySelector("#form-canvas");
    var fields = D.doc.form.fields;
    var list = h("ol", { class: "dz-fields" }, fields.map(function (field, index) {
      var selected = D.selectedField === field.key;
      var problems = D.problems.filter(function (p) { return p.field === field.key; });
      return h("li", { class: "dz-field-row" + (selected ? " is-selected" : "") + (problems.length ? " has-problem" : "") }, [
        h("span", { class: "flow-handle", "aria-hidden": "true", text: "⠿" }),
        h("button", { type: "button", class: "dz-field-open", "aria-pressed": String(selected), "data-field": field.key,
          onclick: function () { D.selectedField = field.key; D.renderForm(); box.querySelector('[data-field="' + field.key + '"]').focus(); } },
          [h("span", { class: "flow-name", text: (field.label || "（未命名字段）") + (field.required ? " *" : "") }), h("span", { class: "flow-summary", text: typeName(field.type) })]),
        h("button", { type: "button", text: "↑", "aria-label": "上移 " + (field.label || ""), disabled: index === 0, onclick: function () { moveField(index, -1); } }),
        h("button", { type: "button", text: "↓", "aria-label": "下移 " + (field.label || ""), disabled: index === fields.length - 1, onclick: function () { moveField(index, 1); } }),
        h("button", { type: "button", class: "danger", text: "×", "aria-label": "删除 " + (field.label || ""), onclick: function () { removeField(index); } })
      ]);
    }));
    // the type chosen to add is kept: a redraw (after a check comes back) must not put the select back to the first type
    var type = D.select(D.labels.field_types || [], addType || (D.labels.field_types || [[""]])[0][0], function (value) { addType = value; });
    var add = h("div", { class: "dz-add-field" }, [D.field("字段类型", type), h("button", { type: "button", text: "添加字段", onclick: function () {
      var field = { key: D.newId("field"), type: type.value, label: typeName(type.value) };
      if (field.type === "choice" || field.type === "multichoice") { field.options = ["选项1", "选项2"]; }
      if (field.type === "table") { field.columns = [{ key: "col_1", type: "text", label: "名称" }, { key: "col_2", type: "money", label: "金额" }]; }
      if (field.type === "explanation") { field.text = ""; } else { field.required = false; }
      fields.push(field);
      D.selectedField = field.key;
      D.changed(true, true);
    } })]);
    var current = fields.filter(function (f) { return f.key === D.selectedField; })[0];
    var panel = h("div", { class: "dz-field-editor card", "aria-label": "编辑字段" }, current ? editor(current) : [h("p", { class: "help", text: "选择一个字段来编辑它。" })]);
    box.replaceChildren(h("div", { class: "dz-form-list" }, [fields.length ? list : h("p", { class: "help", text: "表单还没有字段。" }), add]), panel);
    if (sortable) { sortable.destroy(); sortable = null; }
    if (window.Sortable && fields.length) {
      sortable = window.Sortable.create(list, { handle: ".flow-handle", animation: 120, forceFallback: true,
        onStart: function () { D.dragging = true; },
        onEnd: function (event) {
          D.dragging = false;
          if (event.oldIndex === event.newIndex) { D.renderForm(); return; }
          fields.splice(event.newIndex, 0, fields.splice(event.oldIndex, 1)[0]);
          D.changed(true, true);
        } });
    }
  };
})();
