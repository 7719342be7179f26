// Focus management for the trajectory forms (no inline JS: CSP-friendly).
// After a refused submit, put the keyboard focus on the first field in error (or the form's
// error summary), so screen-reader and keyboard users land where the problem is.
(function () {
  "use strict";

  function focusEersteFout(root) {
    var veld = root.querySelector("[aria-invalid='true']");
    if (veld) {
      veld.focus();
      return;
    }
    var samenvatting = root.querySelector(".wz-fouten[role='alert']");
    if (samenvatting) {
      samenvatting.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector(".wz-trajecten");
    if (form) {
      focusEersteFout(form);
    }
  });

  // htmx 2: after a plan partial was swapped in, focus its first error, else its status line.
  document.body && document.body.addEventListener("htmx:afterSettle", function (event) {
    var doel = event.detail && event.detail.elt;
    if (!doel || !doel.classList || !doel.classList.contains("wz-plan")) {
      doel = document.getElementById(event.target && event.target.id) || event.target;
    }
    if (!doel || !doel.querySelector) {
      return;
    }
    if (doel.querySelector("[aria-invalid='true'], .wz-fouten[role='alert']")) {
      focusEersteFout(doel);
    }
  });
})();
