/* Netwerkcoördinator's steering page: a stacked bar chart per dienstverlener from the JSON in
   #sturing-data (json_script). No inline scripts: CSP-friendly. Needs static/vendor/chart.js. */
(function () {
  "use strict";

  function leesJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function init() {
    var canvas = document.getElementById("sturing-grafiek");
    var data = leesJson("sturing-data");
    var labels = leesJson("sturing-labels");
    if (!canvas || !data || !labels || typeof window.Chart === "undefined") {
      return;
    }
    var kleuren = {
      aanvaard: "#6fa8dc",
      geweigerd: "#a1111b",
      niet_gestart: "#e69138",
      over_tijd: "#cc0000",
      afgerond: "#38761d"
    };
    var datasets = Object.keys(kleuren).map(function (k) {
      return { label: labels[k], data: data.reeksen[k], backgroundColor: kleuren[k] };
    });
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: { responsive: true, indexAxis: "y", plugins: { legend: { position: "bottom" } } }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
