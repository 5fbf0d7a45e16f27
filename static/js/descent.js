// The descent page's client. The server sends the whole run (at most 500 steps); Step, Play
// and Reset only move an index through it: no server call per frame, no maths here.
// Changing a control asks the page's JSON twin for a new run.
(function () {
  "use strict";

  const S = window.SSE;
  let data = S.pageData();
  if (!data) return;
  const config = S.plotConfig(data.config);
  const form = document.getElementById("controls");
  const mode = data.query.mode;
  const NUMBERS = mode === "single" ? ["t", "o", "lr", "steps"] : ["w", "b", "lr", "steps"];
  const LISTS = mode === "single" ? [] : ["x", "t"];
  const TICK = 280; // ms per step while playing
  const GLIDE = 160; // ms the current point takes to slide to its next place
  const charts = {
    path: document.getElementById("chart-path"),
    losses: document.getElementById("chart-losses"),
  };
  const play = document.getElementById("play");
  let k = 0;
  let timer = 0;

  function run() {
    return data.result;
  }

  function last() {
    return run().iterations;
  }

  // ---- what step k shows (mirrors app/state_weights.py shown_at)
  function shownAt(i) {
    const r = run();
    const f = S.formatNumber;
    const next = Math.min(i + 1, last());
    const out = { k: String(i), loss_k: f(r.loss[i]), lr: f(r.learning_rate) };
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
    if (mode === "single") return [r.trajectory.o.slice(0, i + 1), r.loss.slice(0, i + 1)];
    return [r.trajectory.w.slice(0, i + 1), r.trajectory.b.slice(0, i + 1)];
  }

  function show(i) {
    const previous = k;
    k = Math.max(0, Math.min(i, last()));
    S.fillShown(shownAt(k));
    const [xs, ys] = pathXY(k);
    const r = run();
    const steps = r.loss.map((_, j) => j).slice(0, k + 1);
    const losses = r.loss.slice(0, k + 1);
    if (charts.path.dataset.rendered) {
      // the walked path grows by a point: moved in place, not redrawn (SSE.move)
      S.move(charts.path, { path: { x: xs, y: ys } });
      S.move(charts.losses, { loss_path: { x: steps, y: losses } });
      const zoomed = mode === "single" && follow(k);
      const move = k === previous + 1 && !zoomed ? glide : jump;
      move(charts.path, xs[xs.length - 1], ys[ys.length - 1]);
      move(charts.losses, k, losses[losses.length - 1]);
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
    const ms = GLIDE;
    Plotly.animate(
      div,
      { data: [{ x: [x], y: [y] }], traces: [S.traceIndex(div, "point")] },
      {
        transition: { duration: ms, easing: "cubic-in-out" },
        frame: { duration: ms, redraw: false },
        mode: "immediate",
      }
    ).catch(() => {}); // interrupted by the next step: it starts from where this one stopped
  }

  // One output: the view follows the run so far (and its next step), so a diverging run
  // stays readable as it grows. Returns whether the view changed.
  let shownReach = 0;
  function follow(i) {
    const os = run().trajectory.o;
    const t = data.figures.path.data.find((trace) => trace.uid === "target").x[0];
    let reach = 1;
    for (let j = 0; j <= Math.min(i + 1, last()); j++) reach = Math.max(reach, Math.abs(os[j] - t));
    reach *= 1.15;
    if (reach === shownReach) return false;
    shownReach = reach;
    const curve = data.figures.path.data.find((trace) => trace.uid === "parabola");
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
    timer = setInterval(() => show(k + 1), TICK);
  }

  function toggle() {
    if (timer) pause();
    else start();
  }

  function drawAll() {
    return Promise.all(
      Object.keys(charts).map((name) => S.draw(charts[name], data.figures[name], config))
    ).then(holdRanges);
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
  function radio(name) {
    const checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : "1";
  }

  function params() {
    const out = { mode: mode };
    for (const name of LISTS) out[name] = document.getElementById(name + "-text").value;
    for (const name of NUMBERS) out[name] = S.inputs(name).number.value;
    const seed = form.querySelector('input[name="seed"]');
    if (seed) out.seed = seed.value;
    out.half = radio("half");
    if (mode !== "single") out.mean = radio("mean");
    return out;
  }

  function fillTable(rows) {
    const keys = mode === "single" ? ["k", "o_k", "g_k", "loss_k"] : ["k", "w_k", "b_k", "gw_k", "gb_k", "loss_k"];
    document.querySelector("#iterations tbody").replaceChildren(
      ...rows.map((row) => {
        const tr = document.createElement("tr");
        for (const key of keys) {
          const td = document.createElement("td");
          td.textContent = row[key];
          tr.append(td);
        }
        return tr;
      })
    );
  }

  function apply(next) {
    pause();
    for (const name of NUMBERS.concat(LISTS)) S.showError(name, next.errors[name]);
    data = next;
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
    fillTable(next.table);
    S.announceLater(next.sentence);
    return drawAll().then(() => {
      k = -2;
      shownReach = 0;
      show(0);
    });
  }

  const refetch = S.fetcher(
    () => {
      const p = params();
      S.replaceUrl(p);
      return p;
    },
    apply,
    () => {
      document.getElementById("status").textContent =
        S.t("The server could not be reached; the run above may be out of date.");
    },
    150
  );

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
      const { range, number } = S.inputs(name);
      range.addEventListener("input", () => {
        number.value = range.value;
        refetch();
      });
      number.addEventListener("input", () => refetch());
      S.numberKeys(
        number,
        () => Number(range.step),
        (value) => {
          number.value = String(value);
          range.value = String(value);
          refetch();
        }
      );
    }
    for (const name of LISTS) {
      document.getElementById(name + "-text").addEventListener("input", () => refetch());
    }
    form.querySelectorAll('input[type="radio"]').forEach((r) => {
      r.addEventListener("change", () => refetch(true));
    });
    document.querySelectorAll(".preset").forEach((link) => {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        const { range, number } = S.inputs("lr");
        number.value = link.dataset.lr;
        range.value = link.dataset.lr;
        refetch(true);
      });
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      refetch(true);
    });
  }

  window.sseDescent = {
    step: () => k,
  };
  wire();
  drawAll().then(() => {
    k = -2; // not one step before 0: the first point is placed, not slid
    show(0);
    document.body.dataset.rendered = "1";
  });
})();
