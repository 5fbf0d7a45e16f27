/*! sse-explainer embed helper (MIT). Add to a page that has sse-explainer iframes a script
 *  element whose src is /static/embed.js on the sse-explainer server the iframes come from.
 *  Each iframe then grows or shrinks to fit its chart. It matches a message to its iframe by
 *  event.source (sandboxed iframes report the origin "null", so the origin cannot be used). */
(function () {
  "use strict";
  var MAX = 5000;
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "sse-explainer:resize") return;
    var height = Number(data.height);
    if (!isFinite(height) || height <= 0) return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.min(Math.ceil(height), MAX) + "px";
      }
    }
  });
})();
