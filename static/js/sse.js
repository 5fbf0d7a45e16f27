// Shared client helpers for every sse-explainer page: number formatting, chart theming and
// drawing, the address bar, debounced fetches of a page's JSON twin, inline field errors.
// Pages load this before their own script; it defines window.SSE and draws nothing itself.
(function () {
  "use strict";

  const MINUS = "\u2212";
  const SIGNIFICANT = 12;
  const NOISE = 4 * Number.EPSILON;
  const MATHML = "http://www.w3.org/1998/Math/MathML";
  // The page's language (app/i18n.py): Spanish writes a decimal comma, "0,245".
  const LANG = document.documentElement.lang || "en";
  const DECIMAL = LANG === "es" ? "," : ".";
  const LIST_SEP = DECIMAL === "," ? "; " : ", "; // between numbers: "[−1,00; 1,00]"
  const t = window.sseT || ((text) => text);

  // Mirrors app/formatting.py `number`: exact with at least two decimals, or rounded with "≈",
  // with the decimal separator of the page's language.
  function formatNumber(x, minPlaces) {
    if (minPlaces === undefined) minPlaces = 2;
    if (x === 0) x = 0;
    const abs = Math.abs(x);
    let text = shortest(abs);
    let approx = false;
    if (significantDigits(text) > SIGNIFICANT) {
      const rounded = Number(abs.toPrecision(SIGNIFICANT));
      // a few units in the last place away is float noise, not a long decimal: no "≈"
      approx = Math.abs(rounded - abs) > NOISE * abs;
      text = shortest(rounded);
    }
    const places = Math.max(minPlaces, decimalsOf(text));
    text = padPlaces(text, places);
    return (approx ? "\u2248" : "") + (x < 0 ? MINUS : "") + text.replace(".", DECIMAL);
  }

  // A number the server wrote with "." (a preset's η, say) in the page's language.
  function localDecimal(text) {
    return String(text).replace(".", DECIMAL);
  }

  // Shortest round-trip digits as plain positional notation (no exponent).
  function shortest(abs) {
    const s = String(abs);
    const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
    if (!m) return s;
    const digits = m[1] + (m[2] || "");
    const exp = Number(m[3]);
    if (exp < 0) return "0." + "0".repeat(-exp - 1) + digits;
    return digits + "0".repeat(Math.max(0, exp - digits.length + 1));
  }
  function significantDigits(text) {
    return text.replace(".", "").replace(/^0+/, "").replace(/0+$/, "").length;
  }
  function decimalsOf(text) {
    const i = text.indexOf(".");
    return i < 0 ? 0 : text.length - i - 1;
  }
  function padPlaces(text, places) {
    const have = decimalsOf(text);
    if (have >= places) return text;
    return (have === 0 ? text + "." : text) + "0".repeat(places - have);
  }

  // ---- charts: chrome colours come from the page's CSS variables (light or dark)
  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  function themed(figure) {
    const layout = JSON.parse(JSON.stringify(figure.layout));
    if (DECIMAL === ",") layout.separators = ",\u202f"; // ticks and hovers: 0,5 and 10 000
    const fg = cssVar("--fg");
    layout.font = Object.assign({}, layout.font, { color: fg });
    for (const key of Object.keys(layout).filter((k) => /^[xy]axis\d*$/.test(k))) {
      const axis = layout[key];
      layout[key] = Object.assign({}, axis, {
        gridcolor: cssVar("--grid"),
        linecolor: cssVar("--axis"),
        zerolinecolor: (axis.zerolinewidth || 1) >= 2 ? fg : cssVar("--axis"),
      });
    }
    if (layout.annotations) {
      layout.annotations = layout.annotations.map((note) =>
        note.name === "negative" || note.name === "positive"
          ? Object.assign({}, note, {
              font: Object.assign({}, note.font, { color: cssVar("--" + note.name) }),
            })
          : note
      );
    }
    const data = figure.data.map((trace) => {
      const role = trace.uid || "";
      if (role === "point" || role.endsWith("point")) {
        return Object.assign({}, trace, {
          marker: Object.assign({}, trace.marker, {
            color: cssVar("--point"),
            line: { color: cssVar("--point-edge"), width: 2 },
          }),
        });
      }
      if (role === "target") {
        const line = Object.assign({}, trace.line, { color: cssVar("--muted") });
        return Object.assign({}, trace, { line: line });
      }
      return trace;
    });
    return { data: data, layout: layout };
  }

  // One config for the page's life (Plotly misbehaves when a responsive config changes);
  // on a phone the mode bar would sit on the legend, and zoom is a desktop gesture anyway.
  function plotConfig(config) {
    return Object.assign({}, config, {
      displayModeBar: window.matchMedia("(max-width: 600px)").matches ? false : "hover",
    });
  }

  // Draw (first time) or update a chart; resolves once drawn and sets data-rendered="1".
  function draw(div, figure, config) {
    const fig = themed(figure);
    const first = !div.dataset.rendered;
    const call = first ? Plotly.newPlot : Plotly.react;
    return call(div, fig.data, fig.layout, config).then(() => {
      div.dataset.rendered = "1";
      return first;
    });
  }

  // Index of x on a slider's grid (values[0], values[0] + step, ...), or -1 between points.
  function gridIndex(values, step, x) {
    const i = Math.round((x - values[0]) / step);
    if (i < 0 || i >= values.length) return -1;
    return Math.abs(values[i] - x) <= step * 1e-6 ? i : -1;
  }

  function traceIndex(div, uid) {
    return div.data.findIndex((trace) => trace.uid === uid);
  }

  // Move a few traces without a full redraw (about a millisecond instead of tens).
  function move(div, updates) {
    if (!div.dataset.rendered) return;
    const uids = Object.keys(updates);
    Plotly.animate(
      div,
      { data: uids.map((uid) => updates[uid]), traces: uids.map((uid) => traceIndex(div, uid)) },
      { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" }
    );
  }

  // Keep two or more charts' x axes together when one is zoomed.
  function shareXAxis(divs, home) {
    let syncing = false;
    divs.forEach((div) => {
      div.on("plotly_relayout", (change) => {
        if (syncing) return;
        let range = null;
        if ("xaxis.range[0]" in change) range = [change["xaxis.range[0]"], change["xaxis.range[1]"]];
        else if (change["xaxis.range"]) range = change["xaxis.range"];
        else if (change["xaxis.autorange"]) range = home();
        if (!range) return;
        syncing = true;
        const others = divs.filter((other) => other !== div);
        Promise.all(others.map((other) => Plotly.relayout(other, { "xaxis.range": range }))).finally(
          () => {
            syncing = false;
          }
        );
      });
    });
  }

  // ---- text
  function setSlot(el, text) {
    const paren = el.dataset.paren === "1";
    const negative = text.replace("\u2248", "").startsWith(MINUS);
    const digits = negative ? text.replace(MINUS, "") : text;
    const node = (tag, content) => {
      const made = document.createElementNS(MATHML, tag);
      made.textContent = content;
      return made;
    };
    if (!negative) {
      el.replaceChildren(node("mn", digits));
      return;
    }
    // same shape as app/mathml.py: an inner mrow keeps the minus a tight prefix sign
    const signed = document.createElementNS(MATHML, "mrow");
    signed.append(node("mo", MINUS), node("mn", digits));
    el.replaceChildren(...(paren ? [node("mo", "("), signed, node("mo", ")")] : [signed]));
  }

  // Fill every [data-shown=key] element and every MathML [data-slot=key] with shown[key].
  // `formulas: false` leaves the MathML for later: laying formulas out again costs more than a
  // frame, so a page that moves every frame refreshes them once the control rests.
  function fillShown(shown, root, options) {
    root = root || document;
    const formulas = !options || options.formulas !== false;
    for (const [key, text] of Object.entries(shown)) {
      root.querySelectorAll('[data-shown="' + key + '"]').forEach((el) => {
        if (el.textContent !== text) el.textContent = text;
      });
      if (formulas) {
        root.querySelectorAll('[data-slot="' + key + '"]').forEach((el) => setSlot(el, text));
      }
    }
    if (!formulas) return;
    // the formulas' plain-text readings follow their slots
    root.querySelectorAll("math[data-alt]").forEach((math) => {
      const values = {};
      math.querySelectorAll("[data-slot]").forEach((el) => {
        values[el.dataset.slot] = el.textContent.replace(/^\((.*)\)$/, "$1");
      });
      math.setAttribute(
        "alttext",
        math.dataset.alt.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m))
      );
    });
  }

  function fillTemplate(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, key) => values[key]);
  }

  // Screen readers hear a change once the learner pauses, not on every slider tick.
  let announceTimer = 0;
  function announceLater(text) {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      const live = document.getElementById("announce");
      if (live) live.textContent = text;
    }, 700);
  }

  // ---- controls
  function inputs(name) {
    return {
      range: document.getElementById(name + "-range"),
      number: document.getElementById(name + "-number"),
    };
  }

  function showError(name, text) {
    const el = document.querySelector('[data-error-for="' + name + '"]');
    const box = document.querySelector('[data-control="' + name + '"]');
    if (!el || !box) return;
    const field = box.querySelector("[name]");
    el.textContent = text || "";
    el.hidden = !text;
    box.classList.toggle("has-error", Boolean(text));
    if (!field) return;
    if (text) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
    const hint = document.getElementById(name + "-hint");
    const described = (hint ? [name + "-hint"] : []).concat(text ? [name + "-error"] : []);
    field.setAttribute("aria-describedby", described.join(" "));
  }

  // Arrow keys on a number box move by `step` (a browser's default for step="any" is 1).
  function numberKeys(box, step, onValue) {
    box.addEventListener("keydown", (event) => {
      const keys = { ArrowUp: 1, ArrowDown: -1, PageUp: 10, PageDown: -10 };
      if (!(event.key in keys)) return;
      event.preventDefault();
      const size = step();
      const current = Number(box.value);
      const base = Number.isFinite(current) ? current : 0;
      const next = Math.round((base + keys[event.key] * size) / size) * size;
      const places = Math.max(0, Math.round(-Math.log10(size)) + 1);
      onValue(Number(next.toFixed(places)));
    });
  }

  // ---- the address bar holds the state; at most one update per frame
  let urlFrame = 0;
  let urlParams = null;
  function replaceUrl(params) {
    if (staticExport) return; // file:// pages keep their address
    urlParams = params;
    if (urlFrame) return;
    urlFrame = requestAnimationFrame(() => {
      urlFrame = 0;
      const search = new URLSearchParams(urlParams);
      const lang = urlLang();
      if (lang) search.set("lang", lang);
      const query = search.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
      // the language switcher's links keep the new state
      document.querySelectorAll(".lang-switch a[hreflang]").forEach((link) => {
        search.set("lang", link.hreflang);
        link.href = location.pathname + "?" + search.toString();
      });
    });
  }

  // The `lang` the page's links carry: the address bar's, or the page's when not English.
  function urlLang() {
    const asked = new URLSearchParams(location.search).get("lang");
    if (asked === "en" || asked === "es") return asked;
    return LANG === "en" ? null : LANG;
  }

  // The page's JSON twin: <link rel="alternate" type="application/json" href="...">.
  function twinPath() {
    const link = document.querySelector('link[rel="alternate"][type="application/json"]');
    return link ? link.getAttribute("href").split("?")[0] : location.pathname + ".json";
  }

  // Debounced fetch of the JSON twin, at most one request in flight; the newest state wins.
  function fetcher(params, onData, onFail, delay) {
    let timer = 0;
    let inFlight = false;
    let again = false;
    function run() {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      const search = new URLSearchParams(params());
      // the twin answers in English unless asked: the page asks for its own language
      if (LANG !== "en") search.set("lang", LANG);
      const query = search.toString();
      fetch(twinPath() + "?" + query, { headers: { Accept: "application/json" } })
        .then((response) => {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(onData)
        .catch(onFail)
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
      timer = setTimeout(run, now ? 0 : delay === undefined ? 150 : delay);
    };
  }

  // An offline copy (sse-explainer export) has no server: controls that would need one are
  // switched off, and fetches never start. Controls that only look numbers up say data-offline.
  const staticExport = document.documentElement.dataset.staticExport === "1";
  function disableServerControls() {
    if (!staticExport) return;
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
  if (staticExport) document.addEventListener("DOMContentLoaded", disableServerControls);

  // "Numbers as CSV" follows the state in the address bar, which the controls keep current.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.csv-link");
    if (!link) return;
    const page = location.pathname === "/" ? "/index" : location.pathname;
    link.href = page + ".csv" + location.search;
  });

  // "Loss chart as PNG/SVG" buttons: Plotly's own client-side export of the drawn chart.
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button.download-image");
    if (!button) return;
    const div = document.getElementById(button.dataset.chart);
    if (!div || !div.dataset.rendered) return;
    Plotly.downloadImage(div, {
      format: button.dataset.format,
      filename: "sse-explainer-" + button.dataset.chart.replace(/^chart-/, ""),
      width: div.offsetWidth,
      height: div.offsetHeight,
    });
  });

  // ---- the theme button: auto (the system's) -> light -> dark, remembered in localStorage;
  // charts take the new colours without a redraw of their data
  const THEMES = ["auto", "light", "dark"];
  function currentTheme() {
    return document.documentElement.dataset.theme || "auto";
  }
  function retheme(div) {
    if (!div.dataset.rendered || !div.layout) return;
    const fg = cssVar("--fg");
    const update = { "font.color": fg };
    for (const key of Object.keys(div.layout).filter((k) => /^[xy]axis\d*$/.test(k))) {
      const axis = div.layout[key];
      update[key + ".gridcolor"] = cssVar("--grid");
      update[key + ".linecolor"] = cssVar("--axis");
      update[key + ".zerolinecolor"] = (axis.zerolinewidth || 1) >= 2 ? fg : cssVar("--axis");
    }
    (div.layout.annotations || []).forEach((note, i) => {
      if (note.name === "negative" || note.name === "positive") {
        update["annotations[" + i + "].font.color"] = cssVar("--" + note.name);
      }
    });
    Plotly.relayout(div, update);
    div.data.forEach((trace, i) => {
      const role = trace.uid || "";
      if (role === "point" || role.endsWith("point")) {
        Plotly.restyle(
          div,
          { "marker.color": cssVar("--point"), "marker.line.color": cssVar("--point-edge") },
          [i]
        );
      } else if (role === "target") {
        Plotly.restyle(div, { "line.color": cssVar("--muted") }, [i]);
      }
    });
  }
  function setTheme(theme) {
    const root = document.documentElement;
    if (theme === "auto") delete root.dataset.theme;
    else root.dataset.theme = theme;
    try {
      if (theme === "auto") localStorage.removeItem("sse-theme");
      else localStorage.setItem("sse-theme", theme);
    } catch (e) {
      // storage blocked: the choice lasts for this page only
    }
    const button = document.getElementById("theme-toggle");
    if (button) button.textContent = t("Theme: " + theme);
    document.querySelectorAll(".chart[data-rendered]").forEach(retheme);
  }
  document.addEventListener("DOMContentLoaded", () => {
    const button = document.getElementById("theme-toggle");
    if (!button) return;
    button.textContent = t("Theme: " + currentTheme());
    button.addEventListener("click", () => {
      setTheme(THEMES[(THEMES.indexOf(currentTheme()) + 1) % THEMES.length]);
    });
  });

  function pageData() {
    const el = document.getElementById("state-data");
    return el ? JSON.parse(el.textContent) : null;
  }

  window.SSE = {
    MINUS: MINUS,
    LANG: LANG,
    LIST_SEP: LIST_SEP,
    t: t,
    urlLang: urlLang,
    localDecimal: localDecimal,
    formatNumber: formatNumber,
    cssVar: cssVar,
    themed: themed,
    plotConfig: plotConfig,
    draw: draw,
    move: move,
    traceIndex: traceIndex,
    gridIndex: gridIndex,
    shareXAxis: shareXAxis,
    setSlot: setSlot,
    fillShown: fillShown,
    fillTemplate: fillTemplate,
    announceLater: announceLater,
    inputs: inputs,
    showError: showError,
    numberKeys: numberKeys,
    replaceUrl: replaceUrl,
    fetcher: fetcher,
    pageData: pageData,
    staticExport: staticExport,
    setTheme: setTheme,
    reduceMotion: window.matchMedia("(prefers-reduced-motion: reduce)").matches,
  };
  window.sseFormatNumber = formatNumber; // the tests compare it with the server's formatting
})();
