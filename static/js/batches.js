// The mini-batch page's client: B, the seed, the rows and the ½ factor go to the page's JSON
// twin; the answer is drawn and written into the page. No maths here.
(function () {
  "use strict";

  const S = window.SSE;
  const FIELDS = ["t", "o", "batch_size", "seed", "half"];
  const cell = S.cell;

  S.page({ charts: ["means", "spread"] }, (page) => {
    const state = Object.assign({}, page.data.query);
    const B = S.inputs("batch_size");
    const seedBox = document.getElementById("seed-number");
    window.sseBatches = { state: state };

    function query() {
      return {
        t: document.getElementById("t-text").value.replace(/\s+/g, ""),
        o: document.getElementById("o-text").value.replace(/\s+/g, ""),
        batch_size: String(state.batch_size),
        seed: String(state.seed),
        half: state.half ? "1" : "0",
      };
    }

    function changed(now) {
      S.replaceUrl(query());
      page.refetch(now);
    }

    function setSize(value) {
      state.batch_size = value;
      S.setPair("batch_size", value);
      changed(false);
    }

    function batchRow(row, k) {
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
    }

    function apply(next) {
      S.showErrors(FIELDS, next.errors);
      if (Object.keys(next.errors).length) return; // the last good state stays beside the message
      page.data = next;
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
      S.fillFormulas(next.formulas);
      document.querySelector("#batches tbody").replaceChildren(...next.rows.map(batchRow));
      document.getElementById("batches-note").hidden = next.rows_total <= next.rows.length;
      document.getElementById("batches-shown").textContent = String(next.rows.length);
      document.getElementById("batches-total").textContent = String(next.rows_total);
      S.announceLater(next.sentence);
      S.replaceUrl(query());
      return page.draw();
    }

    function wire() {
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
        document.getElementById(name + "-text").addEventListener("input", () => changed(false));
      }
      document.querySelectorAll('input[name="half"]').forEach((radio) => {
        radio.addEventListener("change", () => {
          state.half = radio.value === "1";
          changed(true);
        });
      });
    }

    return {
      params: query,
      apply: apply,
      wire: wire,
      // clicking the spread chart chooses that batch size
      chart: (name, div) => name === "spread" && S.onPoint(div, (point) => setSize(point.x)),
    };
  });
})();
