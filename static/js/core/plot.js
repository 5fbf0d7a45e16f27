// The client's core, part 2 of 6: the charts. Chart colours from the page's CSS variables
// (light or dark, and the theme button that switches them without redrawing the data), the
// one plot config, drawing, grid lookups, clicks on points, shared x axes.
// Moving traces without a redraw is SSE.move, in fastpath.js.
(function () {
  "use strict";

  const S = (window.SSE = window.SSE || {});

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  function axisKeys(layout) {
    return Object.keys(layout).filter((k) => /^[xy]axis\d*$/.test(k));
  }

  // The layout's colours that follow the theme, as Plotly attribute paths ("xaxis.gridcolor").
  function chromeColours(layout) {
    const fg = cssVar("--fg");
    const update = { "font.color": fg };
    for (const key of axisKeys(layout)) {
      const axis = layout[key];
      update[key + ".gridcolor"] = cssVar("--grid");
      update[key + ".linecolor"] = cssVar("--axis");
      update[key + ".zerolinecolor"] = (axis.zerolinewidth || 1) >= 2 ? fg : cssVar("--axis");
    }
    // an annotation named after a colour role (app/figures/palette.py) takes that colour
    (layout.annotations || []).forEach((note, i) => {
      const colour = note.name ? cssVar("--" + note.name) : "";
      if (colour) update["annotations[" + i + "].font.color"] = colour;
    });
    return update;
  }

  function setPath(target, path, value) {
    const keys = path.replace(/\[(\d+)\]/g, ".$1").split(".");
    const last = keys.pop();
    for (const key of keys) target = target[key] = target[key] || {};
    target[last] = value;
  }

  // A trace's colours that follow the theme, as Plotly attribute paths: its meta.theme names
  // each colour attribute's role (app/figures/palette.py `themed`), whose colour is the CSS
  // variable --<role>.
  // Figures that name no roles (app/figures/palette.py `themed`) are themed by their colours:
  // a colour that is a role's light colour (the CSS's light theme) takes the role's colour
  // now; and a current point (uid "point", "gpoint", ...) and the target by their uid.
  const ROLES = ["loss", "tangent", "step", "negative", "positive", "muted"];
  const COLOUR_PATHS = ["line.color", "marker.color", "fillpattern.fgcolor"];
  let lightRoles = null;
  function lightRole(colour) {
    if (!lightRoles) {
      const root = document.documentElement;
      const theme = root.dataset.theme;
      root.dataset.theme = "light"; // read once: one style recalculation, nothing painted
      lightRoles = {};
      for (const role of ROLES) lightRoles[cssVar("--" + role).toLowerCase()] = role;
      if (theme === undefined) delete root.dataset.theme;
      else root.dataset.theme = theme;
    }
    return typeof colour === "string" ? lightRoles[colour.toLowerCase()] : undefined;
  }

  function getPath(target, path) {
    return path.split(".").reduce((value, key) => (value ? value[key] : undefined), target);
  }

  function byColour(trace) {
    const uid = trace.uid || "";
    if (uid === "point" || uid.endsWith("point")) {
      return { "marker.color": "point", "marker.line.color": "point-edge" };
    }
    const roles = uid === "target" ? { "line.color": "muted" } : {};
    for (const path of COLOUR_PATHS) {
      const role = lightRole(getPath(trace, path));
      if (role) roles[path] = role;
    }
    return roles;
  }

  function rolesOf(trace) {
    return (trace.meta && trace.meta.theme) || byColour(trace);
  }

  function traceColours(trace) {
    const roles = rolesOf(trace);
    const update = {};
    for (const [path, role] of Object.entries(roles)) update[path] = cssVar("--" + role);
    return update;
  }

  function themed(figure) {
    const layout = JSON.parse(JSON.stringify(figure.layout));
    if (S.DECIMAL === ",") layout.separators = ",\u202f"; // ticks and hovers: 0,5 and 10 000
    for (const [path, colour] of Object.entries(chromeColours(layout))) {
      setPath(layout, path, colour);
    }
    const data = figure.data.map((trace) => {
      const colours = Object.entries(traceColours(trace));
      if (!colours.length) return trace;
      const copy = JSON.parse(JSON.stringify(trace));
      for (const [path, colour] of colours) setPath(copy, path, colour);
      copy.meta = Object.assign({}, copy.meta, { theme: rolesOf(trace) }); // for a theme switch
      return copy;
    });
    return { data: data, layout: layout };
  }

  // One config for the page's life (Plotly misbehaves when a responsive config changes);
  // on a phone the mode bar would sit on the chart, and zoom is a desktop gesture anyway.
  function plotConfig(config) {
    return Object.assign({}, config, {
      displayModeBar: window.ssePhone() ? false : "hover",
    });
  }

  // The server's first frame of a chart (app/frames.py, static/js/site.js sseFrame) goes once
  // plotly.js's drawing of the same chart under it has been painted: the next frame but one.
  function unframe(div) {
    const img = div.querySelector(":scope > img.first-frame");
    if (!img) return;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        img.remove();
        div.style.minHeight = "";
      })
    );
  }

  // Draw (first time) or update a chart; resolves once drawn and sets data-rendered="1".
  function draw(div, figure, config) {
    const fig = themed(figure);
    const first = !div.dataset.rendered;
    const call = first ? Plotly.newPlot : Plotly.react;
    return call(div, fig.data, fig.layout, config).then(() => {
      div.dataset.rendered = "1";
      if (first) unframe(div);
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

  // Call handle(point) with the clicked point of a chart (its x a number).
  function onPoint(div, handle) {
    div.on("plotly_click", (event) => {
      const point = event && event.points && event.points[0];
      if (point && typeof point.x === "number") handle(point);
    });
  }

  // Direct manipulation: a press on the chart's plot area within `reach` px of x = near()
  // (its current point), then a drag, calls onX(x) with the data x under the pointer (mouse,
  // pen or touch: pointer events); onEnd() on release. The press is the chart's: Plotly sees no
  // drag and no click. A touch that starts vertical scrolls the page (CSS touch-action: pan-y).
  // dragXY: the same in two dimensions, near() giving [x, y] and onXY(x, y) the point's data.
  // The pointer is held to the plot area, so the point never leaves the view while dragged;
  // released at its edge, the page frames the view anew.
  // Both read the axes' pixel mappings from Plotly 4.1.1's _fullLayout (pinned with the fast
  // path: tests/test_fastpath_pin.py).
  function dragX(div, near, onX, onEnd, reach) {
    drag(div, () => [near(), null], (x) => onX(x), onEnd, reach);
  }
  function dragXY(div, near, onXY, onEnd, reach) {
    drag(div, near, onXY, onEnd, reach);
  }
  function drag(div, near, onMove, onEnd, reach) {
    let active = null;
    const plotXY = (event) => {
      const box = div.querySelector(".nsewdrag").getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top, box: box };
    };
    div.addEventListener(
      "pointerdown",
      (event) => {
        if (!div._fullLayout || event.button !== 0) return;
        const at = plotXY(event);
        const { xaxis: xa, yaxis: ya } = div._fullLayout;
        const inside = at.x >= 0 && at.x <= at.box.width && at.y >= 0 && at.y <= at.box.height;
        const [x, y] = near();
        const dx = at.x - xa.l2p(x);
        const dy = y === null ? 0 : at.y - ya.l2p(y);
        if (!inside || Math.hypot(dx, dy) > (reach || 24)) return;
        event.preventDefault();
        event.stopPropagation();
        active = event.pointerId;
        div.setPointerCapture(event.pointerId);
        div.classList.add("dragging");
      },
      true
    );
    div.addEventListener("pointermove", (event) => {
      if (event.pointerId !== active) return;
      const at = plotXY(event);
      const { xaxis: xa, yaxis: ya } = div._fullLayout;
      const held = (v, size) => Math.min(size, Math.max(0, v));
      onMove(xa.p2l(held(at.x, at.box.width)), ya.p2l(held(at.y, at.box.height)));
    });
    const end = (event) => {
      if (event.pointerId !== active) return;
      active = null;
      div._sseDraggedAt = performance.now(); // the tap Plotly may see in it is no click
      Plotly.Fx.unhover(div); // nor does its hover label stay where the drag began
      div.classList.remove("dragging");
      onEnd();
    };
    div.addEventListener("pointerup", end);
    div.addEventListener("pointercancel", end);
  }

  // A click on a chart (not a double-click: that moves nothing) calls handle(point).
  function onSingleClick(div, handle) {
    let timer = 0;
    div.on("plotly_click", (event) => {
      const point = event && event.points && event.points[0];
      if (timer) {
        clearTimeout(timer); // the second click of a double-click: neither counts
        timer = 0;
        return;
      }
      if (!point || typeof point.x !== "number") return;
      if (performance.now() - (div._sseDraggedAt || -1e9) < 500) {
        Plotly.Fx.unhover(div); // a drag's tap: its label would stay where the drag began
        return;
      }
      timer = setTimeout(() => {
        timer = 0;
        handle(point);
      }, 300);
    });
  }

  // A function that calls draw(value) at the next animation frame with the newest value it was
  // given: input events come faster than frames, and one chart update a frame is enough.
  function perFrame(draw) {
    let frame = 0;
    let latest;
    return function (value) {
      latest = value;
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        draw(latest);
      });
    };
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

  // ---- the theme button: auto (the system's) -> light -> dark, remembered in localStorage;
  // charts take the new colours without a redraw of their data
  const THEMES = ["auto", "light", "dark"];
  function currentTheme() {
    return document.documentElement.dataset.theme || "auto";
  }
  function retheme(div) {
    if (!div.dataset.rendered || !div.layout) return;
    Plotly.relayout(div, chromeColours(div.layout));
    div.data.forEach((trace, i) => {
      const colours = traceColours(trace);
      if (Object.keys(colours).length) Plotly.restyle(div, colours, [i]);
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
    if (button) button.textContent = S.t("Theme: " + theme);
    document.querySelectorAll(".chart[data-rendered]").forEach(retheme);
  }
  window.sseParsed(() => {
    const button = document.getElementById("theme-toggle");
    if (!button) return;
    button.textContent = S.t("Theme: " + currentTheme());
    button.addEventListener("click", () => {
      setTheme(THEMES[(THEMES.indexOf(currentTheme()) + 1) % THEMES.length]);
    });
  });

  Object.assign(S, {
    cssVar: cssVar,
    themed: themed,
    plotConfig: plotConfig,
    draw: draw,
    gridIndex: gridIndex,
    traceIndex: traceIndex,
    onPoint: onPoint,
    dragX: dragX,
    dragXY: dragXY,
    onSingleClick: onSingleClick,
    perFrame: perFrame,
    shareXAxis: shareXAxis,
    setTheme: setTheme,
    retheme: retheme,
    reduceMotion: window.matchMedia("(prefers-reduced-motion: reduce)").matches,
  });
})();
