// The process designer, part 7 of 8: 模拟 — choose an initiator, fill in the form's values, choose the people of the
// nodes the initiator chooses for, and see the path the case would take: who would act at each node and why a node
// passes by itself.
(function () {
  "use strict";
  var D = window.Designer;
  var h = D.h;
  var sim = { initiator: null, values: {}, chosen: {} };

  function valueInput(field) {
    var values = sim.values;
    var key = field.key;
    var t = field.type;
    var set = function (value) { if (value === "" || value === null || (Array.isArray(value) && !value.length)) { delete values[key]; } else { values[key] = value; } };
    if (t === "choice") {
      return D.field(field.label, D.select([["", "（不填）"]].concat((field.options || []).map(function (o) { return [o, o]; })), values[key] || "", set));
    }
    if (t === "multichoice") {
      return h("fieldset", { class: "dz-radios" }, [h("legend", { text: field.label })].concat((field.options || []).map(function (option) {
        var box = h("input", { type: "checkbox", checked: (values[key] || []).indexOf(option) !== -1, onchange: function () {
          var now = (values[key] || []).filter(function (v) { return v !== option; });
          if (box.checked) { now.push(option); }
          set(now);
        } });
        return h("label", { class: "dz-check" }, [box, option]);
      })));
    }
    if (t === "person" || t === "organisation") {
      return D.picker({ kind: t === "person" ? "people" : "organisations", label: field.label, multiple: t === "person" && !!field.multiple,
        value: [].concat(values[key] || []), onchange: function (ids) { set(field.multiple ? ids : ids.length ? ids[0] : ""); } });
    }
    if (t === "daterange") {
      var range = values[key] || {};
      var part = function (label, name) {
        var input = h("input", { type: "date", value: range[name] || "", oninput: function () {
          range[name] = input.value;
          set(range.start && range.end ? { start: range.start, end: range.end } : "");
        } });
        return D.field(field.label + "：" + label, input);
      };
      return h("div", { class: "dz-between" }, [part("开始", "start"), part("结束", "end")]);
    }
    if (t === "table") {
      var sums = (field.columns || []).filter(function (c) { return c.type === "number" || c.type === "money"; });
      if (!sums.length) { return null; }
      return h("div", {}, sums.map(function (column) {
        var input = h("input", { type: "text", inputmode: "decimal", oninput: function () {
          var row = (values[key] || [{}])[0];
          row[column.key] = input.value.trim();
          set([row]);
        } });
        return D.field(field.label + "·" + column.label + "（一行）", input);
      }));
    }
    if (t === "number" || t === "money" || t === "text" || t === "textarea" || t === "date") {
      var el = h("input", { type: t === "date" ? "date" : "text", inputmode: t === "number" || t === "money" ? "decimal" : null,
        value: values[key] || "", oninput: function () { set(el.value.trim()); } });
      return D.field(field.label, el);
    }
    return null;
  }

  // What the initiator fills in when starting: settings.fields "edit" (the default); not an explanation.
  function initiatorFields() {
    var rights = D.doc.settings.fields || {};
    return D.doc.form.fields.filter(function (field) { return field.type !== "explanation" && (rights[field.key] || "edit") === "edit"; });
  }

  // The values typed in for fields the initiator still fills (a field set to 只读/隐藏 since is left out).
  function initiatorValues() {
    var out = {};
    initiatorFields().forEach(function (field) { if (sim.values[field.key] !== undefined) { out[field.key] = sim.values[field.key]; } });
    return out;
  }

  function chosenNodes(nodes, into) {
    (nodes || []).forEach(function (node) {
      if (node.who && node.who.source === "chosen") { into.push(node); }
      (node.branches || []).forEach(function (branch) { chosenNodes(branch.nodes, into); });
    });
    return into;
  }

  // The branch a visit is on, by its name (the server may give the branch's id, which people never read).
  function branchName(branch) {
    if (!branch) { return ""; }
    var at = D.locate(branch);
    if (at) { return at.item.name || ""; }
    return /^[a-z][a-z0-9_]*$/.test(branch) ? "" : branch;
  }

  function showResult(out, reply) {
    if (!reply.ok) {
      out.replaceChildren(h("p", { class: "error", text: reply.data.message || "模拟失败，请稍后再试。" }));
      return;
    }
    var data = reply.data;
    var parts = [];
    if (data.refused) {
      parts.push(h("p", { class: "error banner", text: "无法发起：" + data.refused.message }));
    }
    (data.problems || []).forEach(function (p) { parts.push(h("p", { class: p.level === "warning" ? "dz-warning" : "error", text: p.message })); });
    var steps = (data.visits || []).map(function (visit) {
      var people = (visit.people || []).map(function (p) { return p.name; }).join("、");
      var kind = D.label("node_types", visit.kind) || "";
      var how = visit.kind === "approval" ? D.MODES[visit.mode] : visit.kind === "handling" ? D.HANDLING_MODES[visit.mode] : "";
      var passed = D.PASSED[visit.passed_reason || ""] || "";
      var acts = ["approval", "handling", "cc", "notice"].indexOf(visit.kind) !== -1;
      return h("li", { class: "dz-visit kind-" + visit.kind, style: "--depth:" + (visit.depth || 0) }, [
        h("span", { class: "flow-kind", text: kind + (branchName(visit.branch) ? " · " + branchName(visit.branch) : "") }),
        h("strong", { text: visit.name }),
        acts ? h("span", { class: "flow-summary", text: people ? (how ? how + " · " : "") + people : "（无人）" }) : null,
        passed ? h("span", { class: "badge", text: passed }) : null
      ]);
    });
    parts.push(h("h3", { text: "模拟路径" }), h("ol", { class: "dz-visits" }, [h("li", { class: "dz-visit" }, [h("strong", { text: "发起人" })])]
      .concat(steps, [h("li", { class: "dz-visit" }, [h("strong", { text: data.refused ? "（不能发起）" : "结束" })])])));
    out.replaceChildren.apply(out, parts);
    out.focus();
  }

  D.renderSimulate = function () {
    var box = D.root.querySelector("#simulate-canvas");
    var out = h("div", { class: "dz-sim-result", tabindex: "-1", "aria-live": "polite" });
    var fields = initiatorFields().map(valueInput).filter(Boolean);
    var others = D.doc.form.fields.filter(function (field) { return field.type !== "explanation"; }).length - initiatorFields().length;
    var chosen = chosenNodes(D.doc.nodes, []).map(function (node) {
      return D.picker({ kind: "people", label: "「" + node.name + "」由发起人选择的人员", multiple: !!node.who.multiple, value: sim.chosen[node.id] || [],
        onchange: function (ids) { sim.chosen[node.id] = ids; } });
    });
    var run = h("button", { type: "button", class: "primary", text: "运行模拟", onclick: function () {
      if (!sim.initiator) { out.replaceChildren(h("p", { class: "error", text: "请先选择发起人。" })); out.focus(); return; }
      run.disabled = true;
      D.call("POST", D.urls.simulate, { document: D.doc, initiator: sim.initiator, values: initiatorValues(), chosen: sim.chosen })
        .then(function (reply) { showResult(out, reply); })
        .catch(function () { out.replaceChildren(h("p", { class: "error", text: "网络错误，请稍后再试。" })); })
        .then(function () { run.disabled = false; });
    } });
    box.replaceChildren(
      h("div", { class: "dz-sim-inputs card" }, [
        h("h2", { text: "模拟发起" }),
        D.picker({ kind: "people", label: "发起人", value: sim.initiator ? [sim.initiator] : [], onchange: function (ids) { sim.initiator = ids[0] || null; } }),
        fields.length || others ? h("fieldset", { class: "dz-group" }, [h("legend", { text: "表单内容" })].concat(fields,
          others ? [h("p", { class: "help dz-sim-note", text: "这里只列出发起人填写的字段；设为只读或隐藏的字段由后续节点填写，模拟时视为未填。" })] : [])) : null,
        chosen.length ? h("fieldset", { class: "dz-group" }, [h("legend", { text: "发起人自选" })].concat(chosen)) : null,
        run
      ]),
      h("div", { class: "card dz-sim-card" }, [out]));
  };
})();
