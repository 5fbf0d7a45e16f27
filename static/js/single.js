// The single-sample explainer's client. It draws what the server sent and looks numbers up in
// the server's per-slider-position arrays; it never recomputes the maths. Changing t, η or the
// ½ factor asks the page's JSON twin for new arrays (debounced, one request in flight).
// An embed shows one chart and some controls: everything here skips what is not on the page.
(function () {
  "use strict";

  const S = window.SSE;
  const FIELDS = ["t", "o", "lr"];

  S.page({ charts: ["loss", "gradient"] }, (page) => {
    const state = Object.assign({}, page.data.query);
    const controls = FIELDS.filter((name) => S.inputs(name).number);
    window.sseExplainer = { state: state };

    function el(id) {
      return document.getElementById(id) || { textContent: "", dataset: {} };
    }

    function query() {
      const params = {};
      for (const name of FIELDS) params[name] = String(state[name]);
      params.half = state.half ? "1" : "0";
      return params;
    }

    // Index of o on the slider grid, or -1 when o is between grid points.
    function gridIndex(o) {
      return S.gridIndex(page.data.lookup.output, page.data.controls.o.step, o);
    }

    function nearestIndex(o) {
      const out = page.data.lookup.output;
      const i = Math.round((o - out[0]) / page.data.controls.o.step);
      return Math.min(out.length - 1, Math.max(0, i));
    }

    function traceY(uid) {
      return page.data.figures.loss.data.find((trace) => trace.uid === uid).y;
    }

    function movePoint(i) {
      const L = page.data.lookup;
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
      const { charts } = page;
      if (charts.loss) S.move(charts.loss, loss);
      if (charts.gradient) S.move(charts.gradient, { gpoint: { x: [o], y: [L.gradient[i]] } });
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
      return page.draw();
    }

    function wire() {
      if (!page.form) return;
      for (const name of controls) {
        S.lookupSlider(name, () => page.data.controls[name].step, setValue, page.refetch);
      }
      page.form.querySelectorAll('input[name="half"]').forEach((radio) => {
        radio.addEventListener("change", () => {
          state.half = radio.value === "1";
          S.replaceUrl(query());
          page.refetch(true);
        });
      });
    }

    return {
      params: () => S.typed(query(), controls),
      apply: apply,
      wire: wire,
      chart: (name, div) => S.onPoint(div, (point) => setValue("o", point.x, "click")),
      ready: () => {
        const home = () => page.data.figures.loss.layout.xaxis.range;
        S.shareXAxis(Object.values(page.charts), home);
      },
    };
  });
})();
