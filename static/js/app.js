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
    tabellen(document);
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

  // Wide tables scroll sideways inside a `.tabel-scroll` (or older `.table-wrap`) wrapper. A
  // keyboard user must be able to focus that region to scroll it (WCAG 2.1.1, axe
  // "scrollable-region-focusable"): it gets tabindex="0", role="region" and a name, from the
  // table's caption or the nearest heading before it, unless the template already gave them.
  // A table without a wrapper gets one.
  function tabelNaam(wrapper) {
    var caption = wrapper.querySelector("caption");
    if (caption && caption.textContent.trim()) {
      return caption.textContent.trim();
    }
    var el = wrapper;
    while (el && el !== document.body) {
      var vorige = el.previousElementSibling;
      while (vorige) {
        if (/^H[1-6]$/.test(vorige.tagName)) {
          return vorige.textContent.trim();
        }
        var kop = vorige.querySelector && vorige.querySelector("h1, h2, h3, h4, h5, h6");
        if (kop && !vorige.contains(wrapper)) {
          return kop.textContent.trim();
        }
        vorige = vorige.previousElementSibling;
      }
      el = el.parentElement;
    }
    return document.title.split("·")[0].trim() || "Tabel";
  }

  // "Tabel: <name>", unique on the page: a region must not share its name with another
  // landmark (the section that holds it is often labelled by the same heading).
  function uniekeNaam(naam) {
    var basis = "Tabel: " + naam;
    var kandidaat = basis;
    var n = 2;
    while (document.querySelector('[aria-label="' + kandidaat.replace(/"/g, '\\"') + '"]')) {
      kandidaat = basis + " (" + n + ")";
      n += 1;
    }
    return kandidaat;
  }

  function tabellen(root) {
    (root || document).querySelectorAll("main table").forEach(function (tabel) {
      var wrapper = tabel.parentElement;
      if (!wrapper.matches(".tabel-scroll, .table-wrap")) {
        wrapper = document.createElement("div");
        wrapper.className = "tabel-scroll";
        tabel.parentNode.insertBefore(wrapper, tabel);
        wrapper.appendChild(tabel);
      }
      if (!wrapper.hasAttribute("tabindex")) {
        wrapper.setAttribute("tabindex", "0");
      }
      if (!wrapper.hasAttribute("role")) {
        wrapper.setAttribute("role", "region");
      }
      if (!wrapper.hasAttribute("aria-label") && !wrapper.hasAttribute("aria-labelledby")) {
        wrapper.setAttribute("aria-label", uniekeNaam(tabelNaam(wrapper)));
      }
    });
  }
  document.addEventListener("htmx:load", function (event) {
    tabellen(event.detail.elt.parentElement || document);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
