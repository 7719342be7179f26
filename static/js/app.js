/* Werkzorg: small progressive enhancements. No inline scripts (CSP-friendly). */
(function () {
  "use strict";

  // htmx requests carry Django's CSRF token from the <meta name="csrf-token"> tag.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRFToken"] = meta.getAttribute("content");
    }
  });

  function init() {
    // Mobile navigation toggle.
    var toggle = document.querySelector("[data-nav-toggle]");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") === "true";
        toggle.setAttribute("aria-expanded", open ? "false" : "true");
        document.body.classList.toggle("nav-open", !open);
      });
    }
    // Filter forms marked data-autosubmit submit when a select changes.
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (el) {
      el.addEventListener("change", function () {
        el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
      });
    });
    // Buttons that ask for confirmation: data-confirm="Zeker?"
    document.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (event) {
        if (!window.confirm(el.getAttribute("data-confirm"))) {
          event.preventDefault();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
