/* The one chart helper of the report pages (the coordinators' dashboard, the network's steering
   page): reads the page's figures and labels from json_script elements and draws one Chart.js
   chart once the page is ready. No inline scripts: CSP-friendly. Load it after
   static/vendor/chart.js and before the page's own script (both `defer`). */
window.WerkzorgGrafiek = (function () {
  "use strict";

  function leesJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  /* Draw on the canvas #<naam>-grafiek with the data of #<naam>-data and the labels of
     #<naam>-labels; `configuratie(data, labels)` returns the Chart.js configuration. */
  function teken(naam, configuratie) {
    function init() {
      var canvas = document.getElementById(naam + "-grafiek");
      var data = leesJson(naam + "-data");
      var labels = leesJson(naam + "-labels");
      if (!canvas || !data || !labels || typeof window.Chart === "undefined") {
        return;
      }
      new window.Chart(canvas, configuratie(data, labels));
    }

    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }

  /* One bar series per key of `kleuren` (in that order): its label, its figures, its colour,
     plus the options in `extra`. */
  function reeksen(kleuren, labels, waarden, extra) {
    return Object.keys(kleuren).map(function (k) {
      return Object.assign({ label: labels[k], data: waarden[k], backgroundColor: kleuren[k] }, extra || {});
    });
  }

  return { leesJson: leesJson, teken: teken, reeksen: reeksen };
})();
