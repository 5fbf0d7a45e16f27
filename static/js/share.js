// The "Share or embed" panel. Its fields follow the page's state (the address bar, which the
// page's controls update; static/js/core/url.js says so with an "sse:state" event). The embed
// builder writes the iframe code, the image URL and the Markdown line for the chart and look
// chosen, and previews the embed. The header's "Share or embed" link opens the panel. The
// server wrote every field for the page's first state and the builder's defaults
// (templates/_partials.html: embed_builder), so they are there without JavaScript too; this
// script only writes them anew. A Copy button copies its field, in the panel or anywhere else
// on the page (the exercise page's instructor panel has its own).
(function () {
  "use strict";
  const panel = document.getElementById("share");
  const byId = (id) => document.getElementById(id);
  const builder = byId("embed-builder");
  // the page's state as a query: the server's (checked) one, as it wrote it into the image
  // URL, until the page changes it
  let state = builder ? new URL(byId("share-image").defaultValue).search.slice(1) : "";

  // The address to share, carrying the page's language when it is not English.
  function here() {
    const page = new URL(location.href);
    const lang = document.documentElement.lang;
    if (lang && lang !== "en" && !page.searchParams.has("lang")) {
      page.searchParams.set("lang", lang);
    }
    return page;
  }

  // The state's query with `parts` ("height=300") after it (the state is the page's own
  // parameters: none of them is one of an embed's or an image's); lists keep their commas.
  function withState(parts) {
    return [state].concat(parts).filter(Boolean).join("&");
  }
  function withQuery(path, query) {
    return query ? path + "?" + query : path;
  }

  // ---- the builder's choices
  function option() {
    return byId("embed-chart").selectedOptions[0];
  }
  function allowed() {
    const names = option().dataset.controls;
    return names ? names.split(",") : [];
  }
  function controlBoxes() {
    return Array.from(builder.querySelectorAll('input[name="embed-control"]'));
  }

  // The height asked, or the last good one (a box being typed into is often half a number).
  let goodHeight = null;
  function height() {
    const input = byId("embed-height");
    const value = Number(input.value);
    const ok =
      input.value.trim() !== "" &&
      Number.isInteger(value) &&
      value >= Number(input.min) &&
      value <= Number(input.max);
    byId("embed-height-error").hidden = ok;
    if (ok) {
      input.removeAttribute("aria-invalid");
      goodHeight = value;
    } else {
      input.setAttribute("aria-invalid", "true");
    }
    return goodHeight === null ? Number(option().dataset.height) : goodHeight;
  }

  // The embed's path and query, and the image's, for the choices made.
  function chosen() {
    const chart = option().value;
    const own = Number(option().dataset.height);
    const names = allowed();
    const shown = controlBoxes()
      .filter((box) => box.checked)
      .map((box) => box.value);
    const controls = names.filter((name) => shown.includes(name));
    const theme = builder.querySelector('input[name="embed-theme"]:checked').value;
    const tall = height();
    const sized = tall === own ? [] : ["height=" + tall];
    const look = [];
    if (controls.length < names.length) {
      look.push("controls=" + (controls.length ? controls.join(",") : "none"));
    }
    const readout = byId("embed-readout"); // absent where the embeds have no sentence
    if (readout && !readout.checked) look.push("readout=0");
    if (theme !== "auto") look.push("theme=" + theme);
    return {
      embed: withQuery("/embed/" + chart, withState(sized.concat(look))),
      // an image has no controls or readout, and is light unless asked dark
      image: withQuery("embed/" + chart + ".png", withState(theme === "dark" ? sized.concat(["theme=dark"]) : sized)),
      height: tall,
    };
  }

  // The server's code: its iframe line (app/pages/share.py iframe_code) and its script line.
  const serverCode = builder ? byId("share-iframe").defaultValue.split("\n") : [];

  // The server's iframe with another src, height and title.
  function frameCode(src, tall, title) {
    const holder = document.createElement("template");
    holder.innerHTML = serverCode[0];
    const frame = holder.content.querySelector("iframe");
    frame.setAttribute("src", src);
    frame.setAttribute("height", String(tall));
    frame.setAttribute("title", title);
    return frame.outerHTML;
  }

  let previewTimer = 0;
  function preview(src) {
    const frame = byId("embed-preview");
    if (!frame || !panel.open) return;
    clearTimeout(previewTimer);
    // at once the first time; then a moment after the last change (a height being typed)
    const wait = frame.getAttribute("src") ? 300 : 0;
    previewTimer = setTimeout(() => {
      if (frame.getAttribute("src") !== src) frame.setAttribute("src", src);
    }, wait);
  }

  function writeBuilder() {
    const made = chosen();
    const base = builder.dataset.base; // "http://host/"
    const code = byId("share-iframe");
    const tall = made.height + Number(builder.dataset.chrome);
    const src = base.replace(/\/$/, "") + made.embed;
    code.value = frameCode(src, tall, option().dataset.frameTitle) + "\n" + serverCode[1];
    const image = base + made.image;
    byId("share-image").value = image;
    const markdown = byId("share-markdown");
    markdown.value = markdown.dataset.template
      .replace("{title}", () => option().dataset.title)
      .replace("{url}", () => image);
    preview(made.embed);
  }

  // Another chart: its own controls and its own height.
  function chartChanged() {
    const names = allowed();
    controlBoxes().forEach((box) => {
      box.closest("label").hidden = !names.includes(box.value);
    });
    const set = byId("embed-controls");
    if (set) set.hidden = names.length === 0;
    byId("embed-still").hidden = names.length > 0;
    byId("embed-height").value = option().dataset.height;
    goodHeight = null;
  }

  function refresh() {
    const page = here();
    const url = byId("share-url");
    if (url) url.value = page.href;
    const oembed = byId("share-oembed");
    if (oembed) {
      oembed.value =
        location.origin + "/oembed?url=" + encodeURIComponent(page.href) + "&format=json";
    }
    if (builder) writeBuilder();
  }

  if (builder) {
    byId("embed-chart").addEventListener("change", () => {
      chartChanged();
      writeBuilder();
    });
    builder.addEventListener("input", (event) => {
      if (event.target.id !== "embed-chart") writeBuilder();
    });
  }
  if (panel) {
    document.addEventListener("sse:state", () => {
      state = location.search.slice(1);
      if (panel.open) refresh();
    });
    panel.addEventListener("toggle", refresh);
  }

  // The header's link: open the panel and take the reader (and the keyboard focus) there.
  function openPanel() {
    panel.open = true;
    const summary = byId("share-summary");
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }
  const jump = byId("share-jump");
  if (jump && panel) {
    jump.addEventListener("click", (event) => {
      event.preventDefault();
      openPanel();
    });
    if (location.hash === "#share-body") openPanel();
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    if (panel && panel.contains(button)) refresh();
    const field = byId(button.dataset.copy);
    field.select();
    const done = () => {
      button.textContent = window.sseT("Copied");
      setTimeout(() => {
        button.textContent = window.sseT("Copy");
      }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, () => document.execCommand("copy"));
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
