// Inside an iframe: tell the host page our height whenever it changes, so /static/embed.js
// (or any host that listens) can size the iframe to fit. A height is no secret: post to "*".
(function () {
  "use strict";
  if (window.parent === window) return;
  let last = 0;
  function report() {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "sse-explainer:resize", height: height }, "*");
  }
  new ResizeObserver(report).observe(document.documentElement);
  report();
})();
