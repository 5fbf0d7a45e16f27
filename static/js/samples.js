// The n-samples page's client. Rows are edited here (per-row inputs, add, remove, paste,
// random, duplicate); every number comes back from the page's JSON twin, never computed here.
(function () {
  "use strict";

  const S = window.SSE;
  const FIELDS = ["t", "o", "half", "seed", "n"];
  const f = S.formatNumber;
  const cell = S.cell;

  function signLabel(g) {
    // mirrors app/figures/samples.py sign_label: "+" after a leading ≈
    const text = f(g);
    if (!(g > 0)) return text;
    return text.startsWith(S.APPROX) ? S.APPROX + "+" + text.slice(1) : "+" + text;
  }
  function signWord(g) {
    return g > 0 ? "positive" : g < 0 ? "negative" : "zero";
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
      if (parts.length === 4 && f(0.5).includes(",")) {
        parts = [parts[0] + "," + parts[1], parts[2] + "," + parts[3]];
      }
    }
    return parts.map((part) => part.replace(",", "."));
  }

  S.page({ charts: ["terms", "gradient", "copies"] }, (page) => {
    const first = page.data;
    const state = {
      t: first.result.t.map(String),
      o: first.result.o.map(String),
      half: first.query.half,
      seed: first.query.seed === undefined ? null : first.query.seed,
      n: first.form.n,
    };
    const tbody = document.querySelector("#rows tbody");
    let focusRow = -1;
    window.sseSamples = { state: state };

    function query() {
      const half = state.half ? "1" : "0";
      if (state.seed !== null) return { seed: String(state.seed), n: String(state.n), half: half };
      return { t: state.t.join(","), o: state.o.join(","), half: half };
    }

    // Clicking a bar takes you to that sample's output in the table.
    function focusSample(point) {
      const box = document.getElementById("o-" + (Number(point.x) - 1));
      if (box) {
        box.focus();
        box.select();
      }
    }

    // ---- the per-sample table: inputs for t_i and o_i, the rest as text
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
      const r = page.data.result;
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
        for (const [name, values] of [
          ["t", r.t],
          ["o", r.o],
        ]) {
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
      state.t = page.data.result.t.map(String);
      state.o = page.data.result.o.map(String);
      state.seed = null;
    }

    function syncListInputs() {
      for (const name of ["t", "o"]) {
        const box = document.getElementById(name + "-text");
        if (box !== document.activeElement) box.value = state[name].join(", ");
      }
    }

    function changed(now) {
      syncListInputs();
      S.replaceUrl(query());
      page.refetch(now);
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
      if (state.t.length >= page.data.max_rows) return;
      state.t.push("0");
      state.o.push("0");
      focusRow = state.t.length - 1;
      changed(true);
    }

    function usePaste() {
      const error = document.getElementById("paste-error");
      const lines = document
        .getElementById("paste")
        .value.split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== "");
      const max = page.data.max_rows;
      const t = [];
      const o = [];
      let problem = lines.length === 0 ? S.t("Paste at least one line “t,o”.") : "";
      if (lines.length > max) problem = S.t("At most {n} lines.", { n: max });
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
    function apply(next) {
      S.showErrors(FIELDS, next.errors);
      if (Object.keys(next.errors).length) return; // keep the last good state beside the message
      page.data = next;
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
      S.fillLabels(next.labels);
      S.fillFormulas(next.formulas);
      const duplicate = document.getElementById("duplicate");
      if (duplicate) {
        duplicate.hidden = !next.links.duplicate;
        if (next.links.duplicate) duplicate.href = next.links.duplicate;
      }
      renderRows();
      S.announceLater(next.sentence);
      S.replaceUrl(query());
      return page.draw();
    }

    function wire() {
      for (const name of ["t", "o"]) {
        const box = document.getElementById(name + "-text");
        box.addEventListener("input", () => {
          fromRows();
          state[name] = box.value.split(",").map((part) => part.trim());
          S.replaceUrl(query());
          page.refetch(false);
        });
      }
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
        page.refetch(true);
      });
      const duplicate = document.getElementById("duplicate");
      if (duplicate) {
        duplicate.addEventListener("click", (event) => {
          event.preventDefault();
          fromRows();
          if (2 * state.t.length > page.data.max_rows) return;
          state.t = state.t.concat(state.t);
          state.o = state.o.concat(state.o);
          changed(true);
        });
      }
      document.getElementById("add-row").addEventListener("click", addRow);
      document.getElementById("use-paste").addEventListener("click", usePaste);
      renderRows();
    }

    return {
      params: query,
      apply: apply,
      wire: wire,
      chart: (name, div) => name !== "copies" && S.onPoint(div, focusSample),
    };
  });
})();
