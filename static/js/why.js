// The guided tour: draw each step's fixed chart from the server's figures. No server calls.
(function () {
  "use strict";

  window.SSE.page({}, () => ({}));
})();
