// Draws an embedded chart from the page data, with no controls: the still-chart embed for
// lessons whose own script expects the whole page. Hover still works; zoom is off (the embed's
// layout and config overrides, which SSE.page applies).
(function () {
  "use strict";

  window.SSE.page({}, () => ({}));
})();
