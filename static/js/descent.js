// The descent page's client. The server sends the whole run (at most 500 steps); Step, Play
// and Reset only move an index through it: no server call per frame, no maths here.
// Changing a control asks the page's JSON twin for a new run.
(function () {
  "use strict";

  const S = window.SSE;
  const TICK = 280; // ms per step while playing
  const GLIDE = 160; // ms the current point takes to slide to its next place
  const failed = {
    id: "status",
    text: "The server could not be reached; the run above may be out of date.",
  };

  const short = S.short;

  S.page({ charts: ["path", "losses"], failed: failed, urlFromParams: true }, (page) => {
    const form = page.form;
    const charts = page.charts;
    const mode = page.data.query.mode;
    const single = mode === "single";
    const NUMBERS = single ? ["t", "o", "lr", "steps"] : ["w", "b", "lr", "steps"];
    const LISTS = single ? [] : ["x", "t"];
    const play = document.getElementById("play");
    let k = 0;
    let timer = 0;
    window.sseDescent = { step: () => k, short: short }; // the tests compare short with the server

    function run() {
      return page.data.result;
    }

    function last() {
      return run().iterations;
    }

    // ---- what step k shows (mirrors app/pages/descent.py shown_at), short or in full
    function shownAt(i, write) {
      const r = run();
      const f = write || short;
      const next = Math.min(i + 1, last());
      const out = { k: String(i), loss_k: f(r.loss[i]), lr: S.formatNumber(r.learning_rate) };
      for (const [name, values] of Object.entries(r.trajectory)) {
        out[name + "_k"] = f(values[i]);
        out[name + "_next"] = f(values[next]);
      }
      if (r.gradient.o) out.g_k = f(r.gradient.o[i]);
      else {
        out.gw_k = f(r.gradient.w[i]);
        out.gb_k = f(r.gradient.b[i]);
      }
      return out;
    }

    function pathXY(i) {
      const r = run();
      if (single) return [r.trajectory.o.slice(0, i + 1), r.loss.slice(0, i + 1)];
      return [r.trajectory.w.slice(0, i + 1), r.trajectory.b.slice(0, i + 1)];
    }

    function show(i) {
      const previous = k;
      k = Math.max(0, Math.min(i, last()));
      S.fillShown(shownAt(k));
      S.fillTitles(shownAt(k, S.formatNumber), document.getElementById("numbers"));
      const [xs, ys] = pathXY(k);
      const r = run();
      const steps = r.loss.map((_, j) => j).slice(0, k + 1);
      const losses = r.loss.slice(0, k + 1);
      if (charts.path.dataset.rendered) {
        // the walked path grows by a point: moved in place, not redrawn (SSE.move)
        S.move(charts.path, { path: { x: xs, y: ys } });
        S.move(charts.losses, { loss_path: { x: steps, y: losses } });
        const zoomed = single && follow(k);
        const move = k === previous + 1 && !zoomed ? glide : jump;
        move(charts.path, xs[xs.length - 1], ys[ys.length - 1]);
        const moveLoss = k === previous + 1 && !frameLosses(k) ? glide : jump;
        moveLoss(charts.losses, k, losses[losses.length - 1]);
      }
      document.getElementById("step").disabled = k >= last();
      if (k >= last()) pause();
      S.announceLater(S.t("Step {k}: loss {loss}", { k: k, loss: shownAt(k).loss_k }));
    }

    // The current point slides to its next place, unless the reader asked for less motion
    // (prefers-reduced-motion): then it jumps.
    function glide(div, x, y) {
      // Plotly transitions only scatter traces; a contour would be dropped from the chart
      if (S.reduceMotion || div.data.some((trace) => trace.type !== "scatter")) {
        jump(div, x, y);
        return;
      }
      Plotly.animate(
        div,
        { data: [{ x: [x], y: [y] }], traces: [S.traceIndex(div, "point")] },
        {
          transition: { duration: GLIDE, easing: "cubic-in-out" },
          frame: { duration: GLIDE, redraw: false },
          mode: "immediate",
        }
      ).catch(() => {}); // interrupted by the next step: it starts from where this one stopped
    }

    // One output: the view follows the run so far (and its next step), so a diverging run
    // stays readable as it grows. Returns whether the view changed.
    let shownReach = 0;
    function follow(i) {
      const os = run().trajectory.o;
      const path = page.data.figures.path.data;
      const t = path.find((trace) => trace.uid === "target").x[0];
      let reach = 1;
      for (let j = 0; j <= Math.min(i + 1, last()); j++) {
        reach = Math.max(reach, Math.abs(os[j] - t));
      }
      reach *= 1.15;
      if (reach === shownReach) return false;
      shownReach = reach;
      const curve = path.find((trace) => trace.uid === "parabola");
      let top = 0;
      curve.x.forEach((x, j) => {
        if (Math.abs(x - t) <= reach) top = Math.max(top, curve.y[j]);
      });
      Plotly.relayout(charts.path, {
        "xaxis.range": [t - reach, t + reach],
        "yaxis.range": [-0.05 * top, 1.08 * top],
      });
      return true;
    }

    // The loss chart frames the iterations shown so far and the next one on its log axis, so a
    // diverging run stays in view. It grows in steps, not every frame (a relayout costs a few
    // frames): the iterations to the next doubling, the losses to whole decades with two to
    // spare on the side they left by. Returns whether the view changed.
    let lossFrame = null;
    function frameLosses(i) {
      const upto = Math.min(i + 1, last());
      let low = Infinity;
      let high = -Infinity;
      for (const v of run().loss.slice(0, upto + 1)) {
        if (v > 0 && Number.isFinite(v)) {
          low = Math.min(low, v);
          high = Math.max(high, v);
        }
      }
      if (low > high) return false;
      low = Math.log10(low);
      high = Math.log10(high);
      const f = lossFrame;
      if (f && upto <= f.x && low >= f.low && high <= f.high) return false;
      const first = Math.min(10, last());
      lossFrame = {
        x: f && upto > f.x ? Math.min(Math.max(upto, 2 * f.x), last()) : Math.max(upto, first),
        low: f && low >= f.low ? f.low : Math.floor(low) - (f ? 2 : 0),
        high: f && high <= f.high ? f.high : Math.ceil(high) + (f ? 2 : 0),
      };
      const pad = 0.08 * (lossFrame.high - lossFrame.low || 1);
      Plotly.relayout(charts.losses, {
        "xaxis.range": [-0.5, lossFrame.x + 0.5],
        "yaxis.range": [lossFrame.low - pad, lossFrame.high + pad],
      });
      return true;
    }

    function jump(div, x, y) {
      Plotly.restyle(div, { x: [[x]], y: [[y]] }, [S.traceIndex(div, "point")]);
    }

    function pause() {
      clearInterval(timer);
      timer = 0;
      play.textContent = S.t("Play");
      play.setAttribute("aria-pressed", "false");
    }

    function start() {
      if (k >= last()) show(0);
      play.textContent = S.t("Pause");
      play.setAttribute("aria-pressed", "true");
      // the run plays where it can be seen: the chart scrolls fully into view, under the
      // controls right above it
      charts.path.scrollIntoView({ block: "nearest" });
      timer = setInterval(() => show(k + 1), TICK);
    }

    function toggle() {
      if (timer) pause();
      else start();
    }

    // Show the run from its start; k = -2, not one step before 0: the first point is placed,
    // not slid.
    function restart() {
      k = -2;
      shownReach = 0;
      lossFrame = null;
      show(0);
      if (charts.losses._fullLayout) frameLosses(0); // drawn or not, the frame starts at step 0
    }

    // The whole run is drawn faintly from the start, so the axes Plotly fits to it hold every
    // step: keep them while stepping (no axis jumps, and SSE.move can move the path in place).
    function holdRanges() {
      return Promise.all(
        Object.values(charts).map((div) => {
          const update = {};
          for (const key of ["xaxis", "yaxis"]) {
            const axis = div._fullLayout[key];
            if (axis && axis.autorange) update[key + ".range"] = axis.range.slice();
          }
          return Object.keys(update).length ? Plotly.relayout(div, update) : null;
        })
      );
    }

    // ---- controls: a new run from the server
    function params() {
      const out = { mode: mode };
      for (const name of LISTS) out[name] = document.getElementById(name + "-text").value;
      S.typed(out, NUMBERS);
      const seed = form.querySelector('input[name="seed"]');
      if (seed) out.seed = seed.value;
      out.half = S.radio(form, "half");
      if (!single) out.mean = S.radio(form, "mean");
      return out;
    }

    function fillTable(rows, full) {
      const keys = single
        ? ["k", "o_k", "g_k", "loss_k"]
        : ["k", "w_k", "b_k", "gw_k", "gb_k", "loss_k"];
      const tbody = document.querySelector("#iterations tbody");
      S.fillTable(
        tbody,
        rows.map((row) => keys.map((key) => row[key]))
      );
      Array.from(tbody.rows).forEach((tr, i) => {
        keys.forEach((key, j) => {
          if (j) tr.cells[j].title = full[i][key];
        });
      });
    }

    function apply(next) {
      pause();
      S.showErrors(NUMBERS.concat(LISTS), next.errors);
      page.data = next;
      const status = document.getElementById("status");
      status.textContent = next.sentence;
      status.dataset.status = next.status;
      document.getElementById("numbers-title").lastChild.textContent =
        " " + S.t("of {n}", { n: last() });
      document.querySelectorAll(".preset").forEach((link, i) => {
        const preset = next.presets[i];
        link.href = preset.href;
        link.dataset.lr = String(preset.lr);
        link.textContent = "\u03b7 = " + S.localDecimal(preset.lr) + ": " + preset.label;
        if (preset.lr === next.learning_rate) link.setAttribute("aria-current", "true");
        else link.removeAttribute("aria-current");
      });
      if (!next.errors.lr) {
        const { range, number } = S.inputs("lr");
        range.value = String(next.learning_rate);
        if (document.activeElement !== number) number.value = String(next.learning_rate);
      }
      fillTable(next.table, next.table_full);
      S.announceLater(next.sentence);
      return page.draw().then(restart);
    }

    function wire() {
      document.getElementById("step").addEventListener("click", () => {
        pause();
        show(k + 1);
      });
      play.addEventListener("click", toggle);
      document.getElementById("reset").addEventListener("click", () => {
        pause();
        show(0);
      });
      document.addEventListener("keydown", (event) => {
        if (event.key !== " " || event.defaultPrevented) return;
        const target = event.target;
        const tag = target && target.tagName;
        // Space keeps its meaning in text boxes and on buttons, links and radios
        if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || tag === "A") return;
        if (tag === "BUTTON") return;
        event.preventDefault();
        toggle();
      });
      for (const name of NUMBERS) {
        const { range } = S.inputs(name);
        S.serverSlider(name, () => Number(range.step), page.refetch);
      }
      for (const name of LISTS) {
        document.getElementById(name + "-text").addEventListener("input", () => page.refetch());
      }
      form.querySelectorAll('input[type="radio"]').forEach((r) => {
        r.addEventListener("change", () => page.refetch(true));
      });
      document.querySelectorAll(".preset").forEach((link) => {
        link.addEventListener("click", (event) => {
          event.preventDefault();
          S.setPair("lr", link.dataset.lr);
          page.refetch(true);
        });
      });
    }

    return {
      params: params,
      apply: apply,
      wire: wire,
      drawn: holdRanges,
      ready: restart,
    };
  });
})();
