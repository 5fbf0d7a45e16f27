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

  // Move a few traces (a point, a tangent, an arrow) without a redraw: see svgMove below; when
  // it cannot, Plotly.animate does it (a few ms a chart instead of well under one).
  function move(div, updates) {
    if (!div.dataset.rendered) return;
    const moves = (div._sseMoves = div._sseMoves || { svg: 0, plotly: 0 });
    if (svgMove(div, updates)) {
      moves.svg++;
      return;
    }
    moves.plotly++;
    const uids = Object.keys(updates);
    Plotly.animate(
      div,
      { data: uids.map((uid) => updates[uid]), traces: uids.map((uid) => traceIndex(div, uid)) },
      { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" }
    ).catch(() => {}); // rejected when a newer movement interrupts it: nothing to do
  }

  // ---- the fast path of `move`: set the drawn SVG of the moved traces directly (a line's `d`,
  // a marker's `transform`), placed by the chart's own axes (`c2p`, data to pixels), and keep
  // gd.data, gd._fullData and gd.calcdata in step, so that hover, image export, a theme change and
  // any later redraw show the same state as the screen. Only plain scatter traces in a cartesian
  // subplot qualify (linear lines, markers; no fill, text, error bars or per-point styles when the
  // count changes). It checks everything first and changes nothing unless it can do it all;
  // `false` means "let Plotly do it". A marker rotated toward its previous point (the step's
  // arrow) takes its shape from a cache of shapes Plotly drew before at that angle.
  const FAR = 1e5; // px: beyond this Plotly clips lines itself; leave such views to it

  function isArray(v) {
    return Array.isArray(v) || ArrayBuffer.isView(v);
  }

  function finite(v) {
    return typeof v === "number" && Number.isFinite(v);
  }

  function markerAngle(trace, cd, pts, k) {
    if (!trace.marker || trace.marker.angleref !== "previous") return "none";
    if (k === 0 || !pts[k - 1]) return null;
    const d = cd[k] || {};
    const own = d.ma !== undefined ? d.ma : trace.marker.angle;
    const base = finite(own) ? own : 0;
    const dX = pts[k][0] - pts[k - 1][0];
    const dY = pts[k][1] - pts[k - 1][1];
    return Number((base + (Math.atan2(dY, dX) / Math.PI) * 180 + 90).toFixed(6));
  }

  function shapeKey(trace, k, angle) {
    const m = trace.marker;
    const at = (v) => (isArray(v) ? v[k] : v);
    return [at(m.symbol), at(m.size), angle].join("|");
  }

  // Plotly pulls a line's end back from an arrowhead marker (line.backoff "auto"): by the
  // symbol's share of the marker size (its symbol_defs.js), and then draws each pair of points
  // as its own segment. Returns the segments as Plotly draws them, or null for cases left to it.
  const BACKOFF = { arrow: 0.9, "arrow-wide": 0.4, "arrow-up": 1, "arrow-bar-up": 1 };
  function lineSegments(full, segments, markers) {
    const plain = () => segments.map((seg) => seg.map((q) => q.p));
    const m = full.marker;
    if (!markers || !m || m.angle % 360 !== 0 || !full.line.backoff) return plain();
    if (full.line.backoff !== "auto" || m.standoff) return null;
    const at = (v, k) => (isArray(v) ? v[k] : v);
    let trimmed = false;
    const pairs = [];
    for (const seg of segments) {
      for (let j = 0; j + 1 < seg.length; j++) {
        const [x1, y1] = seg[j].p;
        const [x2, y2] = seg[j + 1].p;
        const symbol = at(m.symbol, seg[j + 1].k);
        if (typeof symbol !== "string") return null;
        const base = symbol.replace("-open", "").replace("-dot", "");
        const b = (BACKOFF[base] || 0) * at(m.size, seg[j + 1].k);
        const t = Math.atan2(y2 - y1, x2 - x1);
        let x = x2 - b * Math.cos(t);
        let y = y2 - b * Math.sin(t);
        const within =
          ((x <= x2 && x >= x1) || (x >= x2 && x <= x1)) &&
          ((y <= y2 && y >= y1) || (y >= y2 && y <= y1));
        if (!within) [x, y] = [x2, y2];
        if (x !== x2 || y !== y2) trimmed = true;
        pairs.push([
          [x1, y1],
          [x, y],
        ]);
      }
    }
    return trimmed ? pairs : plain();
  }

  function planMove(div, uid, update) {
    const idx = traceIndex(div, uid);
    const full = div._fullData && div._fullData.find((t) => t.index === idx);
    const cd = div.calcdata && div.calcdata[idx];
    const layout = div._fullLayout;
    if (idx < 0 || !full || !cd || !cd[0] || !layout) return null;
    if (full.type !== "scatter" || full.visible !== true || full.ids) return null;
    if ((full.fill && full.fill !== "none") || /text/.test(full.mode) || full.stackgroup)
      return null;
    if ((full.error_x && full.error_x.visible) || (full.error_y && full.error_y.visible))
      return null;
    const lines = /lines/.test(full.mode);
    const markers = /markers/.test(full.mode);
    if (lines && full.line.shape && full.line.shape !== "linear") return null;
    if (markers && full.marker.maxdisplayed) return null;
    const xs = update.x;
    const ys = update.y;
    if (!isArray(xs) || !isArray(ys) || xs.length !== ys.length || xs.length === 0) return null;
    const xref = full.xaxis || "x";
    const yref = full.yaxis || "y";
    const xa = layout["xaxis" + xref.slice(1)];
    const ya = layout["yaxis" + yref.slice(1)];
    const plotinfo = layout._plots && layout._plots[xref + yref];
    if (!xa || !ya || !plotinfo || !plotinfo.plot) return null;
    if (xa.autorange || ya.autorange) return null; // the range may have to change: Plotly's job
    // (after a Plotly.animate of other traces the group may still hold an older calcdata)
    const group = Array.from(plotinfo.plot.node().querySelectorAll(".scatterlayer > g.trace")).find(
      (g) => g.__data__ && g.__data__[0] && g.__data__[0].trace.uid === full.uid
    );
    if (!group) return null;
    // pixels, and the line's segments (a null in x or y is a gap, as Plotly draws it)
    const pts = [];
    const segments = [];
    let segment = null;
    for (let k = 0; k < xs.length; k++) {
      if (xs[k] === null || ys[k] === null) {
        if (markers) return null;
        pts.push(null);
        segment = null;
        continue;
      }
      const px = xa.c2p(xs[k]);
      const py = ya.c2p(ys[k]);
      if (!finite(px) || !finite(py) || Math.abs(px) > FAR || Math.abs(py) > FAR) return null;
      pts.push([px, py]);
      if (!segment) segments.push((segment = []));
      segment.push({ p: [px, py], k: k });
    }
    const plan = { idx, full, cd, xs, ys, xa, ya, group, pts, lines: null, points: null };
    if (lines) {
      // Plotly drops vertices of a longer line that lie within a pixel of a straight run
      // (line.simplify): only a line drawn with every vertex can be drawn the same here
      if (full.line.simplify !== false && segments.some((seg) => seg.length > 2)) return null;
      const drawn = lineSegments(full, segments, markers);
      const paths = group.querySelectorAll("g.lines > path.js-line");
      if (!drawn || paths.length !== drawn.length) return null;
      plan.lines = Array.from(paths, (path, i) => [path, "M" + drawn[i].join("L")]);
    }
    if (markers) {
      const nodes = Array.from(group.querySelectorAll("g.points > path.point"));
      if (nodes.length !== cd.length) return null;
      if (xs.length !== nodes.length) {
        // a growing or shrinking path: new markers copy the last one, so styles must be shared
        const m = full.marker;
        const perPoint = [m.size, m.color, m.symbol, m.opacity, m.angle, m.line && m.line.color];
        if (!nodes.length || perPoint.some(isArray) || m.angleref === "previous") return null;
      }
      const cache = (div._sseShapes = div._sseShapes || {});
      const oldPts = cd.map((d) => [xa.c2p(d.x), ya.c2p(d.y)]);
      plan.shapes = [];
      for (let k = 0; k < Math.min(nodes.length, xs.length); k++) {
        const node = nodes[k];
        const drawn =
          node.__sseD === node.getAttribute("d")
            ? node.__sseAngle
            : markerAngle(full, cd, oldPts, k);
        const wanted = markerAngle(full, cd, pts, k);
        if (drawn === wanted) continue;
        cache[shapeKey(full, k, drawn)] = node.getAttribute("d");
        const shape = cache[shapeKey(full, k, wanted)];
        if (shape === undefined) return null; // not drawn at this angle yet: Plotly will
        plan.shapes.push([node, shape, wanted]);
      }
      plan.points = nodes;
    }
    return plan;
  }

  function applyMove(div, plan) {
    const { idx, full, cd, xs, ys, xa, ya, pts } = plan;
    const input = div.data[idx];
    input.x = xs;
    input.y = ys;
    for (const trace of new Set([full, cd[0].trace])) {
      trace.x = xs;
      trace.y = ys;
      trace._length = xs.length;
    }
    if (cd.length > xs.length) cd.length = Math.max(1, xs.length);
    for (let k = 0; k < xs.length; k++) {
      if (!cd[k]) {
        cd[k] = Object.assign({}, cd[cd.length - 1]);
        delete cd[k].trace; // cd[0] also carries the trace and its calc results
        delete cd[k].t;
      }
      cd[k].x = xs[k] === null ? undefined : xs[k];
      cd[k].y = ys[k] === null ? undefined : ys[k];
      cd[k].i = k;
    }
    // the drawn nodes carry the calcdata Plotly styles them from (d3's __data__)
    plan.group.__data__ = cd;
    plan.group.querySelectorAll("g.points, g.text, g.lines > path").forEach((node) => {
      node.__data__ = cd;
    });
    if (plan.lines) plan.lines.forEach(([path, d]) => path.setAttribute("d", d));
    if (!plan.points) return;
    const nodes = plan.points;
    const parent = nodes[0].parentNode;
    for (let k = xs.length; k < nodes.length; k++) nodes[k].remove();
    for (let k = nodes.length; k < xs.length; k++) {
      const copy = nodes[nodes.length - 1].cloneNode(true);
      parent.append(copy);
      nodes.push(copy);
    }
    // on a subplot with a cliponaxis: false trace Plotly hides markers outside the axes' range
    const hide = Boolean(
      div._fullLayout._plots[(full.xaxis || "x") + (full.yaxis || "y")].layerClipId
    );
    for (let k = 0; k < xs.length; k++) {
      const node = nodes[k];
      node.__data__ = cd[k];
      node.setAttribute("transform", "translate(" + pts[k][0] + "," + pts[k][1] + ")");
      if (hide) {
        const inside =
          xa.isPtWithinRange(cd[k], full.xcalendar) && ya.isPtWithinRange(cd[k], full.ycalendar);
        if (inside) node.removeAttribute("display");
        else node.setAttribute("display", "none");
      }
    }
    plan.shapes.forEach(([node, d, angle]) => {
      node.setAttribute("d", d);
      node.__sseD = d;
      node.__sseAngle = angle;
    });
  }

  function svgMove(div, updates) {
    const queued = div._transitionData && div._transitionData._frameQueue;
    if (queued && queued.length) return false; // Plotly has frames to draw first
    const plans = [];
    for (const uid of Object.keys(updates)) {
      const plan = planMove(div, uid, updates[uid]);
      if (!plan) return false;
      plans.push(plan);
    }
    plans.forEach((plan) => applyMove(div, plan));
    return true;
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
    } catch {
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
