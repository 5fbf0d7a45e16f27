// The n-samples page's client. Rows are edited here (per-row inputs, add, remove, paste,
// random, duplicate); every number comes back from the page's JSON twin, never computed here.
(function () {
  "use strict";

  const S = window.SSE;
  let data = S.pageData();
  if (!data) return;
  const config = S.plotConfig(data.config);
  const FIELDS = ["t", "o", "half", "seed", "n"];
  const state = {
    t: data.result.t.map(String),
    o: data.result.o.map(String),
    half: data.query.half,
    seed: data.query.seed === undefined ? null : data.query.seed,
    n: data.form.n,
  };
  const charts = {
    terms: document.getElementById("chart-terms"),
    gradient: document.getElementById("chart-gradient"),
  };
  const tbody = document.querySelector("#rows tbody");
  const f = S.formatNumber;
  let focusRow = -1;

  function signLabel(g) {
    // mirrors app/figures/samples.py sign_label: "+" after a leading "≈"
    const text = f(g);
    if (!(g > 0)) return text;
    return text.startsWith("\u2248") ? "\u2248+" + text.slice(1) : "+" + text;
  }
  function signWord(g) {
    return g > 0 ? "positive" : g < 0 ? "negative" : "zero";
  }

  function query() {
    const half = state.half ? "1" : "0";
    if (state.seed !== null) return { seed: String(state.seed), n: String(state.n), half: half };
    return { t: state.t.join(","), o: state.o.join(","), half: half };
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

  // Clicking a bar takes you to that sample's output in the table.
  function wireChart(div) {
    div.on("plotly_click", (event) => {
      const point = event && event.points && event.points[0];
      if (!point) return;
      const box = document.getElementById("o-" + (Number(point.x) - 1));
      if (box) {
        box.focus();
        box.select();
      }
    });
  }

  // ---- the per-sample table: inputs for t_i and o_i, the rest as text
  function cell(tag, text, cls) {
    const el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    if (cls) el.className = cls;
    return el;
  }

  function rowInput(name, i) {
    const box = document.createElement("input");
    box.type = "number";
    box.step = "any";
    box.id = name + "-" + i;
    box.className = "row-input";
    box.inputMode = "decimal";
    box.setAttribute("aria-label", name + " of sample " + (i + 1));
    box.addEventListener("input", () => setRow(name, i, box.value));
    S.numberKeys(
      box,
      () => 0.1,
      (value) => {
        box.value = String(value);
        setRow(name, i, box.value);
      }
    );
    return box;
  }

  function buildRow(i) {
    const tr = document.createElement("tr");
    const remove = cell("button", S.t("Remove"), "action small");
    remove.type = "button";
    remove.setAttribute("aria-label", S.t("Remove sample {i}", { i: i + 1 }));
    remove.addEventListener("click", () => removeRow(i));
    const last = cell("td");
    last.className = "js-only";
    last.append(remove);
    const tCell = cell("td");
    tCell.append(rowInput("t", i));
    const oCell = cell("td");
    oCell.append(rowInput("o", i));
    tr.append(
      cell("th", String(i + 1)),
      tCell,
      oCell,
      cell("td"),
      cell("td", "", "sign"),
      cell("td", "", "sign"),
      last
    );
    tr.firstChild.scope = "row";
    return tr;
  }

  function renderRows() {
    const r = data.result;
    const n = r.n;
    const fresh = tbody.rows.length !== n || !tbody.querySelector("input");
    if (fresh) {
      const rows = [];
      for (let i = 0; i < n; i++) rows.push(buildRow(i));
      tbody.replaceChildren(...rows);
    }
    for (let i = 0; i < n; i++) {
      const tr = tbody.rows[i];
      const g = r.gradient.sse[i];
      tr.dataset.sign = signWord(g);
      for (const [name, values] of [["t", r.t], ["o", r.o]]) {
        const box = document.getElementById(name + "-" + i);
        if (box !== document.activeElement) box.value = String(values[i]);
      }
      tr.cells[3].textContent = f(r.terms[i]);
      tr.cells[4].textContent = signLabel(g);
      tr.cells[5].textContent = signLabel(r.gradient.mse[i]);
      tr.querySelector("button").disabled = n === 1;
    }
    document.getElementById("rows-note").hidden = true;
    if (focusRow >= 0 && focusRow < n) document.getElementById("t-" + focusRow).focus();
    focusRow = -1;
  }

  // ---- editing
  function fromRows() {
    if (state.seed === null) return;
    // leaving random mode: the random rows become the rows you edit
    state.t = data.result.t.map(String);
    state.o = data.result.o.map(String);
    state.seed = null;
  }

  function syncListInputs() {
    for (const name of ["t", "o"]) {
      const box = document.getElementById(name + "-input");
      if (box !== document.activeElement) box.value = state[name].join(", ");
    }
  }

  function changed(now) {
    syncListInputs();
    S.replaceUrl(query());
    refetch(now);
  }

  function setRow(name, i, text) {
    fromRows();
    state[name][i] = text.trim();
    changed(false);
  }

  function removeRow(i) {
    fromRows();
    if (state.t.length <= 1) return;
    state.t.splice(i, 1);
    state.o.splice(i, 1);
    focusRow = Math.min(i, state.t.length - 1);
    changed(true);
  }

  function addRow() {
    fromRows();
    if (state.t.length >= data.max_rows) return;
    state.t.push("0");
    state.o.push("0");
    focusRow = state.t.length - 1;
    changed(true);
  }

  // One pasted line as its two numbers, written with "." for the inputs. The pair may be split
  // by ";", a tab, a comma with a space beside it, spaces, or a bare comma ("1.5,2"); a comma
  // left inside a number is a decimal comma ("2,5; 1", "2,5 1", "2,5, 1"), and so is "1,5,2,5"
  // read as two numbers on a page whose numbers are written with a decimal comma.
  function pastedPair(line) {
    let parts;
    if (/[;\t]/.test(line)) parts = line.split(/\s*[;\t]\s*/);
    else if (/\s,|,\s/.test(line)) parts = line.split(/\s*,\s+|\s+,\s*/);
    else if (/\s/.test(line)) parts = line.split(/\s+/);
    else {
      parts = line.split(",");
      if (parts.length === 4 && S.formatNumber(0.5).includes(",")) {
        parts = [parts[0] + "," + parts[1], parts[2] + "," + parts[3]];
      }
    }
    return parts.map((part) => part.replace(",", "."));
  }

  function usePaste() {
    const error = document.getElementById("paste-error");
    const lines = document
      .getElementById("paste")
      .value.split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== "");
    const t = [];
    const o = [];
    let problem = lines.length === 0 ? S.t("Paste at least one line “t,o”.") : "";
    if (lines.length > data.max_rows) problem = S.t("At most {n} lines.", { n: data.max_rows });
    lines.forEach((line, k) => {
      const parts = pastedPair(line);
      if (parts.length !== 2 && !problem) {
        problem = S.t("Line {k} needs two numbers “t,o”, not “{line}”.", {
          k: k + 1,
          line: line,
        });
      }
      t.push(parts[0]);
      o.push(parts[1] === undefined ? "" : parts[1]);
    });
    error.textContent = problem;
    error.hidden = !problem;
    if (problem) return;
    state.seed = null;
    state.t = t;
    state.o = o;
    changed(true);
  }

  // ---- the server's answer
  const refetch = S.fetcher(query, apply, () => {
    document.getElementById("sentence").textContent =
      S.t("The server could not be reached; the numbers above may be out of date.");
  });

  function apply(next) {
    for (const name of FIELDS) S.showError(name, next.errors[name]);
    if (Object.keys(next.errors).length) return; // keep the last good state beside the message
    data = next;
    state.half = next.query.half;
    state.seed = next.query.seed === undefined ? null : next.query.seed;
    state.t = next.result.t.map(String);
    state.o = next.result.o.map(String);
    if (state.seed !== null) state.n = next.query.n;
    syncListInputs();
    document.getElementById("seed-number").value = String(next.form.seed);
    S.fillShown(next.shown);
    document.getElementById("sentence").textContent = next.sentence;
    document.getElementById("source").textContent = next.source;
    for (const [key, label] of Object.entries(next.labels)) {
      document.querySelectorAll('[data-label="' + key + '"]').forEach((el) => {
        el.textContent = label;
      });
    }
    for (const [key, html] of Object.entries(next.formulas)) {
      // MathML from our own server, built by latex2mathml with escaped numbers
      document.getElementById("formula-" + key).innerHTML = html;
    }
    const duplicate = document.getElementById("duplicate");
    if (duplicate) {
      duplicate.hidden = !next.links.duplicate;
      if (next.links.duplicate) duplicate.href = next.links.duplicate;
    }
    renderRows();
    S.announceLater(next.sentence);
    S.replaceUrl(query());
    return drawAll();
  }

  function wireControls() {
    for (const name of ["t", "o"]) {
      const box = document.getElementById(name + "-input");
      box.addEventListener("input", () => {
        fromRows();
        state[name] = box.value.split(",").map((part) => part.trim());
        S.replaceUrl(query());
        refetch(false);
      });
    }
    document.getElementById("controls").addEventListener("submit", (event) => {
      event.preventDefault();
      refetch(true);
    });
    document.querySelectorAll('input[name="half"][type="radio"]').forEach((radio) => {
      radio.addEventListener("change", () => {
        state.half = radio.value === "1";
        document.querySelector('#random input[name="half"]').value = radio.value;
        changed(true);
      });
    });
    document.getElementById("random").addEventListener("submit", (event) => {
      event.preventDefault();
      state.seed = document.getElementById("seed-number").value.trim();
      state.n = document.getElementById("n-number").value.trim();
      S.replaceUrl(query());
      refetch(true);
    });
    const duplicate = document.getElementById("duplicate");
    if (duplicate) {
      duplicate.addEventListener("click", (event) => {
        event.preventDefault();
        fromRows();
        if (2 * state.t.length > data.max_rows) return;
        state.t = state.t.concat(state.t);
        state.o = state.o.concat(state.o);
        changed(true);
      });
    }
    document.getElementById("add-row").addEventListener("click", addRow);
    document.getElementById("use-paste").addEventListener("click", usePaste);
  }

  window.sseSamples = { state: state };
  wireControls();
  renderRows();
  drawAll().then(() => {
    document.body.dataset.rendered = "1";
  });
})();
