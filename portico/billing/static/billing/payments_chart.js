// The Payments tab's chart (P-8): this month's payments per day, read from the canvas's data
// attributes (no inline script: the page keeps a strict CSP). The table below it says the same.
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("payments-chart");
    if (!canvas || typeof window.Chart === "undefined") return;
    var days = parseInt(canvas.dataset.days, 10) || 31;
    var paidOn = {};
    var labels = (canvas.dataset.labels || "").split(",").filter(Boolean);
    var values = (canvas.dataset.values || "").split(",").filter(Boolean);
    labels.forEach(function (day, i) { paidOn[day] = parseFloat(values[i]); });
    var axis = [], amounts = [];
    for (var d = 1; d <= days; d++) { axis.push(String(d)); amounts.push(paidOn[String(d)] || 0); }
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: axis, datasets: [{ label: canvas.dataset.label, data: amounts }] },
      // numbers on the axis as the page's language writes them ("1.400" in es, "1 400" in fr)
      options: {
        locale: document.documentElement.lang || undefined,
        maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }
      }
    });
    canvas.dataset.drawn = "1";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
