/* Campaign dashboard charts (templates/assessments/campaign_dashboard.html).
   Each chart box names the json_script element that holds its Vega-Lite spec, built on the
   server (assessments/charts/), the very spec the PDF renders to SVG: the same labels, colours,
   rounding and text alternative. Every number the chart prints is already text in the reader's
   notation, so nothing here formats. vega-interpreter evaluates the spec's expressions without
   eval, so the Content-Security-Policy needs no 'unsafe-eval'; vega-embed adds no style element
   (defaultStyle false), no menu and no tooltip. The same numbers are in a table beside each chart. */
(function () {
  "use strict";

  if (typeof window.vegaEmbed === "undefined" || typeof window.vegaInterpreter === "undefined") {
    return;
  }
  var options = {
    renderer: "svg",
    actions: false,
    defaultStyle: false,
    tooltip: false,
    ast: true,
    expr: window.vegaInterpreter.expressionInterpreter,
  };

  document.querySelectorAll(".chart-box[data-spec]").forEach(function (box) {
    var source = document.getElementById(box.dataset.spec);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    // A single view takes the width of its card (the PDF keeps the spec's fixed width).
    if (typeof spec.width === "number") {
      spec.width = "container";
      spec.autosize = { type: "fit-x", contains: "padding" };
    }
    window.vegaEmbed(box, spec, options).catch(function (error) {
      box.dataset.error = String(error);
      if (window.console) {
        window.console.error(error);
      }
    });
  });
})();
