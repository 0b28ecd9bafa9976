// Live updates: one websocket per signed-in page. A notification updates the bell and the 待办 badge,
// and refreshes the task list in place when it is on the page; the socket reconnects with back-off.
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

  function refreshTasks() {
    var list = document.getElementById("task-list");
    if (!list) return;
    fetch(location.href, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("task-list");
        if (fresh) list.innerHTML = fresh.innerHTML;
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
