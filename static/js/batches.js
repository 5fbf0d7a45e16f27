// The mini-batch page's client: B, the seed, the rows and the ½ factor go to the page's JSON
// twin; the answer is drawn and written into the page. No maths here.
(function () {
  "use strict";

  const S = window.SSE;
  const data = S.pageData();
  if (!data) return;
  const config = S.plotConfig(data.config);
  const FIELDS = ["t", "o", "batch_size", "seed", "half"];
  const state = Object.assign({}, data.query);
  let figures = data.figures;
  const charts = {
    means: document.getElementById("chart-means"),
    spread: document.getElementById("chart-spread"),
  };
  const B = S.inputs("batch_size");
  const seedBox = document.getElementById("seed-number");

  function query() {
    return {
      t: document.getElementById("t-input").value.replace(/\s+/g, ""),
      o: document.getElementById("o-input").value.replace(/\s+/g, ""),
      batch_size: String(state.batch_size),
      seed: String(state.seed),
      half: state.half ? "1" : "0",
    };
  }

  function drawAll() {
    return Promise.all(
      Object.keys(charts).map((name) =>
        S.draw(charts[name], figures[name], config).then((first) => {
          if (first && name === "spread") wireSpread(charts.spread);
        })
      )
    );
  }

  // Clicking the spread chart chooses that batch size.
  function wireSpread(div) {
    div.on("plotly_click", (event) => {
      const point = event && event.points && event.points[0];
      if (!point || typeof point.x !== "number") return;
      setSize(point.x);
    });
  }

  const refetch = S.fetcher(query, apply, () => {
    document.getElementById("sentence").textContent =
      S.t("The server could not be reached; the numbers above may be out of date.");
  });

  function changed(now) {
    S.replaceUrl(query());
    refetch(now);
  }

  function setSize(value) {
    state.batch_size = value;
    B.range.value = String(value);
    B.number.value = String(value);
    changed(false);
  }

  function cell(tag, text, cls) {
    const el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    return el;
  }

  function apply(next) {
    for (const name of FIELDS) S.showError(name, next.errors[name]);
    if (Object.keys(next.errors).length) return; // the last good state stays beside the message
    figures = next.figures;
    Object.assign(state, next.query);
    const spec = next.controls.batch_size;
    B.range.max = String(spec.max);
    B.number.max = String(spec.max);
    if (document.activeElement !== B.number) B.number.value = String(state.batch_size);
    B.range.value = String(state.batch_size);
    S.fillShown(next.shown);
    const check = document.getElementById("check");
    check.dataset.ok = next.check ? "1" : "0";
    check.textContent = next.check
      ? S.t("\u2713 within 1e\u221212")
      : S.t("\u2717 more than 1e\u221212");
    document.getElementById("sentence").textContent = next.sentence;
    document.getElementById("samples-link").href = next.links.samples;
    for (const [key, html] of Object.entries(next.formulas)) {
      // MathML from our own server, built by latex2mathml with escaped numbers
      document.getElementById("formula-" + key).innerHTML = html;
    }
    const rows = next.rows.map((row, k) => {
      const tr = document.createElement("tr");
      tr.dataset.sign = row.sign;
      const head = cell("th", String(k + 1));
      head.scope = "row";
      tr.append(
        head,
        cell("td", row.samples, "samples-cell"),
        cell("td", row.size),
        cell("td", row.weight),
        cell("td", row.mean, "sign")
      );
      return tr;
    });
    document.querySelector("#batches tbody").replaceChildren(...rows);
    document.getElementById("batches-note").hidden = next.rows_total <= next.rows.length;
    document.getElementById("batches-shown").textContent = String(next.rows.length);
    document.getElementById("batches-total").textContent = String(next.rows_total);
    S.announceLater(next.sentence);
    S.replaceUrl(query());
    return drawAll();
  }

  function wireControls() {
    B.range.addEventListener("input", () => setSize(Number(B.range.value)));
    B.number.addEventListener("input", () => {
      state.batch_size = B.number.value.trim();
      changed(false);
    });
    S.numberKeys(B.number, () => 1, (value) => setSize(value));
    seedBox.addEventListener("input", () => {
      state.seed = seedBox.value.trim();
      changed(false);
    });
    document.getElementById("next-seed").addEventListener("click", () => {
      const current = Number(state.seed);
      state.seed = Number.isInteger(current) ? (current + 1) % 4294967296 : 0;
      seedBox.value = String(state.seed);
      changed(true);
    });
    for (const name of ["t", "o"]) {
      document.getElementById(name + "-input").addEventListener("input", () => changed(false));
    }
    document.querySelectorAll('input[name="half"]').forEach((radio) => {
      radio.addEventListener("change", () => {
        state.half = radio.value === "1";
        changed(true);
      });
    });
    document.getElementById("controls").addEventListener("submit", (event) => {
      event.preventDefault();
      refetch(true);
    });
  }

  window.sseBatches = { state: state };
  wireControls();
  drawAll().then(() => {
    document.body.dataset.rendered = "1";
  });
})();
