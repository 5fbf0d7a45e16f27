// The plotly.js build most pages load: core (scatter, axes, legend, hover, mode bar, shapes,
// annotations) plus bar. Built by scripts/build-plotly.
"use strict";

var Plotly = require("plotly.js/lib/core");

Plotly.register([require("plotly.js/lib/bar")]);

module.exports = Plotly;
