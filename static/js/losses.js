// The losses page's client. Moving o looks every number up in the server's per-slider-position
// arrays (all four losses; fetched from the page's lookup twin as it starts: SSE.lookups;
// until they arrive a move asks the JSON twin) and moves the point, the tangent (or the
// subgradient fan at a corner) and the gradient marker; it never recomputes a loss. Changing the loss, t, δ or the
// ½ factor asks the page's JSON twin for new arrays (debounced, one request in flight).
(function () {
  "use strict";

  const S = window.SSE;
  const FIELDS = ["t", "o", "delta"];
  const DIRECTIONS = { below: "increase", above: "decrease" };

  S.page({ charts: ["loss", "gradient"] }, (page) => {
    const state = Object.assign({}, page.data.query);
    const charts = page.charts;
    let kinks = kinkTables();
    S.lookups(page).then(() => {
      kinks = kinkTables();
    });
    window.sseLosses = { state: state };

    function kinkTables() {
      const out = {};
      if (!page.data.lookup) return out;
      for (const [name, table] of Object.entries(page.data.lookup.losses)) {
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

    // Index of o on the slider grid, or -1 when o is between grid points (or no arrays yet).
    function gridIndex(o) {
      const L = page.data.lookup;
      return L ? S.gridIndex(L.output, page.data.controls.o.step, o) : -1;
    }

    // dL/do at grid point i as [left, right] (equal where it exists), or null where undefined.
    function slopes(name, i) {
      const g = page.data.lookup.losses[name].gradient[i];
      if (g !== null) return [g, g];
      return kinks[name].get(i) || null;
    }

    // The tangent, or at a corner the fan of subgradient lines, as one trace with gaps.
    function fan(o, loss, pair) {
      const T = page.data.tangent;
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
      const o = page.data.lookup.output[i];
      const loss = page.data.lookup.losses[state.loss].loss[i];
      const pair = slopes(state.loss, i);
      if (loss === null || !pair) return;
      S.move(charts.loss, { point: { x: [o], y: [loss] }, tangent: fan(o, loss, pair) });
      S.move(charts.gradient, { gpoint: { x: [o, o], y: pair } });
    }

    // ---- readout (same words as the server's, from data.sign_words and data.sentences)
    function gradientText(pair, f) {
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
      const data = page.data;
      const f = S.formatNumber;
      const e = data.lookup.error[i];
      const shown = {
        t: f(state.t),
        o: f(data.lookup.output[i]),
        delta: f(state.delta),
        e: f(e),
      };
      // (as app/pages/losses.py: a few digits in the sentence and the cells, every digit in the
      // formulas and the cells' titles)
      const full = Object.assign({}, shown);
      for (const name of Object.keys(data.lookup.losses)) {
        const loss = data.lookup.losses[name].loss[i];
        const pair = slopes(name, i);
        full[name + "_loss"] = loss === null ? "\u2014" : f(loss);
        shown[name + "_loss"] = loss === null ? "\u2014" : S.short(loss);
        full[name + "_gradient"] = gradientText(pair, f);
        shown[name + "_gradient"] = gradientText(pair, S.short);
        shown[name + "_sign"] = data.sign_words[signKey(pair, e)];
      }
      for (const which of [shown, full]) {
        which.loss = which[state.loss + "_loss"];
        which.gradient = which[state.loss + "_gradient"];
      }
      shown.label = data.shown.label;
      return { shown: shown, full: full, key: signKey(slopes(state.loss, i), e) };
    }

    function showNumbers(shown, key, full) {
      S.fillShown(shown, document, { formulas: false });
      S.fillShown(full, document.querySelector(".formulas")); // the formulas' slots
      S.fillTitles(full);
      const sentence = document.getElementById("sentence");
      const template = page.data.sentences[key];
      if (template) sentence.textContent = S.fillTemplate(template, shown);
      sentence.dataset.direction = DIRECTIONS[key] || "none";
      sentence.dataset.key = key;
      S.announceLater(sentence.textContent);
    }

    // ---- controls
    const showIndex = S.perFrame((i) => {
      movePoint(i);
      const now = shownAt(i);
      showNumbers(now.shown, now.key, now.full);
    });

    function setValue(name, value, source) {
      state[name] = value;
      const { range, number } = S.inputs(name);
      if (source !== "range") range.value = String(value);
      if (source !== "number") number.value = String(value);
      S.replaceUrl(query());
      const i = name === "o" ? gridIndex(value) : -1;
      if (i < 0 || !slopes(state.loss, i)) {
        page.refetch();
        return;
      }
      S.showError("o", "");
      showIndex(i);
    }

    function apply(next) {
      page.data = Object.assign({}, page.data, next);
      kinks = kinkTables();
      S.showErrors(FIELDS, next.errors);
      for (const name of FIELDS) {
        if (!next.errors[name]) state[name] = next.query[name];
      }
      S.takeSliders(FIELDS, next);
      S.showError("loss", next.errors.loss);
      state.half = next.query.half;
      state.loss = next.query.loss;
      for (const [name, row] of Object.entries(next.rows)) {
        const size = document.querySelector('[data-size="' + name + '"]');
        if (size) size.textContent = row.size;
        const tr = document.querySelector('tr[data-loss="' + name + '"]');
        if (tr) tr.classList.toggle("selected", name === state.loss);
      }
      S.fillFormulas(next.formulas);
      showNumbers(next.shown, next.sentence_key, next.full);
      S.replaceUrl(query());
      return page.draw();
    }

    function radios(name, take) {
      page.form.querySelectorAll('input[name="' + name + '"]').forEach((radio) => {
        radio.addEventListener("change", () => {
          take(radio.value);
          S.replaceUrl(query());
          page.refetch(true);
        });
      });
    }

    function wire() {
      for (const name of FIELDS) {
        S.lookupSlider(name, () => page.data.controls[name].step, setValue, page.refetch);
      }
      radios("half", (value) => {
        state.half = value === "1";
      });
      radios("loss", (value) => {
        state.loss = value;
      });
    }

    return {
      params: () => S.typed(query(), FIELDS),
      apply: apply,
      wire: wire,
      chart: (name, div) => S.onPoint(div, (point) => setValue("o", point.x, "click")),
      ready: () => {
        const home = () => page.data.figures.loss.layout.xaxis.range;
        S.shareXAxis(Object.values(charts), home);
      },
    };
  });
})();
