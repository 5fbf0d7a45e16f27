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
  } catch (e) {
    // storage blocked (a sandboxed iframe, privacy settings): follow the system theme
  }
})();
