// Live countdowns of the service queue: every element with data-deadline (ISO time) shows the time left.
(function () {
  "use strict";
  function pad(n) { return String(n).padStart(2, "0"); }
  function format(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    return (d ? d + "d " : "") + pad(h) + ":" + pad(m) + ":" + pad(s % 60);
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-deadline]").forEach(function (el) {
      var left = Date.parse(el.getAttribute("data-deadline")) - now;
      if (isNaN(left)) { return; }
      var overdue = left < 0;
      el.textContent = (overdue ? (el.getAttribute("data-overdue") || "-") + " " : "") + format(left);
      el.classList.toggle("text-danger", overdue);
      el.classList.toggle("text-warning-emphasis", !overdue && left < 10 * 60 * 1000);
    });
  }
  tick();
  setInterval(tick, 1000);
})();
