// Live updates: one websocket per signed-in page. A notification is announced and refreshes the task list in
// place when it is on the page; the "counts" frame after it updates the bell and the 待办 badge. The socket
// reconnects with back-off.
(function () {
  "use strict";
  var body = document.body;
  if (!body || body.getAttribute("data-live") !== "on" || !window.WebSocket) return;
  var scheme = location.protocol === "https:" ? "wss://" : "ws://";
  var delay = 1000;

  function setCount(name, value) {
    document.querySelectorAll('[data-count="' + name + '"]').forEach(function (el) {
      el.textContent = value > 0 ? String(value) : "";
      el.hidden = !(value > 0);
    });
  }

  // The bulk bar shows the controls for the kinds of rows that can be ticked (认领 or 批量同意).
  function syncBulkBar(list) {
    var bar = document.getElementById("bulk-bar");
    if (!bar) return;
    var any = false;
    bar.querySelectorAll("[data-for]").forEach(function (el) {
      var present = !!list.querySelector('input[data-kind="' + el.getAttribute("data-for") + '"]');
      el.hidden = !present;
      any = any || present;
    });
    bar.hidden = !any;
  }

  function refreshTasks() {
    var list = document.getElementById("task-list");
    if (!list) return;
    fetch(location.href, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("task-list");
        if (!fresh) return;
        // Rows ticked before the refresh stay ticked: a step arriving must not undo the person's selection.
        var ticked = {};
        list.querySelectorAll('input[name="task"]:checked').forEach(function (box) { ticked[box.value] = true; });
        list.innerHTML = fresh.innerHTML;
        list.querySelectorAll('input[name="task"]').forEach(function (box) { box.checked = !!ticked[box.value]; });
        syncBulkBar(list);
      });
  }

  function announce(message) {
    var region = document.getElementById("live-region");
    if (region && message.title) region.textContent = message.title;
  }

  function connect() {
    var socket = new WebSocket(scheme + location.host + "/ws/events/");
    socket.onopen = function () { delay = 1000; };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (typeof message.unread === "number") setCount("unread", message.unread);
      if (typeof message.todo === "number") setCount("todo", message.todo);
      if (message.type === "counts") return;
      announce(message);
      refreshTasks();
    };
    socket.onclose = function (event) {
      if (event.code === 4401) return; // signed out: do not retry
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
