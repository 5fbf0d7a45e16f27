// The single-sample explainer's client. It draws what the server sent and looks numbers up in
// the server's per-slider-position arrays; it never recomputes the maths. Changing t, η or the
// ½ factor asks the page's JSON twin for new arrays (debounced, one request in flight).
(function () {
  "use strict";

  const S = window.SSE;
  const FIELDS = ["t", "o", "lr"];
  let data = S.pageData();
  if (!data) return;
  // an embed shows one chart and some controls: everything below skips what is not on the page
  const overrides = data.layout_overrides || null;
  const config = S.plotConfig(Object.assign({}, data.config, data.config_overrides || {}));
  const state = Object.assign({}, data.query);
  const form = document.getElementById("controls");
  const charts = {};
  for (const name of ["loss", "gradient"]) {
    const div = document.getElementById("chart-" + name);
    if (div) charts[name] = div;
  }
  const controls = FIELDS.filter((name) => S.inputs(name).number);

  function figure(name) {
    const fig = data.figures[name];
    if (!overrides) return fig;
    const layout = Object.assign({}, fig.layout, overrides);
    for (const axis of ["xaxis", "yaxis"]) {
      layout[axis] = Object.assign({}, fig.layout[axis], overrides[axis] || {});
    }
    return { data: fig.data, layout: layout };
  }

  function el(id) {
    return document.getElementById(id) || { textContent: "", dataset: {} };
  }

  function query() {
    const params = {};
    for (const name of FIELDS) params[name] = String(state[name]);
    params.half = state.half ? "1" : "0";
    return params;
  }

  // ---- drawing
  function drawAll() {
    return Promise.all(
      Object.keys(charts).map((name) =>
        S.draw(charts[name], figure(name), config).then((first) => {
          if (first) wireChart(charts[name]);
        })
      )
    );
  }

  function wireChart(div) {
    div.on("plotly_click", (event) => {
      const point = event && event.points && event.points[0];
      if (!point || typeof point.x !== "number") return;
      setValue("o", point.x, "click");
    });
  }

  // Index of o on the slider grid, or -1 when o is between grid points.
  function gridIndex(o) {
    return S.gridIndex(data.lookup.output, data.controls.o.step, o);
  }

  function nearestIndex(o) {
    const out = data.lookup.output;
    const i = Math.round((o - out[0]) / data.controls.o.step);
    return Math.min(out.length - 1, Math.max(0, i));
  }

  function traceY(uid) {
    return data.figures.loss.data.find((trace) => trace.uid === uid).y;
  }

  function movePoint(i) {
    const L = data.lookup;
    const o = L.output[i];
    const loss = {
      point: { x: [o], y: [L.loss[i]] },
      tangent: { x: [L.tangent_x0[i], L.tangent_x1[i]], y: [L.tangent_y0[i], L.tangent_y1[i]] },
      step: { x: [o, L.next_output[i]], y: traceY("step") },
      landing: { x: [L.next_output[i]], y: [L.next_loss[i]] },
    };
    if (L.other_tangent_x0) {
      loss.other_tangent = {
        x: [L.other_tangent_x0[i], L.other_tangent_x1[i]],
        y: [L.other_tangent_y0[i], L.other_tangent_y1[i]],
      };
    }
    if (charts.loss) S.move(charts.loss, loss);
    if (charts.gradient) S.move(charts.gradient, { gpoint: { x: [o], y: [L.gradient[i]] } });
  }

  // ---- readout
  function direction(g) {
    return g < 0 ? "increase" : g > 0 ? "decrease" : "none";
  }

  function shownAt(i) {
    const L = data.lookup;
    const f = S.formatNumber;
    return {
      t: f(state.t),
      o: f(L.output[i]),
      lr: f(state.lr),
      loss: f(L.loss[i]),
      gradient: f(L.gradient[i]),
      next_output: f(L.next_output[i]),
      next_loss: f(L.next_loss[i]),
      other_gradient: f(L.other_gradient[i]),
      other_next_output: f(L.other_next_output[i]),
    };
  }

  // While a slider moves: the charts, the sentence and the table follow in the same frame;
  // the formulas and the ½ note (MathML and long text: costly to lay out) follow once it rests.
  let restTimer = 0;
  function showNumbers(shown, dir, moving) {
    S.fillShown(shown, document, { formulas: !moving });
    const sentence = el("sentence");
    sentence.textContent = S.fillTemplate(data.sentences[dir], shown);
    sentence.dataset.direction = dir;
    S.announceLater(sentence.textContent);
    clearTimeout(restTimer);
    const rest = () => {
      if (moving) S.fillShown(shown);
      el("half-note").textContent = S.fillTemplate(
        data.half_notes[state.half ? "1" : "0"],
        shown
      );
    };
    if (moving) restTimer = setTimeout(rest, 120);
    else rest();
  }

  // ---- controls
  function syncInputs(name, value, source) {
    const { range, number } = S.inputs(name);
    if (range && source !== "range") range.value = String(value);
    if (number && source !== "number") number.value = String(value);
  }

  let frame = 0;
  let frameIndex = -1;
  function setValue(name, value, source) {
    state[name] = value;
    syncInputs(name, value, source);
    S.replaceUrl(query());
    let i = name === "o" ? gridIndex(value) : -1;
    if (i < 0 && name === "o" && S.staticExport) i = nearestIndex(value); // no server to ask
    if (i < 0) {
      refetch(source === "range"); // a slider asks at once (one request in flight); typing waits
      return;
    }
    S.showError("o", "");
    frameIndex = i;
    if (frame) return;
    // coalesce input events: at most one chart update per animation frame
    frame = requestAnimationFrame(() => {
      frame = 0;
      movePoint(frameIndex);
      showNumbers(shownAt(frameIndex), direction(data.lookup.gradient[frameIndex]), true);
    });
  }

  const refetch = S.fetcher(
    () => {
      const params = query();
      for (const name of controls) params[name] = S.inputs(name).number.value;
      return params;
    },
    applyServerState,
    () => {
      el("sentence").textContent =
        S.t("The server could not be reached; the numbers above may be out of date.");
    }
  );

  function applyServerState(next) {
    data = next;
    for (const name of FIELDS) {
      S.showError(name, next.errors[name]);
      if (next.errors[name]) continue; // keep what the learner typed beside the message
      state[name] = next.query[name];
      const { range } = S.inputs(name);
      if (!range) continue;
      const spec = next.controls[name];
      range.min = String(spec.min);
      range.max = String(spec.max);
      range.step = String(spec.step);
      range.value = String(next.query[name]);
    }
    state.half = next.query.half;
    for (const [key, label] of Object.entries(next.labels || {})) {
      document.querySelectorAll('[data-label="' + key + '"]').forEach((el) => {
        el.textContent = label;
      });
    }
    for (const [key, html] of Object.entries(next.formulas || {})) {
      // MathML from our own server, built by latex2mathml with escaped numbers
      const box = document.getElementById("formula-" + key);
      if (box) box.innerHTML = html;
    }
    showNumbers(next.shown, next.result.direction);
    const plotted = document.querySelector("#plotted tbody");
    if (plotted && next.plotted) {
      plotted.replaceChildren(
        ...next.plotted.map((cells) => {
          const row = document.createElement("tr");
          for (const text of cells) {
            const cell = document.createElement("td");
            cell.textContent = text;
            row.append(cell);
          }
          return row;
        })
      );
    }
    S.replaceUrl(query());
    return drawAll();
  }

  function wireControls() {
    if (!form) return;
    for (const name of controls) {
      const { range, number } = S.inputs(name);
      range.addEventListener("input", () => setValue(name, Number(range.value), "range"));
      number.addEventListener("input", () => {
        const value = Number(number.value);
        if (number.value.trim() === "" || !Number.isFinite(value)) {
          refetch(); // the server says what is wrong with it
          return;
        }
        setValue(name, value, "number");
      });
      S.numberKeys(number, () => data.controls[name].step, (value) => setValue(name, value, "key"));
    }
    form.querySelectorAll('input[name="half"]').forEach((radio) => {
      radio.addEventListener("change", () => {
        state.half = radio.value === "1";
        S.replaceUrl(query());
        refetch(true);
      });
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      refetch(true);
    });
  }

  window.sseExplainer = { state: state };
  wireControls();
  drawAll().then(() => {
    S.shareXAxis(Object.values(charts), () => data.figures.loss.layout.xaxis.range);
    document.body.dataset.rendered = "1";
  });
})();
