// The weights page's client. Every change asks the page's JSON twin for the new state
// (debounced, one request in flight) and draws what comes back; no maths here.
(function () {
  "use strict";

  const S = window.SSE;
  let data = S.pageData();
  if (!data) return;
  const config = S.plotConfig(data.config);
  const SLIDERS = ["w", "b", "lr"];
  const LISTS = ["x", "t"];
  const form = document.getElementById("controls");
  const charts = {
    contour: document.getElementById("chart-contour"),
    slice: document.getElementById("chart-slice"),
    fit: document.getElementById("chart-fit"),
  };
  // the data came from the seed until the learner edits a list
  let fromSeed = data.query.x === null;

  function radio(name) {
    const checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : "1";
  }

  function params() {
    const out = {};
    if (!fromSeed) {
      for (const name of LISTS) out[name] = document.getElementById(name + "-text").value;
    }
    out.seed = document.getElementById("seed-number").value;
    for (const name of SLIDERS) out[name] = S.inputs(name).number.value;
    out.half = radio("half");
    out.mean = radio("mean");
    return out;
  }

  function drawAll(figures) {
    return Promise.all(
      Object.keys(charts).map((name) =>
        S.draw(charts[name], figures[name], config).then((first) => {
          if (first && name === "contour") wireContour(charts.contour);
        })
      )
    );
  }

  function wireContour(div) {
    div.on("plotly_click", (event) => {
      const point = event && event.points && event.points[0];
      if (!point || typeof point.x !== "number" || typeof point.y !== "number") return;
      setValue("w", Number(point.x.toFixed(2)));
      setValue("b", Number(point.y.toFixed(2)));
      refetch(true);
    });
  }

  function setValue(name, value) {
    const { range, number } = S.inputs(name);
    range.value = String(value);
    number.value = String(value);
  }

  function fillRows(rows, more) {
    const body = document.querySelector("#rows tbody");
    body.replaceChildren(
      ...rows.map((row) => {
        const tr = document.createElement("tr");
        for (const key of ["x", "t", "o", "e", "ex"]) {
          const td = document.createElement("td");
          td.textContent = row[key];
          tr.append(td);
        }
        return tr;
      })
    );
    const note = document.getElementById("more-rows");
    note.hidden = !more;
    note.querySelector("[data-more]").textContent = String(more);
  }

  function apply(next) {
    const fields = LISTS.concat(SLIDERS, ["seed"]);
    for (const name of fields) S.showError(name, next.errors[name]);
    for (const name of SLIDERS) {
      if (next.errors[name]) continue; // keep what the learner typed beside the message
      const spec = next.controls[name];
      const { range } = S.inputs(name);
      range.min = String(spec.min);
      range.max = String(spec.max);
      range.value = String(next.query[name]);
    }
    if (fromSeed && !next.errors.x && !next.errors.t) {
      for (const name of LISTS) {
        if (!next.errors[name]) document.getElementById(name + "-text").value = next.data[name];
      }
    }
    S.fillShown(next.shown);
    const sentence = document.getElementById("sentence");
    sentence.textContent = next.sentence;
    sentence.dataset.direction = next.direction;
    for (const [key, html] of Object.entries(next.formulas)) {
      // MathML from our own server, built by latex2mathml with escaped numbers
      const box = document.getElementById("formula-" + key);
      if (box) box.innerHTML = html;
    }
    fillRows(next.rows, next.more_rows);
    const link = document.getElementById("new-data");
    const seed = Number(next.query.seed) + 1;
    const p = params();
    const query = new URLSearchParams({
      seed: seed,
      w: p.w,
      b: p.b,
      lr: p.lr,
      half: p.half,
      mean: p.mean,
    });
    if (S.urlLang()) query.set("lang", S.urlLang());
    link.href = "/weights?" + query;
    S.announceLater(next.sentence);
    data = next;
    return drawAll(next.figures);
  }

  const refetch = S.fetcher(
    () => {
      const p = params();
      S.replaceUrl(p);
      return p;
    },
    apply,
    () => {
      document.getElementById("sentence").textContent =
        S.t("The server could not be reached; the numbers above may be out of date.");
    },
    120
  );

  function wire() {
    for (const name of SLIDERS) {
      const { range, number } = S.inputs(name);
      range.addEventListener("input", () => {
        number.value = range.value;
        refetch();
      });
      number.addEventListener("input", () => refetch());
      S.numberKeys(
        number,
        () => data.controls[name].step,
        (value) => {
          setValue(name, value);
          refetch();
        }
      );
    }
    for (const name of LISTS) {
      document.getElementById(name + "-text").addEventListener("input", () => {
        fromSeed = false;
        refetch();
      });
    }
    document.getElementById("seed-number").addEventListener("input", () => {
      fromSeed = true;
      refetch();
    });
    document.getElementById("new-data").addEventListener("click", (event) => {
      event.preventDefault();
      const box = document.getElementById("seed-number");
      box.value = String(Number(box.value || 0) + 1);
      fromSeed = true;
      refetch(true);
    });
    form.querySelectorAll('input[type="radio"]').forEach((r) => {
      r.addEventListener("change", () => refetch(true));
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      refetch(true);
    });
  }

  window.sseWeights = { params: params };
  wire();
  drawAll(data.figures).then(() => {
    document.body.dataset.rendered = "1";
  });
})();
