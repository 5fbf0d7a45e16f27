// The losses page's client. Moving o looks every number up in the server's per-slider-position
// arrays (all four losses) and moves the point, the tangent (or the subgradient fan at a
// corner) and the gradient marker; it never recomputes a loss. Changing the loss, t, δ or the
// ½ factor asks the page's JSON twin for new arrays (debounced, one request in flight).
(function () {
  "use strict";

  const S = window.SSE;
  const FIELDS = ["t", "o", "delta"];
  const DIRECTIONS = { below: "increase", above: "decrease" };
  let data = S.pageData();
  if (!data) return;
  const config = S.plotConfig(data.config);
  const state = Object.assign({}, data.query);
  const form = document.getElementById("controls");
  const charts = {
    loss: document.getElementById("chart-loss"),
    gradient: document.getElementById("chart-gradient"),
  };
  let kinks = kinkTables();

  function kinkTables() {
    const out = {};
    for (const [name, table] of Object.entries(data.lookup.losses)) {
      out[name] = new Map(table.kinks.map((k) => [k[0], [k[1], k[2]]]));
    }
    return out;
  }

  function query() {
    const params = {};
    for (const name of FIELDS) params[name] = String(state[name]);
    params.half = state.half ? "1" : "0";
    params.loss = state.loss;
    return params;
  }

  // ---- drawing
  function drawAll() {
    return Promise.all(
      Object.keys(charts).map((name) =>
        S.draw(charts[name], data.figures[name], config).then((first) => {
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

  function gridIndex(o) {
    return S.gridIndex(data.lookup.output, data.controls.o.step, o);
  }

  // dL/do at grid point i as [left, right] (equal where it exists), or null where undefined.
  function slopes(name, i) {
    const g = data.lookup.losses[name].gradient[i];
    if (g !== null) return [g, g];
    return kinks[name].get(i) || null;
  }

  // The tangent, or at a corner the fan of subgradient lines, as one trace with gaps.
  function fan(o, loss, pair) {
    const T = data.tangent;
    const [xs, ys] = T.spans;
    const x = [];
    const y = [];
    for (let k = 0; k < T.fan; k++) {
      const s = pair[0] + ((pair[1] - pair[0]) * k) / (T.fan - 1);
      const hw = T.length / 2 / Math.sqrt((1 / xs) ** 2 + (s / ys) ** 2);
      x.push(o - hw, o + hw, null);
      y.push(loss - s * hw, loss + s * hw, null);
    }
    return { x: x, y: y };
  }

  function movePoint(i) {
    const o = data.lookup.output[i];
    const loss = data.lookup.losses[state.loss].loss[i];
    const pair = slopes(state.loss, i);
    if (loss === null || !pair) return;
    S.move(charts.loss, { point: { x: [o], y: [loss] }, tangent: fan(o, loss, pair) });
    S.move(charts.gradient, { gpoint: { x: [o, o], y: pair } });
  }

  // ---- readout (same words as the server's, from data.sign_words and data.sentences)
  function gradientText(pair) {
    const f = S.formatNumber;
    if (!pair) return "\u2014";
    if (pair[0] === pair[1]) return f(pair[0]);
    return "[" + f(pair[0]) + S.LIST_SEP + f(pair[1]) + "]";
  }

  function signKey(pair, e) {
    if (!pair) return "undefined";
    if (pair[0] !== pair[1]) return "kink";
    return e < 0 ? "below" : e > 0 ? "above" : "zero";
  }

  function shownAt(i) {
    const f = S.formatNumber;
    const e = data.lookup.error[i];
    const shown = {
      t: f(state.t),
      o: f(data.lookup.output[i]),
      delta: f(state.delta),
      e: f(e),
    };
    for (const name of Object.keys(data.lookup.losses)) {
      const loss = data.lookup.losses[name].loss[i];
      const pair = slopes(name, i);
      shown[name + "_loss"] = loss === null ? "\u2014" : f(loss);
      shown[name + "_gradient"] = gradientText(pair);
      shown[name + "_sign"] = data.sign_words[signKey(pair, e)];
    }
    shown.loss = shown[state.loss + "_loss"];
    shown.gradient = shown[state.loss + "_gradient"];
    shown.label = data.shown.label;
    return { shown: shown, key: signKey(slopes(state.loss, i), e) };
  }

  function showNumbers(shown, key) {
    S.fillShown(shown);
    const sentence = document.getElementById("sentence");
    if (data.sentences[key]) sentence.textContent = S.fillTemplate(data.sentences[key], shown);
    sentence.dataset.direction = DIRECTIONS[key] || "none";
    sentence.dataset.key = key;
    S.announceLater(sentence.textContent);
  }

  // ---- controls
  function syncInputs(name, value, source) {
    const { range, number } = S.inputs(name);
    if (source !== "range") range.value = String(value);
    if (source !== "number") number.value = String(value);
  }

  let frame = 0;
  let frameIndex = -1;
  function setValue(name, value, source) {
    state[name] = value;
    syncInputs(name, value, source);
    S.replaceUrl(query());
    const i = name === "o" ? gridIndex(value) : -1;
    if (i < 0 || !slopes(state.loss, i)) {
      refetch();
      return;
    }
    S.showError("o", "");
    frameIndex = i;
    if (frame) return;
    // coalesce input events: at most one chart update per animation frame
    frame = requestAnimationFrame(() => {
      frame = 0;
      movePoint(frameIndex);
      const now = shownAt(frameIndex);
      showNumbers(now.shown, now.key);
    });
  }

  const refetch = S.fetcher(
    () => {
      const params = query();
      for (const name of FIELDS) params[name] = S.inputs(name).number.value;
      return params;
    },
    applyServerState,
    () => {
      document.getElementById("sentence").textContent =
        S.t("The server could not be reached; the numbers above may be out of date.");
    }
  );

  function applyServerState(next) {
    data = Object.assign({}, data, next);
    kinks = kinkTables();
    for (const name of FIELDS) {
      S.showError(name, next.errors[name]);
      if (next.errors[name]) continue; // keep what the learner typed beside the message
      state[name] = next.query[name];
      const { range } = S.inputs(name);
      const spec = next.controls[name];
      range.min = String(spec.min);
      range.max = String(spec.max);
      range.step = String(spec.step);
      range.value = String(next.query[name]);
    }
    S.showError("loss", next.errors.loss);
    state.half = next.query.half;
    state.loss = next.query.loss;
    for (const [name, row] of Object.entries(next.rows)) {
      const cell = document.querySelector('[data-size="' + name + '"]');
      if (cell) cell.textContent = row.size;
      const tr = document.querySelector('tr[data-loss="' + name + '"]');
      if (tr) tr.classList.toggle("selected", name === state.loss);
    }
    for (const [key, html] of Object.entries(next.formulas || {})) {
      // MathML from our own server, built by latex2mathml with escaped numbers
      const box = document.getElementById("formula-" + key);
      if (box) box.innerHTML = html;
    }
    showNumbers(next.shown, next.sentence_key);
    S.replaceUrl(query());
    return drawAll();
  }

  function wireControls() {
    for (const name of FIELDS) {
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
    form.querySelectorAll('input[name="loss"]').forEach((radio) => {
      radio.addEventListener("change", () => {
        state.loss = radio.value;
        S.replaceUrl(query());
        refetch(true);
      });
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      refetch(true);
    });
  }

  window.sseLosses = { state: state };
  wireControls();
  drawAll().then(() => {
    S.shareXAxis(Object.values(charts), () => data.figures.loss.layout.xaxis.range);
    document.body.dataset.rendered = "1";
  });
})();
