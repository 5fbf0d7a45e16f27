// The client's core, part 5 of 6: the controls. A slider and its number box (#name-range,
// #name-number, from templates/_controls.html), arrow keys on number boxes, radio groups, the
// message beside a field the server refused, and the page's data the server embedded.
(function () {
  "use strict";

  const S = (window.SSE = window.SSE || {});

  // <script type="application/json" id="state-data">: what the page's script needs.
  function pageData() {
    const el = document.getElementById("state-data");
    return el ? JSON.parse(el.textContent) : null;
  }

  function inputs(name) {
    return {
      range: document.getElementById(name + "-range"),
      number: document.getElementById(name + "-number"),
    };
  }

  // params with each named number box's text as typed (the server says what is wrong with it).
  function typed(params, names) {
    for (const name of names) params[name] = inputs(name).number.value;
    return params;
  }

  // Set a slider and its number box to one value.
  function setPair(name, value) {
    const { range, number } = inputs(name);
    range.value = String(value);
    number.value = String(value);
  }

  // The checked value of a radio group in `form` ("1" when none is checked).
  function radio(form, name) {
    const checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : "1";
  }

  function showError(name, text) {
    const el = document.querySelector('[data-error-for="' + name + '"]');
    const box = document.querySelector('[data-control="' + name + '"]');
    if (!el || !box) return;
    const field = box.querySelector("[name]");
    el.textContent = text || "";
    el.hidden = !text;
    box.classList.toggle("has-error", Boolean(text));
    if (!field) return;
    if (text) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
    const hint = document.getElementById(name + "-hint");
    const described = (hint ? [name + "-hint"] : []).concat(text ? [name + "-error"] : []);
    field.setAttribute("aria-describedby", described.join(" "));
  }

  function showErrors(names, errors) {
    for (const name of names) showError(name, errors[name]);
  }

  // Arrow keys on a number box move by `step` (a browser's default for step="any" is 1).
  function numberKeys(box, step, onValue) {
    box.addEventListener("keydown", (event) => {
      const keys = { ArrowUp: 1, ArrowDown: -1, PageUp: 10, PageDown: -10 };
      if (!(event.key in keys)) return;
      event.preventDefault();
      const size = step();
      const current = Number(box.value);
      const base = Number.isFinite(current) ? current : 0;
      const next = Math.round((base + keys[event.key] * size) / size) * size;
      const places = Math.max(0, Math.round(-Math.log10(size)) + 1);
      onValue(Number(next.toFixed(places)));
    });
  }

  // Keys that move a value by steps a learner can use: an arrow 10 grid steps (with Shift 1),
  // Page Up/Down 100; `step()` is the grid's step, onValue gets the new value on the grid (a
  // slider's within its bounds). Runs before the box's own arrow keys (numberKeys).
  const KEY_SIGNS = { ArrowUp: 1, ArrowRight: 1, PageUp: 1, ArrowDown: -1, ArrowLeft: -1, PageDown: -1 };
  function stepKeys(input, step, onValue) {
    input.addEventListener(
      "keydown",
      (event) => {
        const sign = KEY_SIGNS[event.key];
        if (!sign || (input.type === "number" && /Left|Right/.test(event.key))) return; // caret
        event.preventDefault();
        event.stopImmediatePropagation();
        const size = step();
        const count = event.key.startsWith("Page") ? 100 : event.shiftKey ? 1 : 10;
        const current = Number(input.value);
        let next = (Math.round((Number.isFinite(current) ? current : 0) / size) + sign * count) * size;
        if (input.type === "range") next = Math.min(Number(input.max), Math.max(Number(input.min), next));
        const places = Math.max(0, Math.round(-Math.log10(size)) + 1);
        onValue(Number(next.toFixed(places)));
      },
      true
    );
  }

  // A slider whose every change goes to the server: its number box follows it, and changed()
  // asks for the new state (debounced by the page's fetcher).
  function serverSlider(name, step, changed) {
    const { range, number } = inputs(name);
    range.addEventListener("input", () => {
      number.value = range.value;
      changed();
    });
    number.addEventListener("input", () => changed());
    numberKeys(number, step, (value) => {
      setPair(name, value);
      changed();
    });
  }

  // A slider the page answers itself where it can: setValue(name, value, source) with source
  // "range", "number" or "key"; a box that is empty or not a number asks the server, which
  // says what is wrong with it.
  function lookupSlider(name, step, setValue, refetch) {
    const { range, number } = inputs(name);
    range.addEventListener("input", () => setValue(name, Number(range.value), "range"));
    number.addEventListener("input", () => {
      const value = Number(number.value);
      if (number.value.trim() === "" || !Number.isFinite(value)) {
        refetch();
        return;
      }
      setValue(name, value, "number");
    });
    numberKeys(number, step, (value) => setValue(name, value, "key"));
  }

  // The server's answer: each slider takes its new bounds and value, unless its field has an
  // error (then the box keeps what the learner typed, beside the message).
  function takeSliders(names, next) {
    for (const name of names) {
      const { range } = inputs(name);
      if (!range || next.errors[name]) continue;
      const spec = next.controls[name];
      range.min = String(spec.min);
      range.max = String(spec.max);
      range.step = String(spec.step);
      range.value = String(next.query[name]);
    }
  }

  Object.assign(S, {
    pageData: pageData,
    inputs: inputs,
    typed: typed,
    setPair: setPair,
    radio: radio,
    showError: showError,
    showErrors: showErrors,
    numberKeys: numberKeys,
    stepKeys: stepKeys,
    serverSlider: serverSlider,
    lookupSlider: lookupSlider,
    takeSliders: takeSliders,
  });
})();
