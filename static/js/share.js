// The "Share or embed" panel: keep its fields in step with the address bar (which the page's
// controls update) and copy a field with one click.
(function () {
  "use strict";
  const panel = document.getElementById("share");
  if (!panel) return;

  function refresh() {
    const url = document.getElementById("share-url");
    if (url) url.value = location.href;
    const chart = panel.dataset.embedChart;
    const iframe = document.getElementById("share-iframe");
    if (iframe && chart) {
      const src = location.origin + "/embed/" + chart + location.search;
      iframe.value = iframe.value.replace(/src="[^"]*"/, 'src="' + src.replace(/"/g, "&quot;") + '"');
    }
    const oembed = document.getElementById("share-oembed");
    if (oembed) {
      oembed.value =
        location.origin + "/oembed?url=" + encodeURIComponent(location.href) + "&format=json";
    }
  }

  panel.addEventListener("toggle", refresh);
  panel.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    refresh();
    const field = document.getElementById(button.dataset.copy);
    field.select();
    const done = () => {
      button.textContent = "Copied";
      setTimeout(() => {
        button.textContent = "Copy";
      }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, () => document.execCommand("copy"));
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
