// The guided tour: draw each step's fixed chart from the server's figures. No server calls.
(function () {
  "use strict";

  const S = window.SSE;
  const data = S.pageData();
  if (!data) return;
  const config = S.plotConfig(data.config);
  const divs = Array.from(document.querySelectorAll(".chart[data-figure]"));
  Promise.all(divs.map((div) => S.draw(div, data.figures[div.dataset.figure], config))).then(
    () => {
      document.body.dataset.rendered = "1";
    }
  );
})();
