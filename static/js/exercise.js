// The exercise: check the learner's answers with the server (POST /api/v1/exercises/check) and
// fetch the next question (GET /api/v1/exercises/new), without leaving the page. The server
// keeps nothing: the question is its seed, and the score lives in this page (and, on the
// standalone /exercise page, in the address bar). Without JavaScript the form is a GET form.
(function () {
  "use strict";

  const root = document.querySelector("[data-exercise]");
  if (!root) return;
  const form = root.querySelector('[data-ex="form"]');
  const part = (name) => root.querySelector('[data-ex="' + name + '"]');
  const field = (name) => form.querySelector('input[type="hidden"][name="' + name + '"]');
  const radios = () => Array.from(form.querySelectorAll('input[type="radio"]'));
  const keepUrl = root.dataset.keepUrl === "1";
  const t = window.sseT || ((text) => text);
  // The page's language travels in its links, and the API answers in it when asked.
  const lang = document.documentElement.lang || "en";
  const urlLang = new URLSearchParams(location.search).get("lang") || (lang === "en" ? "" : lang);
  const withLang = (query) => {
    if (urlLang) query.set("lang", urlLang);
    return query;
  };
  const apiLang = lang === "en" ? "" : "?lang=" + encodeURIComponent(lang);
  const state = {
    kind: field("kind").value,
    seed: Number(field("seed").value),
    half: field("half").value === "1",
    score: Number(part("score").textContent),
    tries: Number(part("tries").textContent),
    next: Number(new URL(part("next").href, location.href).searchParams.get("seed")),
  };

  // The question `seed` with the score so far, as a query string in the page's language.
  function scoreQuery(seed) {
    const query = new URLSearchParams({
      kind: state.kind,
      seed: String(seed),
      half: state.half ? "1" : "0",
      score: String(state.score),
      tries: String(state.tries),
    });
    return withLang(query).toString();
  }

  // The address carries the question: the exercise page's own, or a lesson page's with
  // exercise_seed, so a link shared from it shows the same question.
  function writeUrl() {
    if (keepUrl) {
      history.replaceState(null, "", location.pathname + "?" + scoreQuery(state.seed));
      return;
    }
    const query = new URLSearchParams(location.search);
    query.set("exercise_seed", String(state.seed));
    history.replaceState(null, "", location.pathname + "?" + query.toString() + location.hash);
  }

  function nextHref() {
    part("next").href = "/exercise?" + scoreQuery(state.next);
    const share = new URLSearchParams({
      kind: state.kind,
      seed: String(state.seed),
      half: state.half ? "1" : "0",
    });
    part("share").href = "/exercise?" + withLang(share).toString();
  }

  // The checked answer on its chart: the shapes the server lays out (app.figures.exercises,
  // from the page's JSON twin), drawn as the template draws them without JavaScript.
  const SVG = "http://www.w3.org/2000/svg";
  function drawAnswer(result) {
    const box = part("answer");
    if (!result || !result.figure) return;
    part("shapes").replaceChildren(
      ...result.figure.shapes.map((shape) => {
        const made = document.createElementNS(SVG, shape.tag);
        for (const [key, value] of Object.entries(shape)) {
          if (key === "role") made.dataset.role = value;
          else if (key !== "tag" && key !== "text") made.setAttribute(key, String(value));
        }
        if (shape.text) made.textContent = shape.text;
        return made;
      })
    );
    part("arrow").setAttribute("fill", result.figure.arrow);
    part("facts").replaceChildren(
      ...result.facts.map(([name, value]) => {
        const tr = document.createElement("tr");
        const head = cell("th", name);
        head.scope = "row";
        tr.append(head, cell("td", value));
        return tr;
      })
    );
    box.hidden = false;
  }

  function fetchAnswer(sign, move) {
    const query = new URLSearchParams({
      kind: state.kind,
      seed: String(state.seed),
      half: state.half ? "1" : "0",
      sign: sign,
      move: move,
    });
    fetch("/exercise.json?" + withLang(query).toString(), { headers: { Accept: "application/json" } })
      .then(json)
      .then((data) => drawAnswer(data.exercise.result))
      .catch(() => {}); // the verdict and explanation are shown already
  }

  function say(text) {
    part("announce").textContent = text;
  }

  function showResult(verdict, explanation, right) {
    const box = part("result");
    part("verdict").textContent = verdict;
    part("explanation").textContent = explanation;
    if (right === null) delete box.dataset.right;
    else box.dataset.right = right ? "1" : "0";
    box.hidden = false;
  }

  // Mark the right option of each question, and the learner's where it was wrong.
  function mark(answer) {
    form.querySelectorAll("label[data-option]").forEach((label) => {
      label.classList.remove("is-correct", "is-wrong");
      if (!answer) return;
      const [name, value] = label.dataset.option.split("-");
      if (answer.correct[name] === value) label.classList.add("is-correct");
      else if (answer.answers[name] === value) label.classList.add("is-wrong");
    });
  }

  function locked(yes) {
    radios().forEach((radio) => {
      radio.disabled = yes;
    });
    part("check").disabled = yes;
  }

  function chosen(name) {
    const radio = form.querySelector('input[name="' + name + '"]:checked');
    return radio ? radio.value : null;
  }

  function json(response) {
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }

  function failed() {
    showResult(t("The server could not be reached."), t("Try again in a moment."), null);
  }

  form.noValidate = true; // a missing answer gets our sentence, not the browser's bubble
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const sign = chosen("sign");
    const move = chosen("move");
    if (!sign || !move) {
      showResult(t("Pick an answer to both questions first."), "", null);
      say(t("Pick an answer to both questions first."));
      return;
    }
    const body = {
      kind: state.kind,
      seed: state.seed,
      half: state.half,
      sign: sign,
      move: move,
      score: state.score,
      tries: state.tries,
    };
    part("check").disabled = true;
    fetch("/api/v1/exercises/check" + apiLang, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    })
      .then(json)
      .then((answer) => {
        state.score = answer.score;
        state.tries = answer.tries;
        state.next = answer.next_seed;
        part("score").textContent = String(answer.score);
        part("tries").textContent = String(answer.tries);
        showResult(answer.verdict, answer.explanation, answer.all_right);
        say(answer.verdict + " " + answer.explanation);
        locked(true);
        mark(answer);
        fetchAnswer(sign, move);
        nextHref();
        writeUrl();
        part("next").focus();
      })
      .catch(() => {
        part("check").disabled = false;
        failed();
      });
  });

  function cell(tag, text) {
    const made = document.createElement(tag);
    made.textContent = text;
    return made;
  }

  function showQuestion(q) {
    state.seed = q.seed;
    state.next = q.next_seed;
    field("seed").value = String(q.seed);
    part("question").textContent = q.question;
    part("gradient-name").textContent = q.names.gradient;
    part("output-name").textContent = q.names.o;
    const table = part("rows");
    table.hidden = q.kind !== "samples";
    table.querySelector("tbody").replaceChildren(
      ...q.rows.map((row) => {
        const tr = document.createElement("tr");
        if (row.i === q.row) tr.className = "asked";
        const head = cell("th", String(row.i));
        head.scope = "row";
        tr.append(head, cell("td", row.t_shown), cell("td", row.o_shown));
        return tr;
      })
    );
    radios().forEach((radio) => {
      radio.checked = false;
    });
    locked(false);
    mark(null);
    const box = part("result");
    box.hidden = true;
    delete box.dataset.right;
    part("answer").hidden = true;
    nextHref();
    writeUrl();
    part("question").focus();
    say(t("New question.") + " " + q.question);
  }

  part("next").addEventListener("click", (event) => {
    event.preventDefault();
    const query = new URLSearchParams({
      kind: state.kind,
      seed: String(state.next),
      half: state.half ? "1" : "0",
    });
    if (lang !== "en") query.set("lang", lang);
    fetch("/api/v1/exercises/new?" + query.toString(), { headers: { Accept: "application/json" } })
      .then(json)
      .then(showQuestion)
      .catch(failed);
  });

  root.dataset.ready = "1";
  if (!document.querySelector(".chart")) document.body.dataset.rendered = "1";
})();
