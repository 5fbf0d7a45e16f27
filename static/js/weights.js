// The weights page's client. Every change asks the page's JSON twin for the new state
// (debounced, one request in flight) and draws what comes back; no maths here.
(function () {
  "use strict";

  const S = window.SSE;
  const SLIDERS = ["w", "b", "lr"];
  const LISTS = ["x", "t"];

  S.page({ charts: ["contour", "slice", "fit"], delay: 120, urlFromParams: true }, (page) => {
    const form = page.form;
    // the data came from the seed until the learner edits a list
    let fromSeed = page.data.query.x === null;

    function params() {
      const out = {};
      if (!fromSeed) {
        for (const name of LISTS) out[name] = document.getElementById(name + "-text").value;
      }
      out.seed = document.getElementById("seed-number").value;
      S.typed(out, SLIDERS);
      out.half = S.radio(form, "half");
      out.mean = S.radio(form, "mean");
      return out;
    }
    window.sseWeights = { params: params };

    // Clicking the contour chart moves (w, b) there.
    function clickContour(point) {
      if (typeof point.y !== "number") return;
      S.setPair("w", Number(point.x.toFixed(2)));
      S.setPair("b", Number(point.y.toFixed(2)));
      page.refetch(true);
    }

    function apply(next) {
      S.showErrors(LISTS.concat(SLIDERS, ["seed"]), next.errors);
      S.takeSliders(SLIDERS, next);
      if (fromSeed && !next.errors.x && !next.errors.t) {
        for (const name of LISTS) document.getElementById(name + "-text").value = next.data[name];
      }
      S.fillShown(next.shown);
      const sentence = document.getElementById("sentence");
      sentence.textContent = next.sentence;
      sentence.dataset.direction = next.direction;
      S.fillFormulas(next.formulas);
      S.fillTable(
        document.querySelector("#rows tbody"),
        next.rows.map((row) => ["x", "t", "o", "e", "ex"].map((key) => row[key]))
      );
      const note = document.getElementById("more-rows");
      note.hidden = !next.more_rows;
      note.querySelector("[data-more]").textContent = String(next.more_rows);
      const p = params();
      const query = new URLSearchParams({
        seed: Number(next.query.seed) + 1,
        w: p.w,
        b: p.b,
        lr: p.lr,
        half: p.half,
        mean: p.mean,
      });
      if (S.urlLang()) query.set("lang", S.urlLang());
      document.getElementById("new-data").href = "/weights?" + query;
      S.announceLater(next.sentence);
      page.data = next;
      return page.draw();
    }

    function wire() {
      for (const name of SLIDERS) {
        S.serverSlider(name, () => page.data.controls[name].step, page.refetch);
      }
      for (const name of LISTS) {
        document.getElementById(name + "-text").addEventListener("input", () => {
          fromSeed = false;
          page.refetch();
        });
      }
      document.getElementById("seed-number").addEventListener("input", () => {
        fromSeed = true;
        page.refetch();
      });
      document.getElementById("new-data").addEventListener("click", (event) => {
        event.preventDefault();
        const box = document.getElementById("seed-number");
        box.value = String(Number(box.value || 0) + 1);
        fromSeed = true;
        page.refetch(true);
      });
      form.querySelectorAll('input[type="radio"]').forEach((r) => {
        r.addEventListener("change", () => page.refetch(true));
      });
    }

    // Dragging the current point: along L(w) it moves w, on the contour it moves (w, b); each
    // move asks the twin (debounced), the release once more at once.
    const rounded = (v) => Number(v.toFixed(2));
    const current = (name) => Number(page.data.query[name]);
    function dragOn(name, div) {
      const settle = () => page.refetch(true);
      if (name === "slice") {
        S.dragX(div, () => current("w"), (w) => {
          S.setPair("w", rounded(w));
          page.refetch();
        }, settle);
      } else if (name === "contour") {
        S.dragXY(div, () => [current("w"), current("b")], (w, b) => {
          S.setPair("w", rounded(w));
          S.setPair("b", rounded(b));
          page.refetch();
        }, settle);
        S.onPoint(div, clickContour);
      }
    }

    return { params: params, apply: apply, wire: wire, chart: dragOn };
  });
})();
