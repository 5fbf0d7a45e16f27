// Draws an embedded chart from the page data, with no controls: the still-chart embed for
// lessons whose own script expects the whole page. Hover still works; zoom is off.
(function () {
  "use strict";
  const S = window.SSE;
  const data = S.pageData();
  if (!data) return;
  const config = S.plotConfig(Object.assign({}, data.config, data.config_overrides || {}));
  const overrides = data.layout_overrides || {};
  const pending = Array.from(document.querySelectorAll(".chart[data-figure]")).map((div) => {
    const fig = data.figures[div.dataset.figure];
    const layout = Object.assign({}, fig.layout, overrides);
    for (const axis of ["xaxis", "yaxis"]) {
      layout[axis] = Object.assign({}, fig.layout[axis], overrides[axis] || {});
    }
    return S.draw(div, { data: fig.data, layout: layout }, config);
  });
  Promise.all(pending).then(() => {
    document.body.dataset.rendered = "1";
  });
})();
