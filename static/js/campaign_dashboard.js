/* Campaign dashboard charts (templates/assessments/campaign_dashboard.html).
   Reads the numbers from the json_script element "dashboard-data" and draws them with the
   vendored Chart.js. Colour never carries meaning alone: the second series of each chart is
   hatched, every bar has its value printed at its end, the legend names the series, and the
   same numbers are in a table next to each chart. */
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  // Every word the charts show comes translated from the page (dashboard.chart_data "texts").
  var TEXTS = data.texts;
  var COLOURS = { self: "#1f5fa8", mirror: "#b8501a", current: "#2b6f62", target: "#6a4a9c" };
  // Numbers in the page's language, as the tables beside the charts show them ("3.4", "3,4"):
  // <html lang> is the language Django rendered the page in.
  var LOCALE = document.documentElement.lang || "en";
  function formatter(places) {
    var format;
    try {
      format = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: places, maximumFractionDigits: places });
    } catch (e) { // an unknown language code: fall back to the browser's own
      format = new Intl.NumberFormat(undefined, { minimumFractionDigits: places, maximumFractionDigits: places });
    }
    return function (value) { return format.format(Number(value)); };
  }
  var oneDecimal = formatter(1);

  function hatch(colour) {
    var size = 8;
    var tile = document.createElement("canvas");
    tile.width = size;
    tile.height = size;
    var ctx = tile.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, size, size);
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(0, size);
    ctx.lineTo(size, 0);
    ctx.moveTo(-size / 2, size / 2);
    ctx.lineTo(size / 2, -size / 2);
    ctx.moveTo(size / 2, size * 1.5);
    ctx.lineTo(size * 1.5, size / 2);
    ctx.stroke();
    return ctx.createPattern(tile, "repeat");
  }

  // Prints each bar's value just past its end, so the chart can be read without colour.
  var valueLabels = {
    id: "valueLabels",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = "11px system-ui, sans-serif";
      ctx.fillStyle = "#212529";
      ctx.textBaseline = "middle";
      chart.data.datasets.forEach(function (dataset, i) {
        var meta = chart.getDatasetMeta(i);
        if (meta.hidden) {
          return;
        }
        meta.data.forEach(function (bar, j) {
          var value = dataset.data[j];
          if (value === null || value === undefined) {
            return;
          }
          ctx.fillText(oneDecimal(value), bar.x + 4, bar.y);
        });
      });
      ctx.restore();
    },
  };

  // Long category names wrap onto several lines instead of squeezing the bars.
  function wrap(label, width) {
    var words = String(label).split(" ");
    var lines = [];
    var line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) {
      lines.push(line);
    }
    return lines;
  }

  function series(label, values, colour, hatched) {
    return {
      label: label,
      data: values,
      backgroundColor: hatched ? hatch(colour) : colour,
      borderColor: colour,
      borderWidth: hatched ? 2 : 0,
      barPercentage: 0.9,
      categoryPercentage: 0.8,
    };
  }

  function barChart(id, labels, datasets) {
    var canvas = document.getElementById(id);
    if (!canvas || !labels.length) {
      return;
    }
    var narrow = window.matchMedia("(max-width: 575.98px)").matches;
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: labels.map(function (label) {
          return wrap(label, narrow ? 18 : 34);
        }),
        datasets: datasets,
      },
      options: {
        locale: LOCALE, // the axis ticks
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        layout: { padding: { right: 28 } },
        scales: {
          x: { min: 1, max: 5, ticks: { stepSize: 1 }, title: { display: true, text: TEXTS.scale } },
          y: { ticks: { autoSkip: false, font: { size: narrow ? 10 : 12 } } },
        },
        plugins: {
          legend: { position: "top", labels: { boxWidth: 18, boxHeight: 12 } },
          tooltip: {
            callbacks: {
              label: function (item) {
                var value = item.raw === null ? TEXTS.not_shown : oneDecimal(item.raw);
                return item.dataset.label + ": " + value;
              },
            },
          },
        },
      },
      plugins: [valueLabels],
    });
  }

  barChart("chart-behaviours", data.behaviours.labels, [
    series(TEXTS.self, data.behaviours.self, COLOURS.self, false),
    series(TEXTS.mirror, data.behaviours.mirror, COLOURS.mirror, true),
  ]);
  barChart("chart-practices", data.practices.labels, [
    series(TEXTS.current, data.practices.current, COLOURS.current, false),
    series(TEXTS.target, data.practices.target, COLOURS.target, true),
  ]);
})();
