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

// The phone layout, as site.css's media query says it (app/pages/images.py PHONE too): the
// first frame, static/js/sse.js `sized` and core/plot.js's config read it from here.
window.ssePhone = () => window.matchMedia("(max-width: 600px)").matches;

// Run fn once the page is parsed: at DOMContentLoaded, or now if it has passed (the scripts
// site.js loads after a page's first frames run after it: they must not wait for it).
window.sseParsed = function (fn) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
  else fn();
};

// The first frame (app/frames.py): each chart slot's inline script calls sseFrame(itself)
// while the page is parsed. The slot gets the server's SVG of its chart, at its own width
// and height as laid out now, in the page's theme: on a phone (static/js/sse.js `sized`) at
// its phone height and without a legend. A slot on the first screen asks at high priority;
// one below it lazily. The page's scripts (<script type="application/json" id="page-scripts">,
// templates/_partials.html: page_scripts) are loaded, in order, once the page is parsed and
// the first screen's frames have arrived (or failed), or WAIT_MS after the page is parsed if
// one is slow (a state's frame the server has yet to draw): plotly.js then simply wins.
// static/js/core/plot.js removes a slot's frame once plotly.js has drawn over it.
window.sseFrame = (function () {
  "use strict";
  const WAIT_MS = 500;
  let asked = 0; // first-screen frames asked for
  let pending = 0; // of them, still on their way
  let loaded = false;
  let parsed = false;
  let timer = 0;

  function loadScripts() {
    const list = document.getElementById("page-scripts");
    if (loaded || !list) return;
    loaded = true;
    clearTimeout(timer);
    for (const src of JSON.parse(list.textContent)) {
      const script = document.createElement("script");
      script.src = src;
      script.async = false; // run in the listed order, as deferred scripts would
      document.head.appendChild(script);
    }
  }

  // once the frames that came are on screen: a script run before the next paint (plotly.js
  // takes a hundred ms or more to start, even from the cache) would hold them back
  function afterPaint() {
    requestAnimationFrame(() => setTimeout(loadScripts, 0));
  }

  function settled() {
    pending -= 1;
    if (parsed && pending <= 0) afterPaint();
  }

  document.addEventListener("DOMContentLoaded", () => {
    parsed = true;
    if (pending > 0) timer = setTimeout(loadScripts, WAIT_MS);
    else if (asked) afterPaint();
    else loadScripts(); // no frame on the first screen
  });

  // The slot's first frame as laid out now: {url, width, height}; null for a slot not laid
  // out. Also what scripts/first-frames lists for the server to draw at start.
  function frameOf(slot) {
    const width = slot && slot.dataset.frame ? slot.clientWidth : 0;
    if (!width) return null;
    const phone = window.ssePhone() && slot.dataset.phoneHeight;
    const height = Number(phone || slot.dataset.frameHeight);
    const dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
    const theme = document.documentElement.dataset.theme || (dark ? "dark" : "light");
    const size = "&width=" + width + "&height=" + height + "&theme=" + theme;
    return { url: slot.dataset.frame + size + (phone ? "&legend=0" : ""), width, height };
  }

  function frame(script) {
    const slot = script.previousElementSibling;
    const drawn = frameOf(slot);
    if (!drawn) return;
    const img = document.createElement("img");
    img.className = "first-frame";
    img.alt = ""; // the slot's own label says what the chart is
    img.width = drawn.width;
    img.height = drawn.height;
    img.setAttribute("elementtiming", "first-frame");
    if (slot.getBoundingClientRect().top < window.innerHeight) {
      img.fetchPriority = "high";
      asked += 1;
      pending += 1;
      img.addEventListener("load", settled, { once: true });
      img.addEventListener("error", settled, { once: true });
    } else {
      img.loading = "lazy"; // below the first screen: only if it is scrolled to in time
    }
    img.src = drawn.url;
    slot.style.minHeight = drawn.height + "px"; // the chart's box, before and after plotly.js
    slot.appendChild(img);
  }

  frame.of = frameOf;
  return frame;
})();
