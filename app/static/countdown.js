/* Live countdown to the nominations deadline; the server already printed the days left. */
(function () {
  "use strict";
  var box = document.getElementById("countdown");
  if (!box) { return; }
  var deadline = new Date(box.dataset.deadline).getTime();
  function tick() {
    var left = Math.floor((deadline - Date.now()) / 1000);
    if (left <= 0) { box.textContent = box.dataset.labelClosed; return; }
    var days = Math.floor(left / 86400);
    var hours = Math.floor((left % 86400) / 3600);
    var minutes = Math.floor((left % 3600) / 60);
    box.textContent = days + " " + box.dataset.labelDays + ", " + hours + " " +
      box.dataset.labelHours + ", " + minutes + " " + box.dataset.labelMinutes;
  }
  tick();
  window.setInterval(tick, 30000);
})();
