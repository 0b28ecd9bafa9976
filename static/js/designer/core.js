// The process designer (templates/designer/edit.html), part 1 of 8: the shared namespace, DOM building, the server
// calls and the document helpers. Classic scripts loaded in order (no modules: hashed static names stay simple);
// each adds to window.Designer. The page's words for people come from the server (json_script "designer-labels")
// or, for the designer's own chrome, are Chinese literals here (the UI language; English is not offered in JS yet).
(function () {
  "use strict";
  var D = (window.Designer = window.Designer || {});

  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // h("button", {class: "x", onclick: fn, "aria-label": "…"}, [children]): an element without innerHTML.
  D.h = function (tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) { return; }
      if (key.slice(0, 2) === "on") { el.addEventListener(key.slice(2), value); }
      else if (key === "class") { el.className = value; }
      else if (key === "text") { el.textContent = value; }
      else if (key === "value") { el.value = value; }
      else if (key === "checked" || key === "hidden" || key === "disabled" || key === "selected") { el[key] = !!value; }
      else { el.setAttribute(key, value === true ? "" : value); }
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) { return; }
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  };

  var serial = 0;
  D.uid = function (prefix) { serial += 1; return (prefix || "d") + "-" + serial; };

  // A labelled control: <div class="field"><label for>…</label>control<div class=help/></div>.
  D.field = function (label, control, help) {
    if (!control.id) { control.id = D.uid("c"); }
    var helpEl = null;
    if (help) {
      helpEl = D.h("div", { class: "help", id: control.id + "-help", text: help });
      control.setAttribute("aria-describedby", helpEl.id);
    }
    return D.h("div", { class: "field" }, [D.h("label", { for: control.id, text: label }), control, helpEl]);
  };

  D.select = function (options, value, onchange, attrs) {
    var select = D.h("select", Object.assign({ onchange: function () { onchange(select.value); } }, attrs || {}),
      options.map(function (option) {
        return D.h("option", { value: option[0], text: option[1], selected: String(option[0]) === String(value) });
      }));
    return select;
  };

  D.init = function () {
    D.root = document.getElementById("designer");
    D.doc = read("designer-document") || {};
    D.labels = read("designer-labels") || {};
    D.urls = read("designer-urls") || {};
    D.doc.format = D.doc.format || 1;
    D.doc.form = D.doc.form || { fields: [] };
    D.doc.form.fields = D.doc.form.fields || [];
    D.doc.nodes = D.doc.nodes || [];
    D.doc.settings = D.doc.settings || { withdraw: true };
    var names = D.labels.names || {};
    D.people = names.people || {};
    D.organisations = names.organisations || {};
    D.problems = [];
  };

  D.label = function (group, code) {
    var found = (D.labels[group] || []).filter(function (pair) { return pair[0] === code; })[0];
    return found ? found[1] : "";
  };

  // ---- server calls -------------------------------------------------------------------------------------------
  function token() {
    var input = D.root && D.root.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) { return input.value; }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  D.call = function (method, url, body) {
    var options = { method: method, credentials: "same-origin", headers: { Accept: "application/json", "X-CSRFToken": token() } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  };

  D.search = function (kind, query) {
    var url = D.urls[kind];
    if (!url) { return Promise.resolve([]); }
    var join = url.indexOf("?") === -1 ? "?" : "&";
    return D.call("GET", url + join + "q=" + encodeURIComponent(query)).then(function (reply) {
      var results = (reply.ok && reply.data.results) || [];
      results.forEach(function (item) { (kind === "people" ? D.people : D.organisations)[item.id] = item.name; });
      return results;
    });
  };

  // ---- the document -------------------------------------------------------------------------------------------
  function allIds(nodes, into) {
    (nodes || []).forEach(function (node) {
      into[node.id] = true;
      (node.branches || []).forEach(function (branch) { into[branch.id] = true; allIds(branch.nodes, into); });
    });
    return into;
  }

  D.newId = function (prefix, also) {
    var taken = prefix === "field" ? {} : allIds(D.doc.nodes, {});
    (also || []).forEach(function (id) { taken[id] = true; });
    if (prefix === "field") { D.doc.form.fields.forEach(function (f) { taken[f.key] = true; }); }
    var n = 1;
    while (taken[prefix + "_" + n]) { n += 1; }
    return prefix + "_" + n;
  };

  // Where a node or branch sits: {item, list (the array holding it), index, parent (branching node or null)}.
  D.locate = function (id, nodes, parent) {
    nodes = nodes || D.doc.nodes;
    for (var i = 0; i < nodes.length; i += 1) {
      var node = nodes[i];
      if (node.id === id) { return { item: node, list: nodes, index: i, parent: parent || null }; }
      var branches = node.branches || [];
      for (var j = 0; j < branches.length; j += 1) {
        if (branches[j].id === id) { return { item: branches[j], list: branches, index: j, parent: node }; }
        var inner = D.locate(id, branches[j].nodes, node);
        if (inner) { return inner; }
      }
    }
    return null;
  };

  D.fieldByKey = function (key) {
    return D.doc.form.fields.filter(function (field) { return field.key === key; })[0] || null;
  };

  var NAMES = { approval: "审批人", handling: "办理人", cc: "抄送人", notice: "通知", condition: "条件分支", parallel: "并行分支" };

  D.newNode = function (type) {
    var node = { id: D.newId("node"), type: type, name: D.label("node_types", type) || NAMES[type] };
    if (type === "approval" || type === "handling") {
      node.who = { source: "superior", levels: 1 };
      node.mode = type === "approval" ? "sequential" : "any";
    } else if (type === "cc" || type === "notice") {
      node.who = { source: "initiator" };
      if (type === "notice") { node.text = ""; }
    } else {
      var first = { id: D.newId("branch"), name: type === "condition" ? "条件1" : "分支1", nodes: [] };
      node.branches = [first];
      var second = { id: D.newId("branch", [first.id]), name: type === "condition" ? "其他情况" : "分支2", nodes: [] };
      node.branches.push(second);
      if (type === "condition") {
        first.priority = 1;
        second["default"] = true;
      }
    }
    return node;
  };

  D.problemsFor = function (id) {
    return D.problems.filter(function (problem) { return problem.node === id; });
  };
})();
