// Person and organisation pickers (accounts/pickers.py renders them; templates/_person_picker.html holds the words).
// A <select data-picker="person|organisation"> becomes a combobox (WAI-ARIA APG "combobox with listbox popup"):
// typing filters its options by what each option's data-search holds (name, pinyin initials, the last digits of a
// phone or ID number, the organisation); arrow keys move through the list (aria-activedescendant), Enter picks,
// Escape closes (a second Escape clears); the number of matches is announced. The <select> stays in the form and
// holds the value, so without JavaScript the page works the same. A list of checkboxes marked data-picker="people"
// gets a search box that hides the people who do not match. The server checks every choice again.
(function () {
  "use strict";
  var text = document.getElementById("picker-text");
  if (!text) { return; }
  var LIMIT = 100;
  var serial = 0;

  function words(key, values) {
    return (text.getAttribute("data-" + key) || "").replace(/%\((\w+)\)s/g, function (_m, name) {
      return values && name in values ? values[name] : "";
    });
  }

  function normalise(value) {
    return (value || "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function matches(haystack, query) {
    return query.split(" ").every(function (part) { return haystack.indexOf(part) !== -1; });
  }

  function labelOf(control) {
    return control.id ? document.querySelector('label[for="' + control.id + '"]') : null;
  }

  function combobox(select) {
    serial += 1;
    var base = (select.id || "picker") + "-p" + serial;
    var kind = select.getAttribute("data-picker");
    var entries = Array.prototype.map.call(select.options, function (option, index) {
      var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label : "";
      var search = normalise(option.text + " " + (option.getAttribute("data-search") || "") + " " + group);
      return { option: option, index: index, search: search, group: group };
    }).filter(function (entry) { return entry.option.value !== ""; });

    var wrap = document.createElement("div");
    wrap.className = "picker";
    var input = document.createElement("input");
    input.type = "text";
    input.id = base + "-input";
    input.className = "picker-input";
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", base + "-list");
    if (select.required) { input.setAttribute("aria-required", "true"); }
    var blank = Array.prototype.filter.call(select.options, function (option) { return option.value === ""; })[0];
    if (blank && blank.text.trim() !== "—") { input.placeholder = blank.text.trim(); }
    if (select.getAttribute("aria-invalid")) { input.setAttribute("aria-invalid", select.getAttribute("aria-invalid")); }
    var hint = document.createElement("div");
    hint.className = "help picker-hint";
    hint.id = base + "-hint";
    hint.textContent = words(kind === "organisation" ? "organisation-hint" : "person-hint");
    var described = [hint.id];
    if (select.getAttribute("aria-describedby")) { described.push(select.getAttribute("aria-describedby")); }
    input.setAttribute("aria-describedby", described.join(" "));
    var list = document.createElement("ul");
    list.id = base + "-list";
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");

    var label = labelOf(select);
    if (label) {
      label.htmlFor = input.id;
      if (!label.id) { label.id = base + "-label"; }
      list.setAttribute("aria-labelledby", label.id);
    }
    // The select stays in the form (and in reach of scripts and tests that set it) but out of sight and out of the
    // accessibility tree; it must not stop the form either: the server checks the choice.
    select.required = false;
    select.classList.add("visually-hidden");
    select.setAttribute("aria-hidden", "true");
    select.setAttribute("aria-label", label ? label.textContent.trim() : "");
    select.tabIndex = -1;
    select.parentNode.insertBefore(wrap, select);
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(status);
    wrap.appendChild(select);
    wrap.parentNode.insertBefore(hint, wrap.nextSibling);
    if (select.closest(".filters")) { hint.classList.add("visually-hidden"); }  // a filter bar has no room

    var shown = [];
    var active = -1;

    function chosen() {
      var option = select.options[select.selectedIndex];
      return option && option.value !== "" ? option : null;
    }

    function showChosen() {
      var option = chosen();
      input.value = option ? option.text : "";
    }

    function render(query) {
      list.textContent = "";
      shown = entries.filter(function (entry) { return !query || matches(entry.search, query); });
      var capped = shown.length > LIMIT;
      var current = chosen();
      shown.slice(0, LIMIT).forEach(function (entry, position) {
        var item = document.createElement("li");
        item.id = base + "-o" + entry.index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", entry.option === current ? "true" : "false");
        item.className = "picker-option depth-" + Math.min(+(entry.option.getAttribute("data-depth") || 0), 6);
        item.textContent = entry.option.text;
        if (entry.group) {
          var group = document.createElement("span");
          group.className = "picker-group";
          group.textContent = " · " + entry.group;
          item.appendChild(group);
        }
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { pick(position); });
        list.appendChild(item);
      });
      var count = shown.length;
      var said = count === 0 ? words("none") : count === 1 ? words("one") : words("many", { count: count });
      status.textContent = capped ? said + " " + words("capped", { count: LIMIT }) : said;
      shown = shown.slice(0, LIMIT);
      move(shown.length ? 0 : -1);
    }

    function open(query) {
      render(query);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function move(position) {
      var items = list.children;
      if (active >= 0 && items[active]) { items[active].classList.remove("active"); }
      active = position;
      if (active < 0 || !items[active]) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      items[active].classList.add("active");
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function pick(position) {
      var entry = shown[position];
      if (!entry) { return; }
      select.selectedIndex = entry.index;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      showChosen();
      close();
    }

    select.addEventListener("change", showChosen);  // set from elsewhere: the input shows it
    input.addEventListener("input", function () { open(normalise(input.value)); });
    input.addEventListener("click", function () {
      if (list.hidden) { open(chosen() ? "" : normalise(input.value)); }
    });
    input.addEventListener("keydown", function (event) {
      var openNow = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!openNow) { open(chosen() ? "" : normalise(input.value)); return; }
        if (event.altKey) { return; }
        var step = event.key === "ArrowDown" ? 1 : -1;
        if (shown.length) { move((active + step + shown.length) % shown.length); }
      } else if (event.key === "Enter" && openNow) {
        event.preventDefault();  // picks, never submits the form half-chosen
        pick(active);
      } else if (event.key === "Escape") {
        if (openNow) {
          event.preventDefault();
          close();
          showChosen();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          select.value = "";
          select.dispatchEvent(new Event("change", { bubbles: true }));
        }
      } else if ((event.key === "Home" || event.key === "End") && openNow && shown.length) {
        event.preventDefault();
        move(event.key === "Home" ? 0 : shown.length - 1);
      }
    });
    input.addEventListener("blur", function () {
      close();
      if (!normalise(input.value) && chosen()) {
        select.value = "";
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      showChosen();
    });
    showChosen();
  }

  function searchBox(first) {
    // The list's own box: the nearest one holding every checkbox of the field (a fieldset, a widget's <div>).
    var selector = 'input[type="checkbox"][name="' + CSS.escape(first.name) + '"]';
    var total = (first.form || document).querySelectorAll(selector).length;
    var fieldset = first.parentNode;
    while (fieldset.parentNode && fieldset.querySelectorAll(selector).length < total) { fieldset = fieldset.parentNode; }
    if (fieldset.hasAttribute("data-picker-ready")) { return; }
    fieldset.setAttribute("data-picker-ready", "");
    serial += 1;
    var base = "people-p" + serial;
    var boxes = Array.prototype.slice.call(fieldset.querySelectorAll('input[type="checkbox"][data-search]'));
    var rows = boxes.map(function (box) {
      var row = box.closest("li, div:not(.picker-find)") || box.parentNode;
      var label = box.closest("label") || labelOf(box);
      return { row: row, search: normalise((label ? label.textContent : "") + " " + box.getAttribute("data-search")) };
    });
    var find = document.createElement("div");
    find.className = "picker-find";
    var label = document.createElement("label");
    label.htmlFor = base + "-input";
    label.textContent = words("people-label");
    var input = document.createElement("input");
    input.type = "search";
    input.id = base + "-input";
    input.autocomplete = "off";
    input.setAttribute("aria-describedby", base + "-hint");
    var hint = document.createElement("div");
    hint.className = "help";
    hint.id = base + "-hint";
    hint.textContent = words("person-hint");
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    find.appendChild(label);
    find.appendChild(input);
    find.appendChild(hint);
    find.appendChild(status);
    var legend = fieldset.querySelector("legend");
    if (/^(UL|OL)$/.test(fieldset.tagName)) {
      fieldset.parentNode.insertBefore(find, fieldset);  // a list holds only its items: the box goes before it
    } else {
      fieldset.insertBefore(find, legend ? legend.nextSibling : fieldset.firstChild);
    }
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // searching never submits the form
    });
    input.addEventListener("input", function () {
      var query = normalise(input.value);
      var count = 0;
      rows.forEach(function (entry) {
        var hit = !query || matches(entry.search, query);
        entry.row.hidden = !hit;
        count += hit ? 1 : 0;
      });
      status.textContent = words("shown", { shown: count, total: rows.length });
    });
  }

  document.querySelectorAll("select[data-picker]").forEach(combobox);
  document.querySelectorAll('input[type="checkbox"][data-picker="people"]').forEach(searchBox);
})();
