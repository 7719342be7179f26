/* Coordinators' dashboard: draws the chart from the JSON in #dashboard-data (json_script).
   Needs static/vendor/chart.js (Chart.js 4, UMD) and static/js/grafiek.js. */
(function () {
  "use strict";

  window.WerkzorgGrafiek.teken("dashboard", function (data, labels) {
    var kleuren = {
      aanvaard: "#0b5394",
      bezig: "#6fa8dc",
      vervroegd_stopgezet: "#e69138",
      afgesloten: "#38761d"
    };
    var datasets = window.WerkzorgGrafiek.reeksen(kleuren, labels, data.statussen, {
      type: "bar",
      stack: "status",
      order: 2
    });
    datasets.push({
      // Each marker series in its own stack: the y axis stacks the status bars only.
      type: "line",
      label: labels.pro_rata,
      data: data.pro_rata,
      borderColor: "#a1111b",
      backgroundColor: "#a1111b",
      showLine: false,
      pointStyle: "line",
      pointRadius: 12,
      pointBorderWidth: 3,
      stack: "pro_rata",
      order: 1
    });
    datasets.push({
      type: "line",
      label: labels.objectief,
      data: data.objectief,
      borderColor: "#1d2530",
      backgroundColor: "#1d2530",
      showLine: false,
      pointStyle: "rectRot",
      pointRadius: 5,
      stack: "objectief",
      order: 0
    });
    var nl = new Intl.NumberFormat("nl-BE");
    return {
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: "nl-BE",
        scales: {
          x: { stacked: true, ticks: { autoSkip: false, maxRotation: 60 } },
          y: { stacked: true, beginAtZero: true, ticks: { callback: function (v) { return nl.format(v); } } }
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { mode: "index", intersect: false }
        }
      }
    };
  });
})();
