// The client's core, part 6 of 6, and the part the lesson scripts call: SSE.page, the skeleton
// every lesson runs. It reads the page's data, makes the one plot config, finds the charts,
// draws them, fetches the page's JSON twin when a control changes (the form's Update button
// too), says so when the server cannot be reached, and marks the page drawn
// (body[data-rendered]). The lesson script passes only its own logic, as hooks. A page being
// printed gets its charts in the light colours, as wide as the paper's column (below).
// Templates load static/js/core/*.js, then plotly.js, then this file, then the lesson's script
// (templates/_partials.html: client_scripts), all deferred; the core touches Plotly only when
// called.
(function () {
  "use strict";

  const S = window.SSE;
  const UNREACHABLE = "The server could not be reached; the numbers above may be out of date.";

  // An embed's layout overrides (height, no zoom) laid over a figure's layout and axes.
  function withOverrides(fig, overrides) {
    if (!overrides) return fig;
    const layout = Object.assign({}, fig.layout, overrides);
    for (const axis of ["xaxis", "yaxis"]) {
      layout[axis] = Object.assign({}, fig.layout[axis], overrides[axis] || {});
    }
    return { data: fig.data, layout: layout };
  }

  // A figure-first page's main chart is shorter on a phone, where it stays at the top of the
  // screen above the controls: its slot says how tall (templates/_partials.html: chart). No
  // legend there: its caption, under it, says what each mark is.
  function sized(div, fig) {
    const height = Number(div.dataset.phoneHeight);
    if (!height || !window.ssePhone()) return fig;
    return { data: fig.data, layout: Object.assign({}, fig.layout, { height: height, showlegend: false }) };
  }

  // The page's charts by figure name: #chart-<name> for the names given, else every
  // .chart[data-figure] (its data-figure naming its figure).
  function findCharts(names) {
    const charts = {};
    if (!names) {
      document.querySelectorAll(".chart[data-figure]").forEach((div) => {
        charts[div.dataset.figure] = div;
      });
      return charts;
    }
    for (const name of names) {
      const div = document.getElementById("chart-" + name);
      if (div) charts[name] = div; // an embed shows one chart: the others are not on the page
    }
    return charts;
  }

  // SSE.page(options, lesson). options, all optional:
  //   charts  the figure names to draw into #chart-<name> (omitted: every .chart[data-figure])
  //   delay   ms a change waits before the twin is asked (default 150)
  //   failed  {id, text}: where to say the server could not be reached (default #sentence)
  //   urlFromParams  true: each fetch's query also goes into the address bar
  // lesson(page) runs once and returns its hooks, all optional:
  //   params()     the twin's query for the current state
  //   apply(next)  the twin's answer: the lesson sets page.data and returns page.draw()
  //   chart(name, div)  once a chart is first drawn (clicks on it, say)
  //   drawn()      after every draw of all charts (may return a promise)
  //   wire()       the lesson's controls, before the first draw
  //   ready()      after the first draw, before the page is marked drawn
  // page: data (the current state; apply replaces it), config, charts, form, draw(),
  // refetch(now) (ask the twin: at once when now, else after the delay).
  function page(options, lesson) {
    const data = S.pageData();
    if (!data) return null;
    const overrides = data.layout_overrides || null; // an embed's, kept across updates
    const failed = options.failed || { id: "sentence", text: UNREACHABLE };
    const hooks = {};
    const self = {
      data: data,
      config: S.plotConfig(Object.assign({}, data.config, data.config_overrides || {})),
      charts: findCharts(options.charts),
      form: document.getElementById("controls"),
      draw: draw,
      refetch: S.fetcher(
        () => {
          const params = hooks.params();
          if (options.urlFromParams) S.replaceUrl(params);
          return params;
        },
        (next) => hooks.apply(next),
        () => {
          const el = document.getElementById(failed.id);
          if (el) el.textContent = S.t(failed.text);
        },
        options.delay
      ),
    };

    function draw() {
      const charts = self.charts;
      return Promise.all(
        Object.keys(charts).map((name) => {
          const figure = sized(charts[name], withOverrides(self.data.figures[name], overrides));
          return S.draw(charts[name], figure, self.config).then((first) => {
            if (first && hooks.chart) hooks.chart(name, charts[name]);
          });
        })
      ).then(() => (hooks.drawn ? hooks.drawn() : undefined));
    }

    Object.assign(hooks, lesson(self));
    if (hooks.params && self.form) {
      self.form.addEventListener("submit", (event) => {
        event.preventDefault();
        self.refetch(true);
      });
    }
    if (hooks.wire) hooks.wire();
    draw().then(() => {
      if (hooks.ready) hooks.ready();
      document.body.dataset.rendered = "1";
    });
    return self;
  }

  S.page = page;

  // ---- printing: paper takes the light colours (site.css keeps the dark ones to screens), so
  // the charts, painted from the CSS variables when drawn, are repainted in the light theme
  // before printing, and drawn as wide as the printed page's column once the page is laid out
  // for print (the print media query's change; Plotly sizes a chart to the screen's column when
  // drawn, and a chart wider than the paper would shrink the whole page to fit). After
  // printing, both go back. A print from the browser's menu, a print to PDF and print
  // emulation each bring the media query's change; the menu's print brings before/afterprint
  // too (either may come first: the second does nothing).
  let printing = null; // the page's data-theme while printing
  function charts() {
    return document.querySelectorAll(".chart[data-rendered]");
  }
  function toPaper() {
    if (printing) return;
    const root = document.documentElement;
    printing = { theme: root.dataset.theme };
    root.dataset.theme = "light";
    charts().forEach(S.retheme);
  }
  function fitPaper() {
    charts().forEach((div) => {
      const width = div.clientWidth;
      if (!div._fullLayout || !width || Math.abs(width - div._fullLayout.width) < 1) return;
      div._ssePrinted = true;
      Plotly.relayout(div, { width: width });
    });
  }
  function fromPaper() {
    if (!printing) return;
    const root = document.documentElement;
    if (printing.theme === undefined) delete root.dataset.theme;
    else root.dataset.theme = printing.theme;
    printing = null;
    charts().forEach((div) => {
      S.retheme(div);
      if (!div._ssePrinted) return;
      div._ssePrinted = false;
      Plotly.relayout(div, { width: null }); // back to the column's width on screen
    });
  }
  window.addEventListener("beforeprint", toPaper);
  window.addEventListener("afterprint", fromPaper);
  window.matchMedia("print").addEventListener("change", (event) => {
    if (!event.matches) return fromPaper();
    toPaper();
    fitPaper();
  });
})();
