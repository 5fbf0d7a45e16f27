// The client's core, part 1 of 6 (static/js/core/, then sse.js): how numbers and text are
// written. Numbers as the server writes them (app/formatting.py), the readout's [data-shown]
// and MathML [data-slot] elements, sentence templates, the server's formulas, labels and table
// rows, and the screen reader's announcements.
// Every core file adds to window.SSE and draws nothing itself.
(function () {
  "use strict";

  const S = (window.SSE = window.SSE || {});
  // The rules numbers are written by, in the page's language, as the server sent them
  // (app/formatting.py text_rules): the minus sign, the ≈ of a rounded value, the digits kept,
  // the decimal mark ("0,245" in Spanish) and what separates numbers ("[−1,00; 1,00]").
  const RULES = JSON.parse(document.getElementById("text-rules").textContent);
  const MINUS = RULES.minus;
  const APPROX = RULES.approx;
  const SIGNIFICANT = RULES.significant;
  const NOISE = RULES.noise;
  const DECIMAL = RULES.decimal;
  const LIST_SEP = RULES.list_separator;
  const LANGUAGES = RULES.languages;
  const MATHML = "http://www.w3.org/1998/Math/MathML";
  const LANG = document.documentElement.lang || "en";
  const t = window.sseT || ((text) => text);

  // Mirrors app/formatting.py `number`: exact with at least two decimals, or rounded with ≈,
  // with the decimal separator of the page's language.
  function formatNumber(x, minPlaces) {
    if (minPlaces === undefined) minPlaces = 2;
    if (x === 0) x = 0;
    const abs = Math.abs(x);
    let text = shortest(abs);
    let approx = false;
    if (significantDigits(text) > SIGNIFICANT) {
      const rounded = Number(abs.toPrecision(SIGNIFICANT));
      // a few units in the last place away is float noise, not a long decimal: no ≈
      approx = Math.abs(rounded - abs) > NOISE * abs;
      text = shortest(rounded);
    }
    const places = Math.max(minPlaces, decimalsOf(text));
    text = padPlaces(text, places);
    return (approx ? APPROX : "") + (x < 0 ? MINUS : "") + text.replace(".", DECIMAL);
  }

  // A value as SSE.formatNumber writes it when that has at most short_exact significant digits,
  // else short_digits of them after APPROX; × 10ⁿ below 10⁻⁴ and from 10⁵ on: mirrors
  // app/formatting.py short, by the rules the server sent (every digit stays in the cell's
  // title and the CSV).
  const DIGITS = RULES.short_digits;
  const SHORT_EXACT = RULES.short_exact;
  const SUPER = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  function short(x) {
    const f = formatNumber;
    const text = f(x);
    const ax = Math.abs(x);
    if (x === 0 || !Number.isFinite(x)) return text;
    const sign = x < 0 ? MINUS : "";
    const rounded = ax.toExponential(DIGITS - 1);
    const [mantissa, power] = rounded.split("e");
    if (ax < 1e-4 || ax >= 1e5) {
      const approx = Number(rounded) !== ax ? APPROX : "";
      const sup = power.replace("+", "").replace("-", "⁻").replace(/\d/g, (d) => SUPER[d]);
      return approx + sign + f(Number(mantissa)) + " × 10" + sup;
    }
    if (text.replace(/\D/g, "").replace(/^0+|0+$/g, "").length <= SHORT_EXACT) return text;
    const exponent = Math.floor(Math.log10(ax));
    return APPROX + sign + f(Number(ax.toFixed(Math.max(DIGITS - 1 - exponent, 2))));
  }

  // A number the server wrote with "." (a preset's η, say) in the page's language.
  function localDecimal(text) {
    return String(text).replace(".", DECIMAL);
  }

  // Shortest round-trip digits as plain positional notation (no exponent).
  function shortest(abs) {
    const s = String(abs);
    const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
    if (!m) return s;
    const digits = m[1] + (m[2] || "");
    const exp = Number(m[3]);
    if (exp < 0) return "0." + "0".repeat(-exp - 1) + digits;
    return digits + "0".repeat(Math.max(0, exp - digits.length + 1));
  }
  function significantDigits(text) {
    return text.replace(".", "").replace(/^0+/, "").replace(/0+$/, "").length;
  }
  function decimalsOf(text) {
    const i = text.indexOf(".");
    return i < 0 ? 0 : text.length - i - 1;
  }
  function padPlaces(text, places) {
    const have = decimalsOf(text);
    if (have >= places) return text;
    return (have === 0 ? text + "." : text) + "0".repeat(places - have);
  }

  // ---- the readout
  // Every digit of a shortened cell in its title: `full` as fillShown's `shown`, written by
  // formatNumber (the CSV has them too).
  function fillTitles(full, root) {
    (root || document).querySelectorAll("output[data-shown]").forEach((out) => {
      const text = full[out.dataset.shown];
      if (text && text !== out.textContent) out.parentElement.title = text;
      else out.parentElement.removeAttribute("title");
    });
  }

  function setSlot(el, text) {
    const paren = el.dataset.paren === "1";
    const negative = text.replace(APPROX, "").startsWith(MINUS);
    const digits = negative ? text.replace(MINUS, "") : text;
    const node = (tag, content) => {
      const made = document.createElementNS(MATHML, tag);
      made.textContent = content;
      return made;
    };
    if (!negative) {
      el.replaceChildren(node("mn", digits));
      return;
    }
    // same shape as app/mathml.py: an inner mrow keeps the minus a tight prefix sign
    const signed = document.createElementNS(MATHML, "mrow");
    signed.append(node("mo", MINUS), node("mn", digits));
    el.replaceChildren(...(paren ? [node("mo", "("), signed, node("mo", ")")] : [signed]));
  }

  // Fill every [data-shown=key] element and every MathML [data-slot=key] with shown[key].
  // `formulas: false` leaves the MathML for later: laying formulas out again costs more than a
  // frame, so a page that moves every frame refreshes them once the control rests.
  function fillShown(shown, root, options) {
    root = root || document;
    const formulas = !options || options.formulas !== false;
    for (const [key, text] of Object.entries(shown)) {
      root.querySelectorAll('[data-shown="' + key + '"]').forEach((el) => {
        if (el.textContent !== text) el.textContent = text;
      });
      if (formulas) {
        root.querySelectorAll('[data-slot="' + key + '"]').forEach((el) => setSlot(el, text));
      }
    }
    if (!formulas) return;
    // the formulas' plain-text readings follow their slots
    root.querySelectorAll("math[data-alt]").forEach((math) => {
      const values = {};
      math.querySelectorAll("[data-slot]").forEach((el) => {
        values[el.dataset.slot] = el.textContent.replace(/^\((.*)\)$/, "$1");
      });
      math.setAttribute(
        "alttext",
        math.dataset.alt.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m))
      );
    });
  }

  function fillTemplate(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, key) => values[key]);
  }

  // Formulas (MathML from our own server, built by latex2mathml with escaped numbers) into
  // #formula-<key>, and labels into [data-label=key].
  function fillFormulas(formulas) {
    for (const [key, html] of Object.entries(formulas || {})) {
      const box = document.getElementById("formula-" + key);
      if (box) box.innerHTML = html;
    }
  }
  function fillLabels(labels) {
    for (const [key, label] of Object.entries(labels || {})) {
      document.querySelectorAll('[data-label="' + key + '"]').forEach((el) => {
        el.textContent = label;
      });
    }
  }

  // An element with text (and a class); a table body's rows from lists of cell texts.
  function cell(tag, text, cls) {
    const el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    if (cls) el.className = cls;
    return el;
  }
  function fillTable(tbody, rows) {
    tbody.replaceChildren(
      ...rows.map((cells) => {
        const tr = document.createElement("tr");
        tr.append(...cells.map((text) => cell("td", text)));
        return tr;
      })
    );
  }

  // Screen readers hear a change once the learner pauses, not on every slider tick.
  let announceTimer = 0;
  function announceLater(text) {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      const live = document.getElementById("announce");
      if (live) live.textContent = text;
    }, 700);
  }

  Object.assign(S, {
    MINUS: MINUS,
    APPROX: APPROX,
    LANG: LANG,
    LANGUAGES: LANGUAGES,
    DECIMAL: DECIMAL,
    LIST_SEP: LIST_SEP,
    t: t,
    formatNumber: formatNumber,
    short: short,
    localDecimal: localDecimal,
    setSlot: setSlot,
    fillShown: fillShown,
    fillTitles: fillTitles,
    fillTemplate: fillTemplate,
    fillFormulas: fillFormulas,
    fillLabels: fillLabels,
    cell: cell,
    fillTable: fillTable,
    announceLater: announceLater,
  });
  window.sseFormatNumber = formatNumber; // the tests compare it with the server's formatting
})();
