// Draws each dashboard chart from the JSON the page carries (the same data as the table under it).
// Clicking a bar or funnel layer opens the list behind that figure.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) { return; }
  var charts = JSON.parse(source.textContent);
  var palette = ["#b3261e", "#1d4e89", "#2e7d32", "#ed6c02", "#6a1b9a", "#00838f", "#5d4037", "#546e7a", "#c2185b"];

  function option(chart) {
    var base = {
      color: palette,
      tooltip: { trigger: chart.kind === "funnel" ? "item" : "axis" },
      grid: { left: 8, right: 16, top: chart.series.length > 1 ? 40 : 16, bottom: 8, containLabel: true },
      aria: { enabled: true }
    };
    if (chart.kind === "funnel") {
      base.series = [{
        type: "funnel", sort: "none", minSize: "12%", gap: 2, left: "5%", width: "90%",
        label: { show: true, position: "inside", formatter: "{b}: {c}" },
        data: chart.categories.map(function (label, i) {
          return { name: label, value: chart.series[0].values[i], url: chart.series[0].urls[i] };
        })
      }];
      return base;
    }
    if (chart.series.length > 1) { base.legend = { top: 0, type: "scroll" }; }
    base.xAxis = { type: "value", minInterval: 1 };
    base.yAxis = { type: "category", data: chart.categories, inverse: true, axisLabel: { width: 140, overflow: "truncate" } };
    base.series = chart.series.map(function (series) {
      return {
        type: "bar", name: series.name, stack: chart.kind === "stacked" ? "total" : undefined,
        label: { show: chart.kind !== "stacked", position: "right" },
        data: series.values.map(function (value, i) { return { value: value, url: series.urls[i] }; })
      };
    });
    return base;
  }

  charts.forEach(function (chart) {
    var element = document.querySelector('[data-chart="' + chart.key + '"]');
    if (!element) { return; }
    var rows = chart.kind === "funnel" ? 0 : chart.categories.length;
    element.style.height = Math.max(220, 60 + rows * 34) + "px";
    var instance = window.echarts.init(element, null, { renderer: "svg" });
    instance.setOption(option(chart));
    instance.on("click", function (params) {
      if (params.data && params.data.url && params.value) { window.location.href = params.data.url; }
    });
    window.addEventListener("resize", function () { instance.resize(); });
  });
}());
