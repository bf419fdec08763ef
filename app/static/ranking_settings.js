/* Ranking settings: tick or untick a whole province without reloading; without JavaScript the
   buttons ask the server. */
(function () {
  "use strict";
  document.querySelectorAll("#ranking-settings [data-group-action]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var group = button.closest("[data-group]");
      var tick = button.getAttribute("data-group-action") === "select";
      group.querySelectorAll("input[name=eligible_codes]").forEach(function (box) { box.checked = tick; });
      var selected = document.querySelector("input[name=eligibility][value=selected]");
      if (selected) { selected.checked = true; }
    });
  });
})();
