// The single-sample explainer's client. It draws what the server sent and looks numbers up in
// the server's per-slider-position arrays; it never recomputes the maths. Changing t or η asks
// the page's JSON twin for new arrays (debounced, one request in flight).
(function () {
  "use strict";

  const MINUS = "\u2212";
  const SIGNIFICANT = 12;
  const NOISE = 4 * Number.EPSILON;
  const MATHML = "http://www.w3.org/1998/Math/MathML";
  const FIELDS = ["t", "o", "lr"];

  // Mirrors app/formatting.py `number`: exact with at least two decimals, or rounded with "≈".
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
    text = toFixedExact(text, places);
    return (approx ? "\u2248" : "") + (x < 0 ? MINUS : "") + text;
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
  function toFixedExact(text, places) {
    const have = decimalsOf(text);
    if (have >= places) return text;
    return (have === 0 ? text + "." : text) + "0".repeat(places - have);
  }
  window.sseFormatNumber = formatNumber; // the tests compare it with the server's formatting

  const dataEl = document.getElementById("state-data");
  if (!dataEl) return;
  let data = JSON.parse(dataEl.textContent);
  // One config for the page's life (Plotly misbehaves when a responsive config changes);
  // on a phone the mode bar would sit on the legend, and zoom is a desktop gesture anyway.
  const plotConfig = Object.assign({}, data.config, {
    displayModeBar: window.matchMedia("(max-width: 600px)").matches ? false : "hover",
  });
  const state = Object.assign({}, data.query);
  const form = document.getElementById("controls");
  const charts = {
    loss: document.getElementById("chart-loss"),
    gradient: document.getElementById("chart-gradient"),
  };
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function inputs(name) {
    return {
      range: document.getElementById(name + "-range"),
      number: document.getElementById(name + "-number"),
    };
  }

  // ---- theme: chart chrome takes its colours from the page's CSS variables
  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }
  function themed(figure) {
    const layout = JSON.parse(JSON.stringify(figure.layout));
    const fg = cssVar("--fg");
    layout.font = Object.assign({}, layout.font, { color: fg });
    for (const key of ["xaxis", "yaxis"]) {
      layout[key] = Object.assign({}, layout[key], {
        gridcolor: cssVar("--grid"),
        linecolor: cssVar("--axis"),
        zerolinecolor: key === "yaxis" && figure === data.figures.gradient ? fg : cssVar("--axis"),
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
    const traces = figure.data.map((trace) => {
      if (trace.uid === "point" || trace.uid === "gpoint") {
        return Object.assign({}, trace, {
          marker: Object.assign({}, trace.marker, {
            color: cssVar("--point"),
            line: { color: cssVar("--point-edge"), width: 2 },
          }),
        });
      }
      if (trace.uid === "target") {
        return Object.assign({}, trace, { line: Object.assign({}, trace.line, { color: cssVar("--muted") }) });
      }
      return trace;
    });
    return { data: traces, layout: layout };
  }

  function stepY() {
    return data.figures.loss.data.find((trace) => trace.uid === "step").y;
  }

  function traceIndex(div, uid) {
    return div.data.findIndex((trace) => trace.uid === uid);
  }

  // ---- drawing
  function drawAll() {
    const pending = Object.keys(charts).map((name) => {
      const div = charts[name];
      const fig = themed(data.figures[name]);
      const first = !div.dataset.rendered;
      const call = first ? Plotly.newPlot : Plotly.react;
      return call(div, fig.data, fig.layout, plotConfig).then(() => {
        if (first) wireChart(div);
        div.dataset.rendered = "1";
      });
    });
    return Promise.all(pending);
  }

  let syncing = false;
  function wireChart(div) {
    div.on("plotly_click", (event) => {
      const point = event && event.points && event.points[0];
      if (!point || typeof point.x !== "number") return;
      setValue("o", point.x, "click");
    });
    div.on("plotly_relayout", (change) => {
      // the two charts share the output axis: zooming one zooms the other
      if (syncing) return;
      const update = {};
      if ("xaxis.range[0]" in change) {
        update["xaxis.range"] = [change["xaxis.range[0]"], change["xaxis.range[1]"]];
      } else if (change["xaxis.range"]) {
        update["xaxis.range"] = change["xaxis.range"];
      } else if (change["xaxis.autorange"]) {
        update["xaxis.range"] = data.figures.loss.layout.xaxis.range;
      } else {
        return;
      }
      syncing = true;
      const others = Object.values(charts).filter((other) => other !== div);
      Promise.all(others.map((other) => Plotly.relayout(other, update))).finally(() => {
        syncing = false;
      });
    });
  }

  // Index of o on the slider grid, or -1 when o is between grid points.
  function gridIndex(o) {
    const out = data.lookup.output;
    const lo = out[0];
    const step = data.controls.o.step;
    const i = Math.round((o - lo) / step);
    if (i < 0 || i >= out.length) return -1;
    return Math.abs(out[i] - o) <= step * 1e-6 ? i : -1;
  }

  function movePoint(i) {
    const L = data.lookup;
    const o = L.output[i];
    const lossDiv = charts.loss;
    const gradDiv = charts.gradient;
    if (!lossDiv.dataset.rendered) return;
    const lossTraces = ["point", "tangent", "step", "landing"].map((uid) => traceIndex(lossDiv, uid));
    Plotly.animate(
      lossDiv,
      {
        data: [
          { x: [o], y: [L.loss[i]] },
          { x: [L.tangent_x0[i], L.tangent_x1[i]], y: [L.tangent_y0[i], L.tangent_y1[i]] },
          { x: [o, L.next_output[i]], y: stepY() },
          { x: [L.next_output[i]], y: [L.next_loss[i]] },
        ],
        traces: lossTraces,
      },
      { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" }
    );
    Plotly.animate(
      gradDiv,
      { data: [{ x: [o], y: [L.gradient[i]] }], traces: [traceIndex(gradDiv, "gpoint")] },
      { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" }
    );
  }

  // ---- readout
  function direction(g) {
    return g < 0 ? "increase" : g > 0 ? "decrease" : "none";
  }

  function setSlot(el, text) {
    const paren = el.dataset.paren === "1";
    const negative = text.replace("\u2248", "").startsWith(MINUS);
    const digits = negative ? text.replace(MINUS, "") : text;
    const node = (tag, text) => {
      const made = document.createElementNS(MATHML, tag);
      made.textContent = text;
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

  function showNumbers(shown, dir) {
    for (const [key, text] of Object.entries(shown)) {
      document.querySelectorAll('[data-shown="' + key + '"]').forEach((el) => {
        el.textContent = text;
      });
      document.querySelectorAll('[data-slot="' + key + '"]').forEach((el) => setSlot(el, text));
    }
    const sentence = document.getElementById("sentence");
    sentence.textContent = data.sentences[dir].replace(/\{(\w+)\}/g, (_, k) => shown[k]);
    sentence.dataset.direction = dir;
    announceLater(sentence.textContent);
  }

  function shownAt(i) {
    const L = data.lookup;
    return {
      t: formatNumber(state.t),
      o: formatNumber(L.output[i]),
      lr: formatNumber(state.lr),
      loss: formatNumber(L.loss[i]),
      gradient: formatNumber(L.gradient[i]),
      next_output: formatNumber(L.next_output[i]),
      next_loss: formatNumber(L.next_loss[i]),
    };
  }

  // Screen readers hear the new sentence once the learner pauses, not on every slider tick.
  let announceTimer = 0;
  function announceLater(text) {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      document.getElementById("announce").textContent = text;
    }, 700);
  }

  // ---- state in the address bar
  let urlFrame = 0;
  function updateUrl() {
    if (urlFrame) return;
    urlFrame = requestAnimationFrame(() => {
      urlFrame = 0;
      const params = new URLSearchParams();
      for (const name of FIELDS) params.set(name, String(state[name]));
      history.replaceState(null, "", location.pathname + "?" + params.toString());
    });
  }

  // ---- controls
  function showError(name, text) {
    const el = document.querySelector('[data-error-for="' + name + '"]');
    const box = document.querySelector('[data-control="' + name + '"]');
    const number = inputs(name).number;
    el.textContent = text || "";
    el.hidden = !text;
    box.classList.toggle("has-error", Boolean(text));
    if (text) number.setAttribute("aria-invalid", "true");
    else number.removeAttribute("aria-invalid");
    const described = [name + "-hint"].concat(text ? [name + "-error"] : []);
    number.setAttribute("aria-describedby", described.join(" "));
  }

  function syncInputs(name, value, source) {
    const { range, number } = inputs(name);
    if (source !== "range") range.value = String(value);
    if (source !== "number") number.value = String(value);
  }

  let frame = 0;
  let frameIndex = -1;
  function setValue(name, value, source) {
    state[name] = value;
    syncInputs(name, value, source);
    if (name === "o") {
      const i = gridIndex(value);
      if (i >= 0) {
        showError("o", "");
        frameIndex = i;
        if (!frame) {
          // coalesce input events: at most one chart update per animation frame
          frame = requestAnimationFrame(() => {
            frame = 0;
            movePoint(frameIndex);
            const shown = shownAt(frameIndex);
            showNumbers(shown, direction(data.lookup.gradient[frameIndex]));
          });
        }
        updateUrl();
        return;
      }
    }
    updateUrl();
    refetch();
  }

  // ---- talking to the server: debounced, one request in flight, the newest state wins
  let debounce = 0;
  let inFlight = false;
  let again = false;
  function refetch(now) {
    clearTimeout(debounce);
    debounce = setTimeout(fetchState, now ? 0 : 150);
  }
  function fetchState() {
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    const params = new URLSearchParams();
    for (const name of FIELDS) params.set(name, inputs(name).number.value);
    fetch(form.dataset.json + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then((next) => applyServerState(next))
      .catch(() => {
        document.getElementById("sentence").textContent =
          "The server could not be reached; the numbers above may be out of date.";
      })
      .finally(() => {
        inFlight = false;
        if (again) {
          again = false;
          fetchState();
        }
      });
  }

  function applyServerState(next) {
    data = next;
    for (const name of FIELDS) {
      showError(name, next.errors[name]);
      if (next.errors[name]) continue; // keep what the learner typed beside the message
      state[name] = next.query[name];
      const { range } = inputs(name);
      const spec = next.controls[name];
      range.min = String(spec.min);
      range.max = String(spec.max);
      range.step = String(spec.step);
      range.value = String(next.query[name]);
    }
    for (const name of FIELDS) if (!next.errors[name]) state[name] = next.query[name];
    showNumbers(next.shown, next.result.direction);
    updateUrl();
    return drawAll();
  }

  // Arrow keys on a number box move by the slider's step (a browser's default for step="any" is 1).
  function onNumberKey(event) {
    const name = event.target.dataset.for;
    const keys = { ArrowUp: 1, ArrowDown: -1, PageUp: 10, PageDown: -10 };
    if (!(event.key in keys)) return;
    event.preventDefault();
    const step = data.controls[name].step;
    const current = Number(event.target.value);
    const base = Number.isFinite(current) ? current : state[name];
    const next = Math.round((base + keys[event.key] * step) / step) * step;
    const places = Math.max(0, Math.round(-Math.log10(step)) + 1);
    setValue(name, Number(next.toFixed(places)), "key");
  }

  function wireControls() {
    form.dataset.json = document.querySelector('link[rel="alternate"][type="application/json"]')
      .getAttribute("href").split("?")[0];
    for (const name of FIELDS) {
      const { range, number } = inputs(name);
      range.addEventListener("input", () => setValue(name, Number(range.value), "range"));
      number.addEventListener("input", () => {
        const value = Number(number.value);
        if (number.value.trim() === "" || !Number.isFinite(value)) {
          refetch(); // the server says what is wrong with it
          return;
        }
        setValue(name, value, "number");
      });
      number.addEventListener("keydown", onNumberKey);
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      refetch(true);
    });
  }

  window.sseExplainer = { state: state, formatNumber: formatNumber, reduceMotion: reduceMotion };
  wireControls();
  drawAll().then(() => {
    document.body.dataset.rendered = "1";
  });
})();
