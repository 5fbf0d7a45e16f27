// Runs in <head> before first paint: mark the page as scripted (the slider-only controls show)
// and apply the reader's saved colour theme, so a dark page never flashes light.
(function () {
  "use strict";
  const root = document.documentElement;
  root.classList.replace("no-js", "js");
  if (root.dataset.theme) return; // an embed's ?theme= wins
  try {
    const saved = localStorage.getItem("sse-theme");
    if (saved === "light" || saved === "dark") root.dataset.theme = saved;
  } catch {
    // storage blocked (a sandboxed iframe, privacy settings): follow the system theme
  }
})();

// The page's words for the scripts: <script type="application/json" id="i18n"> maps each English
// message to the page's language (absent on English pages). sseT("Play") -> "Reproducir";
// sseT("Step {k}", {k: 3}) fills the {slots}. Unknown messages stay English.
window.sseT = (function () {
  "use strict";
  let words = null;
  return function (text, values) {
    if (words === null) {
      const el = document.getElementById("i18n");
      try {
        words = el ? JSON.parse(el.textContent) : {};
      } catch {
        words = {};
      }
    }
    const out = Object.prototype.hasOwnProperty.call(words, text) ? words[text] : text;
    return values ? out.replace(/\{(\w+)\}/g, (m, key) => (key in values ? values[key] : m)) : out;
  };
})();
