// The single-sample explainer's client. It draws what the server sent and looks numbers up in
// the server's per-slider-position arrays (fetched from the page's lookup twin as it starts:
// SSE.lookups; until they arrive a move asks the JSON twin); it never recomputes the maths.
// Changing t, η or the ½ factor asks the page's JSON twin for new arrays (debounced, one
// request in flight).
// An embed shows one chart and some controls: everything here skips what is not on the page.
(function () {
  "use strict";

  const S = window.SSE;
  const FIELDS = ["t", "o", "lr"];

  S.page({ charts: ["loss", "gradient"] }, (page) => {
    const state = Object.assign({}, page.data.query);
    const controls = FIELDS.filter((name) => S.inputs(name).number);
    const arrived = S.lookups(page);
    window.sseExplainer = { state: state };

    function el(id) {
      return document.getElementById(id) || { textContent: "", dataset: {} };
    }

    function query() {
      const params = {};
      for (const name of FIELDS) params[name] = String(state[name]);
      params.half = state.half ? "1" : "0";
      if (comparing()) params.compare = "1"; // the box is kept in the URL when on
      return params;
    }

    // Index of o on the slider grid, or -1 when o is between grid points (or no arrays yet).
    function gridIndex(o) {
      const L = page.data.lookup;
      return L ? S.gridIndex(L.output, page.data.controls.o.step, o) : -1;
    }

    function nearestIndex(o) {
      const out = page.data.lookup.output;
      const i = Math.round((o - out[0]) / page.data.controls.o.step);
      return Math.min(out.length - 1, Math.max(0, i));
    }

    function traceY(uid) {
      return page.data.figures.loss.data.find((trace) => trace.uid === uid).y;
    }

    function comparing() {
      const box = document.getElementById("compare-half");
      return Boolean(box && box.checked);
    }

    // The chart's words by the tangent and under the arrow (app/figures/single.py writes them
    // the same way for the first draw).
    function chartLabels(i) {
      const L = page.data.lookup;
      const words = page.data.chart_labels;
      const f = S.formatNumber;
      const g = L.gradient[i];
      const step = L.next_output[i] - L.output[i];
      const sign = (x) => (x > 0 ? "1" : x < 0 ? "-1" : "0");
      return {
        "annotations[0].x": L.output[i],
        "annotations[0].y": L.loss[i],
        "annotations[0].xanchor": g < 0 ? "left" : "right",
        "annotations[0].xshift": g < 0 ? 8 : -8,
        "annotations[0].text": S.fillTemplate(words.slope[sign(g)], { slope: f(g) }),
        "annotations[1].x": (L.output[i] + L.next_output[i]) / 2,
        "annotations[1].text": S.fillTemplate(words.step, {
          step: (step > 0 ? "+" : "") + f(step),
          arrow: step > 0 ? "→" : step < 0 ? "←" : "·",
        }),
      };
    }

    function movePoint(i) {
      const L = page.data.lookup;
      const o = L.output[i];
      const loss = {
        point: { x: [o], y: [L.loss[i]] },
        rise_run: { x: [o, L.tangent_x1[i], L.tangent_x1[i]], y: [L.loss[i], L.loss[i], L.tangent_y1[i]] },
        tangent: { x: [L.tangent_x0[i], L.tangent_x1[i]], y: [L.tangent_y0[i], L.tangent_y1[i]] },
        step: { x: [o, L.next_output[i]], y: traceY("step") },
        landing: { x: [L.next_output[i]], y: [L.next_loss[i]] },
      };
      if (L.other_tangent_x0 && comparing()) loss.other_tangent = otherTangent(i);
      const { charts } = page;
      if (charts.loss) {
        S.move(charts.loss, loss);
        if (page.data.chart_labels) labelsAtRest(charts.loss, i);
      }
      if (charts.gradient) S.move(charts.gradient, { gpoint: { x: [o], y: [L.gradient[i]] } });
    }

    // Plotly redraws a chart's words in ~15 ms, a frame: while the point moves they are hidden
    // (CSS: .chart.moving), and written where it rests
    let labelTimer = 0;
    function labelsAtRest(div, i) {
      div.classList.add("moving");
      clearTimeout(labelTimer);
      labelTimer = setTimeout(() => {
        Plotly.relayout(div, chartLabels(i)).then(() => div.classList.remove("moving"));
      }, 120);
    }

    function otherTangent(i) {
      const L = page.data.lookup;
      return {
        x: [L.other_tangent_x0[i], L.other_tangent_x1[i]],
        y: [L.other_tangent_y0[i], L.other_tangent_y1[i]],
      };
    }

    // ---- the step: after a change the ring glides from o to where the step lands; the Step
    // button glides the point there and then sets o (no glide when motion is reduced)
    let gliding = 0;
    function glide(uid, i, done) {
      cancelAnimationFrame(gliding);
      const L = page.data.lookup;
      const from = L.output[i];
      const to = L.next_output[i];
      const end = { x: [to], y: [L.next_loss[i]] };
      if (S.reduceMotion || !page.charts.loss || from === to) {
        if (done) done();
        return;
      }
      const start = performance.now();
      const frame = (now) => {
        const p = Math.min(1, (now - start) / 450);
        const x = from + (to - from) * (1 - (1 - p) * (1 - p));
        const at = p < 1 ? { x: [x], y: [L.loss[nearestIndex(x)]] } : end;
        S.move(page.charts.loss, { [uid]: at });
        if (p < 1) gliding = requestAnimationFrame(frame);
        else if (done) done();
      };
      gliding = requestAnimationFrame(frame);
    }

    // once o rests: the ring glides, and a view the point or its step has left is framed anew
    function settle() {
      const i = gridIndex(state.o);
      if (i < 0) return;
      const range = page.data.figures.loss.layout.xaxis.range;
      const L = page.data.lookup;
      const edge = 0.02 * (range[1] - range[0]); // a point on the frame's edge has left it
      const inside = (x) => x > range[0] + edge && x < range[1] - edge;
      if (!inside(L.output[i]) || !inside(L.next_output[i])) page.refetch(true);
      else glide("landing", i);
    }

    function takeStep() {
      if (!page.data.lookup) {
        arrived.then(takeStep); // the step lands where the arrays say
        return;
      }
      const i = gridIndex(state.o);
      const next = i >= 0 ? page.data.lookup.next_output[i] : null;
      if (next === null) return;
      glide("point", i, () => {
        setValue("o", next, "step");
        settle();
      });
    }

    // the "without the ½" curve, its tangent and its name: drawn only while compared
    function prepare(data) {
      const on = comparing();
      if (!data.figures.loss) return;
      data.figures.loss.data.forEach((trace) => {
        if (trace.uid.startsWith("other_")) trace.visible = on;
      });
      const notes = data.figures.loss.layout.annotations || [];
      if (notes[3]) notes[3].visible = on;
    }

    // ---- readout
    function direction(g) {
      return g < 0 ? "increase" : g > 0 ? "decrease" : "none";
    }

    function shownAt(i) {
      const L = page.data.lookup;
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
      sentence.textContent = S.fillTemplate(page.data.sentences[dir], shown);
      sentence.dataset.direction = dir;
      S.announceLater(sentence.textContent);
      clearTimeout(restTimer);
      const rest = () => {
        if (moving) S.fillShown(shown);
        el("half-note").textContent = S.fillTemplate(
          page.data.half_notes[state.half ? "1" : "0"],
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

    const showIndex = S.perFrame((i) => {
      movePoint(i);
      showNumbers(shownAt(i), direction(page.data.lookup.gradient[i]), true);
    });

    function setValue(name, value, source) {
      state[name] = value;
      syncInputs(name, value, source);
      S.replaceUrl(query());
      let i = name === "o" ? gridIndex(value) : -1;
      if (i < 0 && name === "o" && S.staticExport) i = nearestIndex(value); // no server to ask
      if (i < 0) {
        page.refetch(source === "range"); // a slider asks at once (one request in flight)
        return;
      }
      S.showError("o", "");
      showIndex(i);
    }

    function apply(next) {
      prepare(next);
      page.data = next;
      S.showErrors(FIELDS, next.errors);
      for (const name of FIELDS) {
        if (!next.errors[name]) state[name] = next.query[name];
      }
      S.takeSliders(FIELDS, next);
      state.half = next.query.half;
      S.fillLabels(next.labels);
      S.fillFormulas(next.formulas);
      showNumbers(next.shown, next.result.direction);
      const plotted = document.querySelector("#plotted tbody");
      if (plotted && next.plotted) S.fillTable(plotted, next.plotted);
      S.replaceUrl(query());
      return page.draw().then(() => glide("landing", Math.max(0, gridIndex(state.o))));
    }

    function wire() {
      prepare(page.data);
      if (!page.form) return;
      for (const name of controls) {
        S.lookupSlider(name, () => page.data.controls[name].step, setValue, page.refetch);
      }
      const o = S.inputs("o");
      for (const input of [o.range, o.number]) {
        if (!input) continue;
        S.stepKeys(input, () => page.data.controls.o.step, (value) => setValue("o", value, "key"));
        input.addEventListener("keyup", settle);
      }
      if (o.range) o.range.addEventListener("change", settle);
      page.form.querySelectorAll('input[name="half"]').forEach((radio) => {
        radio.addEventListener("change", () => {
          state.half = radio.value === "1";
          S.replaceUrl(query());
          page.refetch(true);
        });
      });
      const stepButton = document.getElementById("step-button");
      if (stepButton) stepButton.addEventListener("click", takeStep);
      const compare = document.getElementById("compare-half");
      if (compare) {
        compare.addEventListener("change", () => {
          S.replaceUrl(query());
          prepare(page.data);
          page.draw().then(() => {
            const i = gridIndex(state.o);
            if (i >= 0) movePoint(i);
          });
        });
      }
    }

    // a press on a chart's point drags o along the curve, on the slider's grid
    function chart(name, div) {
      const dragTo = (x) => {
        if (page.data.lookup) setValue("o", page.data.lookup.output[nearestIndex(x)], "range");
      };
      S.dragX(div, () => state.o, dragTo, settle);
      S.onSingleClick(div, (point) => {
        setValue("o", point.x, "click");
        settle();
      });
    }

    return {
      params: () => S.typed(query(), controls),
      apply: apply,
      wire: wire,
      chart: chart,
    };
  });
})();
