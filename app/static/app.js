/* Small progressive enhancements; every page works without them. */
(function () {
  "use strict";
  // Move focus to the first field with an error so keyboard and screen-reader users land on it.
  var invalid = document.querySelector(".is-invalid");
  if (invalid) {
    invalid.focus();
  }
  // Ask before destructive actions marked with data-confirm.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
})();
