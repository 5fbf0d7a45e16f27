// The exercise: check the learner's answers with the server (POST /api/v1/exercises/check) and
// fetch the next question (GET /api/v1/exercises/new), without leaving the page. The server
// keeps nothing: the question is its seed (or an instructor's own t, o, lr, or one seed of a
// set), and the score lives in this page (and, on /exercise and /embed/exercise, in the
// address bar). Without JavaScript the form is a GET form.
(function () {
  "use strict";

  const root = document.querySelector("[data-exercise]");
  if (!root) return;
  const form = root.querySelector('[data-ex="form"]');
  const part = (name) => root.querySelector('[data-ex="' + name + '"]');
  const radios = () => Array.from(form.querySelectorAll('input[type="radio"]'));
  const keepUrl = root.dataset.keepUrl === "1";
  const path = form.getAttribute("action"); // /exercise, or /embed/exercise in an iframe
  const t = window.sseT || ((text) => text);
  // The page's language travels in its links, and the API answers in it when asked.
  const lang = document.documentElement.lang || "en";
  const urlLang = new URLSearchParams(location.search).get("lang") || (lang === "en" ? "" : lang);
  const withLang = (query) => {
    if (urlLang) query.set("lang", urlLang);
    return query;
  };
  // A query as the server writes it: a set's seeds with bare commas (12,99,7), not %2C.
  const text = (query) => query.toString().replace(/%2C/gi, ",");
  const apiLang = lang === "en" ? "" : "?lang=" + encodeURIComponent(lang);

  // The form's hidden fields: which question (the server writes them), the score before this
  // answer, and what the links carry (an embed's theme).
  const NOT_QUESTION = ["lang", "score", "tries"];
  const hidden = () => Array.from(form.querySelectorAll('input[type="hidden"]'));
  const fields = {};
  const carry = {};
  hidden().forEach((input) => {
    if ("carry" in input.dataset) carry[input.name] = input.value;
    else if (!NOT_QUESTION.includes(input.name)) fields[input.name] = input.value;
  });
  const state = {
    kind: fields.kind || "single",
    half: fields.half === "1",
    seed: fields.seed === undefined ? null : Number(fields.seed),
    own: fields.t === undefined ? null : { t: Number(fields.t), o: Number(fields.o), lr: Number(fields.lr) },
    seeds: fields.seeds === undefined ? null : fields.seeds.split(",").map(Number),
    position: fields.question === undefined ? 0 : Number(fields.question) - 1,
    score: Number(part("score").textContent),
    tries: Number(part("tries").textContent),
    next: Number(new URL(part("next").href, location.href).searchParams.get("seed")),
  };
  if (state.seeds) state.seed = state.seeds[state.position];
  const lastOfSet = () => state.seeds !== null && state.position === state.seeds.length - 1;

  // The question's address without the score, as the server writes it (Asked.query).
  function questionQuery() {
    const half = state.half ? "1" : "0";
    if (state.own) {
      const own = state.own;
      return new URLSearchParams({ t: String(own.t), o: String(own.o), lr: String(own.lr), half });
    }
    if (state.seeds) {
      const seeds = state.seeds.join(",");
      return new URLSearchParams({ kind: state.kind, seeds, question: String(state.position + 1), half });
    }
    return new URLSearchParams({ kind: state.kind, seed: String(state.seed), half });
  }

  // This one question alone, the same for everyone (one seed of a set on its own).
  function singleQuery() {
    if (state.own) return questionQuery();
    const half = state.half ? "1" : "0";
    return new URLSearchParams({ kind: state.kind, seed: String(state.seed), half });
  }

  // A question's address with a score and what the links carry, in the page's language.
  function scored(query, score, tries) {
    query.set("score", String(score));
    query.set("tries", String(tries));
    for (const [name, value] of Object.entries(carry)) query.set(name, value);
    return text(withLang(query));
  }

  // The address carries the question: the exercise page's own, or a lesson page's with
  // exercise_seed, so a link shared from it shows the same question.
  function writeUrl() {
    if (keepUrl) {
      const query = scored(questionQuery(), state.score, state.tries);
      history.replaceState(null, "", location.pathname + "?" + query);
      return;
    }
    const query = new URLSearchParams(location.search);
    query.set("exercise_seed", String(state.seed));
    history.replaceState(null, "", location.pathname + "?" + query.toString() + location.hash);
  }

  // The hidden fields of the question now shown (the GET form and this script read them).
  function writeFields() {
    hidden()
      .filter((input) => !("carry" in input.dataset) && !NOT_QUESTION.includes(input.name))
      .forEach((input) => input.remove());
    const before = form.querySelector('input[name="score"]');
    for (const [name, value] of questionQuery()) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.insertBefore(input, before);
    }
  }

  function setLine(answered) {
    const line = part("set");
    if (!line) return;
    const values = { k: state.position + 1, n: state.seeds.length };
    if (!lastOfSet()) line.textContent = t("Question {k} of {n} in this set.", values);
    else if (answered) line.textContent = t("Set done: all {n} questions answered.", values);
    else line.textContent = t("Question {k} of {n}: the last of this set.", values);
  }

  function nextHref() {
    const next = part("next");
    if (lastOfSet()) {
      // after a set's last question it starts again, the score from 0 (a page load)
      const first = questionQuery();
      first.set("question", "1");
      next.href = path + "?" + scored(first, 0, 0);
      next.textContent = t("Start the set again");
    } else if (state.seeds) {
      const following = questionQuery();
      following.set("question", String(state.position + 2));
      next.href = path + "?" + scored(following, state.score, state.tries);
    } else {
      const half = state.half ? "1" : "0";
      const following = new URLSearchParams({ kind: state.kind, seed: String(state.next), half });
      next.href = path + "?" + scored(following, state.score, state.tries);
    }
    part("share").href = "/exercise?" + text(withLang(singleQuery()));
    classLinks();
  }

  // The instructor panel's link and iframe (on /exercise) follow the question shown: a set
  // from its start, else this question.
  function classLinks() {
    const link = document.getElementById("own-link");
    const iframe = document.getElementById("own-iframe");
    if (!link || !iframe) return;
    const query = state.seeds ? questionQuery() : singleQuery();
    query.delete("question");
    const search = text(withLang(query));
    link.value = location.origin + "/exercise?" + search;
    const src = location.origin + "/embed/exercise?" + search;
    iframe.value = iframe.value.replace(/src="[^"]*"/, 'src="' + src + '"');
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
    const query = singleQuery();
    query.set("sign", sign);
    query.set("move", move);
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

  // The question as the API's check takes it: a seed, or the instructor's own numbers.
  function asked() {
    if (state.own) return { kind: "single", t: state.own.t, o: state.own.o, lr: state.own.lr, half: state.half };
    return { kind: state.kind, seed: state.seed, half: state.half };
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
    const body = Object.assign(asked(), {
      sign: sign,
      move: move,
      score: state.score,
      tries: state.tries,
    });
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
        setLine(true);
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
    state.own = null; // after an own question come seeded ones
    if (state.seeds) state.position += 1;
    writeFields();
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
    setLine(false);
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
    if (lastOfSet()) return; // the set starts again: a page load, the score from 0
    event.preventDefault();
    const seed = state.seeds ? state.seeds[state.position + 1] : state.next;
    const query = new URLSearchParams({
      kind: state.kind,
      seed: String(seed),
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
