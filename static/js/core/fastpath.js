// The client's core, part 3 of 6: SSE.move, the fast path that moves a few traces (a point, a
// tangent, an arrow, a growing path) by setting their drawn SVG directly, well under a
// millisecond a chart where Plotly.animate takes a few.
//
// IT DEPENDS ON PLOTLY'S PRIVATE STATE, as plotly.js 4.1.1 lays it out (PLOTLY_VERSION below;
// the vendored bundles static/vendor/plotly-sse-basic-4.1.1.min.js and
// plotly-sse-contour-4.1.1.min.js). tests/test_fastpath_pin.py fails when the vendored plotly.js
// is another version: recheck everything listed here, then change PLOTLY_VERSION. Until then a
// page on another Plotly gets Plotly.animate for every move (correct, slower).
//   reads   gd._fullData[i]: type, visible, ids, fill, mode, stackgroup, error_x/y.visible,
//             line.shape/simplify/backoff, marker.* (symbol, size, color, opacity, angle,
//             angleref, standoff, maxdisplayed, line.color), xaxis, yaxis, uid, x/ycalendar
//           gd.calcdata[i]: its points' x, y, ma (and cd[0].trace, cd[0].t)
//           gd._fullLayout: xaxisN/yaxisN (c2p, autorange, isPtWithinRange),
//             _plots[xy].plot (a d3 selection: .node()) and _plots[xy].layerClipId
//           gd._transitionData._frameQueue (frames Plotly.animate has still to draw)
//           the drawn SVG: .scatterlayer > g.trace (d3 __data__[0].trace.uid),
//             g.lines > path.js-line, g.points > path.point, g.text
//           Plotly's drawing rules copied here: line.backoff "auto" per arrow symbol
//             (symbol_defs.js, BACKOFF below), line.simplify, markers hidden off-axes under
//             layerClipId
//   writes  gd.data[i].x/y; gd._fullData[i] and cd[0].trace: x, y, _length; calcdata points
//           (x, y, i; added or dropped as a path grows or shrinks); d3's __data__ on the trace
//           group, its children and each marker; path `d`, marker `transform` and `display`
//   own     div._sseMoves (counts, read by the tests), div._sseShapes, node.__sseD/__sseAngle
(function () {
  "use strict";

  const S = (window.SSE = window.SSE || {});
  const PLOTLY_VERSION = "4.1.1";
  const FAR = 1e5; // px: beyond this Plotly clips lines itself; leave such views to it

  // Move traces without a redraw: keyed by uid, {x: [...], y: [...]} each. When the fast path
  // cannot, Plotly.animate does it.
  function move(div, updates) {
    if (!div.dataset.rendered) return;
    const moves = (div._sseMoves = div._sseMoves || { svg: 0, plotly: 0 });
    if (Plotly.version === PLOTLY_VERSION && svgMove(div, updates)) {
      moves.svg++;
      return;
    }
    moves.plotly++;
    const uids = Object.keys(updates);
    Plotly.animate(
      div,
      { data: uids.map((uid) => updates[uid]), traces: uids.map((uid) => S.traceIndex(div, uid)) },
      { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" }
    ).catch(() => {}); // rejected when a newer movement interrupts it: nothing to do
  }

  // ---- the fast path: set the drawn SVG of the moved traces directly (a line's `d`, a marker's
  // `transform`), placed by the chart's own axes (`c2p`, data to pixels), and keep gd.data,
  // gd._fullData and gd.calcdata in step, so that hover, image export, a theme change and any
  // later redraw show the same state as the screen. Only plain scatter traces in a cartesian
  // subplot qualify (linear lines, markers; no fill, text, error bars or per-point styles when
  // the count changes). It checks everything first and changes nothing unless it can do it
  // all; `false` means "let Plotly do it". A marker rotated toward its previous point (the
  // step's arrow) takes its shape from a cache of shapes Plotly drew before at that angle.
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

  // Whether Plotly draws this trace in a way the fast path copies exactly.
  function plainScatter(full) {
    if (full.type !== "scatter" || full.visible !== true || full.ids) return false;
    if ((full.fill && full.fill !== "none") || /text/.test(full.mode) || full.stackgroup)
      return false;
    if ((full.error_x && full.error_x.visible) || (full.error_y && full.error_y.visible))
      return false;
    if (/lines/.test(full.mode) && full.line.shape && full.line.shape !== "linear") return false;
    return !(/markers/.test(full.mode) && full.marker.maxdisplayed);
  }

  function planMove(div, uid, update) {
    const idx = S.traceIndex(div, uid);
    const full = div._fullData && div._fullData.find((t) => t.index === idx);
    const cd = div.calcdata && div.calcdata[idx];
    const layout = div._fullLayout;
    if (idx < 0 || !full || !cd || !cd[0] || !layout || !plainScatter(full)) return null;
    const lines = /lines/.test(full.mode);
    const markers = /markers/.test(full.mode);
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
    if (markers && !planMarkers(div, plan)) return null;
    return plan;
  }

  // The markers' nodes, and the shapes of those whose angle changes; false to leave it to Plotly.
  function planMarkers(div, plan) {
    const { full, cd, xs, xa, ya, pts } = plan;
    const nodes = Array.from(plan.group.querySelectorAll("g.points > path.point"));
    if (nodes.length !== cd.length) return false;
    if (xs.length !== nodes.length) {
      // a growing or shrinking path: new markers copy the last one, so styles must be shared
      const m = full.marker;
      const perPoint = [m.size, m.color, m.symbol, m.opacity, m.angle, m.line && m.line.color];
      if (!nodes.length || perPoint.some(isArray) || m.angleref === "previous") return false;
    }
    const cache = (div._sseShapes = div._sseShapes || {});
    const oldPts = cd.map((d) => [xa.c2p(d.x), ya.c2p(d.y)]);
    plan.shapes = [];
    for (let k = 0; k < Math.min(nodes.length, xs.length); k++) {
      const node = nodes[k];
      const drawn =
        node.__sseD === node.getAttribute("d") ? node.__sseAngle : markerAngle(full, cd, oldPts, k);
      const wanted = markerAngle(full, cd, pts, k);
      if (drawn === wanted) continue;
      cache[shapeKey(full, k, drawn)] = node.getAttribute("d");
      const shape = cache[shapeKey(full, k, wanted)];
      if (shape === undefined) return false; // not drawn at this angle yet: Plotly will
      plan.shapes.push([node, shape, wanted]);
    }
    plan.points = nodes;
    return true;
  }

  function applyMove(div, plan) {
    const { idx, full, cd, xs, ys } = plan;
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
    if (plan.points) applyMarkers(div, plan);
  }

  function applyMarkers(div, plan) {
    const { full, cd, xs, xa, ya, pts } = plan;
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

  Object.assign(S, { PLOTLY_VERSION: PLOTLY_VERSION, move: move });
})();
