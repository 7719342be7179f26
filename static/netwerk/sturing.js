/* Netwerkcoördinator's steering page: a stacked bar chart per dienstverlener from the JSON in
   #sturing-data (json_script). Needs static/vendor/chart.js and static/js/grafiek.js. */
(function () {
  "use strict";

  window.WerkzorgGrafiek.teken("sturing", function (data, labels) {
    var kleuren = {
      aanvaard: "#6fa8dc",
      geweigerd: "#a1111b",
      niet_gestart: "#e69138",
      over_tijd: "#cc0000",
      afgerond: "#38761d"
    };
    return {
      type: "bar",
      data: { labels: data.labels, datasets: window.WerkzorgGrafiek.reeksen(kleuren, labels, data.reeksen) },
      options: { responsive: true, indexAxis: "y", plugins: { legend: { position: "bottom" } } }
    };
  });
})();
