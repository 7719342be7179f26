/* The year picker of the report pages: the peildatum follows the year (31 March of the next
   year) unless the user changed it on purpose. The server applies the same rule without JS. */
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("form[data-jaarkiezer]").forEach(function (form) {
      var jaar = form.querySelector("select[name=jaar]");
      var peildatum = form.querySelector("input[name=peildatum]");
      if (!jaar || !peildatum) {
        return;
      }
      jaar.addEventListener("change", function () {
        if (peildatum.value === peildatum.getAttribute("data-standaard")) {
          var standaard = String(parseInt(jaar.value, 10) + 1) + "-03-31";
          peildatum.value = standaard;
          peildatum.setAttribute("data-standaard", standaard);
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
