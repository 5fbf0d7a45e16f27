// The plotly.js build for the (w, b) pages: entry-basic.js plus contour (and the heatmap and
// colour bar code it needs). Built by scripts/build-plotly.
"use strict";

var Plotly = require("plotly.js/lib/core");

Plotly.register([require("plotly.js/lib/bar"), require("plotly.js/lib/contour")]);

module.exports = Plotly;
