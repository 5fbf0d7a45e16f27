// The client's core, part 4 of 6: the address bar and the server. The URL holds the page's
// state (the links that carry it follow it: language, CSV, chart images); the page's JSON twin
// (/samples.json?...) answers a changed state, its lookup twin the slider's arrays; an offline
// copy (sse-explainer export) has no server, so the controls that need one are switched off
// and its chart images are drawn here.
(function () {
  "use strict";

  const S = (window.SSE = window.SSE || {});
  const staticExport = document.documentElement.dataset.staticExport === "1";

  // ---- the address bar holds the state: a change shows at the next frame, but while a control
  // keeps moving at most every URL_GAP ms (the newest state last). A replaceState costs a few ms
  // of a 16.7 ms frame, and Chromium throttles pages that call it many times a second. Pending
  // state is written at once before any click (a share or CSV link reads the address) or unload.
  const URL_GAP = 200;
  let urlTimer = 0;
  let urlFrame = 0;
  let urlParams = null;
  let urlWritten = -Infinity;
  function writeUrl() {
    clearTimeout(urlTimer);
    cancelAnimationFrame(urlFrame);
    urlTimer = urlFrame = 0;
    if (!urlParams) return;
    const search = new URLSearchParams(urlParams);
    const lang = urlLang();
    if (lang) search.set("lang", lang);
    const query = search.toString();
    urlParams = null;
    urlWritten = performance.now();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
    // the language switcher's links keep the new state
    document.querySelectorAll(".lang-switch a[hreflang]").forEach((link) => {
      search.set("lang", link.hreflang);
      link.href = location.pathname + "?" + search.toString();
    });
    // and so do the chart images' download links (templates/_partials.html: downloads), whose
    // own part (data-image: scale=2&download=1) stays as it is
    document.querySelectorAll("a.download-image[data-image]").forEach((link) => {
      link.href = link.pathname + "?" + (query ? query + "&" : "") + link.dataset.image;
    });
    // anything else that follows the state (static/js/share.js) reads the address bar now
    document.dispatchEvent(new CustomEvent("sse:state"));
  }
  function replaceUrl(params) {
    if (staticExport) return; // file:// pages keep their address
    urlParams = params;
    if (urlTimer || urlFrame) return;
    const wait = urlWritten + URL_GAP - performance.now();
    if (wait > 0) urlTimer = setTimeout(writeUrl, wait);
    else urlFrame = requestAnimationFrame(writeUrl);
  }
  document.addEventListener("click", writeUrl, true);
  window.addEventListener("pagehide", writeUrl);

  // The `lang` the page's links carry: the address bar's, or the page's when not English.
  function urlLang() {
    const asked = new URLSearchParams(location.search).get("lang");
    if (S.LANGUAGES.includes(asked)) return asked;
    return S.LANG === "en" ? null : S.LANG;
  }

  // "Numbers as CSV" follows the state in the address bar, which the controls keep current.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.csv-link");
    if (!link) return;
    const page = location.pathname === "/" ? "/index" : location.pathname;
    link.href = page + ".csv" + location.search;
  });

  // ---- the server
  // The page's JSON twin: <link rel="alternate" type="application/json" href="...">.
  function twinPath() {
    const link = document.querySelector('link[rel="alternate"][type="application/json"]');
    return link ? link.getAttribute("href").split("?")[0] : location.pathname + ".json";
  }

  // Debounced fetch of the JSON twin, at most one request in flight; the newest state wins.
  function fetcher(params, onData, onFail, delay) {
    let timer = 0;
    let inFlight = false;
    let again = false; // a newer change came while a request was out
    let waiting = false; // a newer change is waiting for its timer to ask
    function run() {
      waiting = false;
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      const search = new URLSearchParams(params());
      // the twin answers in English unless asked: the page asks for its own language
      if (S.LANG !== "en") search.set("lang", S.LANG);
      const query = search.toString();
      fetch(twinPath() + "?" + query, { headers: { Accept: "application/json" } })
        .then((response) => {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        // an answer overtaken by a newer change is dropped: applying it would put the older
        // state back under the learner's hands (and the newer request would then read it).
        // Overtaken too when the newer change has not been asked yet, its timer still
        // running (found by CI: PageDown x3 sent o = -1.7, whose answer landed between the
        // third press and its request, which then asked for -1.7 again)
        .then((data) => {
          if (!again && !waiting) onData(data);
        })
        .catch((error) => {
          if (!again && !waiting) onFail(error);
        })
        .finally(() => {
          inFlight = false;
          if (again) {
            again = false;
            run();
          }
        });
    }
    return function request(now) {
      if (staticExport) return; // no server behind an offline copy
      clearTimeout(timer);
      waiting = true;
      timer = setTimeout(run, now ? 0 : delay === undefined ? 150 : delay);
    };
  }

  // ---- the lookup twin (/index.lookup.json?..., app/pages/registry.py: LookupTwin): the
  // arrays the output slider looks its numbers up in, which the HTML leaves out. Fetched once,
  // when the lesson's script starts, from the URL the page's data names (data.lookup_url), and
  // laid into page.data; body[data-lookup="1"] then says they are in. Until then the lesson
  // finds no page.data.lookup and a move asks the JSON twin, whose answer carries arrays of
  // its own: arrays arriving after page.data was replaced belong to an older state and stay
  // out. An offline copy carries them in the page. The promise resolves once page.data has
  // them (never, if they cannot be fetched: the twin's first answer brings them then).
  function lookups(page) {
    const data = page.data;
    const arrived = () => {
      document.body.dataset.lookup = "1";
    };
    if (!data.lookup_url) {
      arrived();
      return Promise.resolve();
    }
    return fetch(data.lookup_url, { headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(
        (arrays) => {
          if (page.data === data) Object.assign(page.data, arrays);
          if (!page.data.lookup) return new Promise(() => {});
          arrived();
          return undefined;
        },
        () => new Promise(() => {})
      );
  }

  // An offline copy: controls that would need the server are switched off, and fetches never
  // start. Controls that only look numbers up say data-offline.
  function disableServerControls() {
    document.querySelectorAll("form [data-control]").forEach((box) => {
      if (box.dataset.offline === "1") return;
      box.classList.add("offline-disabled");
      box.querySelectorAll("input, select, textarea, button").forEach((field) => {
        field.disabled = true;
      });
    });
    document.querySelectorAll("form button[type=submit], form .update").forEach((b) => {
      b.disabled = true;
    });
  }
  if (staticExport) window.sseParsed(disableServerControls);

  // The chart image buttons of an offline copy, which has no server to draw them (online they
  // are links to the server's images: templates/_partials.html, downloads): Plotly's own
  // export of the drawn chart, painted as the server paints a download (the light theme on its
  // opaque background, PNG at twice the size), named after the chart.
  function inLightTheme(paint) {
    const root = document.documentElement;
    const theme = root.dataset.theme;
    root.dataset.theme = "light"; // read at once and put back: nothing is painted between
    try {
      return paint();
    } finally {
      if (theme === undefined) delete root.dataset.theme;
      else root.dataset.theme = theme;
    }
  }
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button.download-image");
    if (!button) return;
    const div = document.querySelector('.chart[data-figure="' + button.dataset.figure + '"]');
    if (!div || !div.dataset.rendered) return;
    const figure = inLightTheme(() => {
      const fig = S.themed({ data: div.data, layout: div.layout });
      fig.layout.paper_bgcolor = fig.layout.plot_bgcolor = S.cssVar("--bg");
      return fig;
    });
    Plotly.downloadImage(figure, {
      format: button.dataset.format,
      filename: "sse-explainer-" + button.dataset.chart,
      width: div.offsetWidth,
      height: div.offsetHeight,
      scale: button.dataset.format === "png" ? 2 : 1,
    });
  });

  Object.assign(S, {
    staticExport: staticExport,
    replaceUrl: replaceUrl,
    urlLang: urlLang,
    fetcher: fetcher,
    lookups: lookups,
  });
})();
