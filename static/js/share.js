// The "Share or embed" panel: keep its fields in step with the address bar (which the page's
// controls update) and copy a field with one click (any field of the page with a Copy button:
// the exercise page's instructor panel has its own).
(function () {
  "use strict";
  const panel = document.getElementById("share");

  // The address to share, carrying the page's language when it is not English.
  function here() {
    const page = new URL(location.href);
    const lang = document.documentElement.lang;
    if (lang && lang !== "en" && !page.searchParams.has("lang")) {
      page.searchParams.set("lang", lang);
    }
    return page;
  }

  function refresh() {
    const page = here();
    const url = document.getElementById("share-url");
    if (url) url.value = page.href;
    const chart = panel.dataset.embedChart;
    const iframe = document.getElementById("share-iframe");
    if (iframe && chart) {
      const src = location.origin + "/embed/" + chart + page.search;
      iframe.value = iframe.value.replace(/src="[^"]*"/, 'src="' + src.replace(/"/g, "&quot;") + '"');
    }
    const oembed = document.getElementById("share-oembed");
    if (oembed) {
      oembed.value =
        location.origin + "/oembed?url=" + encodeURIComponent(page.href) + "&format=json";
    }
  }

  if (panel) panel.addEventListener("toggle", refresh);
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    if (panel && panel.contains(button)) refresh();
    const field = document.getElementById(button.dataset.copy);
    field.select();
    const done = () => {
      button.textContent = window.sseT("Copied");
      setTimeout(() => {
        button.textContent = window.sseT("Copy");
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
