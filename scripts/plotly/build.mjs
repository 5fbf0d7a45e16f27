// Builds the two plotly.js bundles the pages load (see scripts/build-plotly, which installs the
// pinned plotly.js and esbuild and runs this from that scratch directory):
//   node build.mjs <node_modules dir> <entry dir> <output dir>
// Each bundle is plotly.js's own core plus only the trace types our figures use, minified as an
// IIFE that sets window.Plotly. Like plotly.js's dist bundles, attribute descriptions (the text of
// its schema docs, unused at run time) are stripped. Writes the bundles, a third-party licence
// file listing every npm package that ends up in them, and a BUILD.json with the exact versions.
import fs from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";

const [modules, entries, out] = process.argv.slice(2).map((p) => path.resolve(p));
const plotly = JSON.parse(fs.readFileSync(path.join(modules, "plotly.js/package.json"), "utf8"));
const version = plotly.version;

const BUNDLES = [
  { entry: "entry-basic.js", file: `plotly-sse-basic-${version}.min.js`, traces: "scatter, bar" },
  {
    entry: "entry-contour.js",
    file: `plotly-sse-contour-${version}.min.js`,
    traces: "scatter, bar, contour",
  },
];

// like plotly.js's own dist builds: drop the `description`, `requiredOpts`, `otherOpts`, `role`
// and `hrName` entries of its attribute objects (schema docs, unused at run time). A small
// scanner, not a regex: it skips the value expression through strings, comments and brackets
// up to the next `,` or `}` at its own depth.
const META_KEY = /([{,]\s*)(description|requiredOpts|otherOpts|role|hrName)\s*:/g;
function valueEnd(text, i) {
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"' || c === "`") {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === "\\" ? 2 : 1;
    } else if (c === "/" && text[i + 1] === "/") {
      i = text.indexOf("\n", i);
      if (i < 0) return text.length;
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2) + 1;
    } else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      if (depth === 0) return i;
      depth--;
    } else if (c === "," && depth === 0) return i + 1;
    i++;
  }
  return i;
}
function stripMetaKeys(text) {
  let out = "";
  let last = 0;
  META_KEY.lastIndex = 0;
  for (let m = META_KEY.exec(text); m; m = META_KEY.exec(text)) {
    if (m.index < last) continue;
    const keyStart = m.index + m[1].length;
    const end = valueEnd(text, m.index + m[0].length);
    out += text.slice(last, keyStart);
    last = end;
    META_KEY.lastIndex = end;
  }
  return out + text.slice(last);
}

const stripMeta = {
  name: "strip-meta",
  setup(build) {
    build.onLoad({ filter: /[\\/]plotly\.js[\\/]src[\\/].*\.js$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, "utf8");
      return {
        contents: stripMetaKeys(text),
        loader: "js",
      };
    });
    // plotly.js pulls in maplibre's CSS only for map traces, which these bundles do not register
    build.onResolve({ filter: /\.css$/ }, (args) => ({ path: args.path, namespace: "no-css" }));
    build.onLoad({ filter: /.*/, namespace: "no-css" }, () => ({ contents: "", loader: "js" }));
  },
};

function packageOf(input) {
  const parts = input.split("node_modules/").pop().split("/");
  return parts[0].startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

const LICENCE_FILES = ["LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "license", "license.md"];
function licenceText(dir) {
  for (const name of LICENCE_FILES) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  }
  return null;
}

const packages = new Map();
const built = [];
for (const bundle of BUNDLES) {
  const banner =
    `/*! plotly.js v${version} (MIT, Plotly Technologies Inc.): a partial build with the ` +
    `${bundle.traces} traces, made by sse-explainer's scripts/build-plotly with esbuild ` +
    `${esbuild.version}. Licences: plotly.js-${version}.LICENSE.txt and ` +
    `plotly-sse-${version}.THIRD-PARTY.txt beside this file. */`;
  const result = await esbuild.build({
    entryPoints: [path.join(entries, bundle.entry)],
    nodePaths: [modules],
    bundle: true,
    minify: true,
    format: "iife",
    globalName: "Plotly",
    target: "es2016",
    define: { global: "window", "process.env.NODE_DEBUG": "false" },
    legalComments: "none",
    banner: { js: banner },
    plugins: [stripMeta],
    metafile: true,
    outfile: path.join(out, bundle.file),
    write: false,
    logLevel: "warning",
  });
  const js = result.outputFiles.find((f) => f.path.endsWith(".js"));
  fs.writeFileSync(path.join(out, bundle.file), js.contents);
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.includes("node_modules/")) packages.set(packageOf(input), null);
  }
  built.push({ file: bundle.file, traces: bundle.traces, bytes: js.contents.length });
}

const sections = [];
const versions = {};
for (const name of [...packages.keys()].sort()) {
  const dir = path.join(modules, name);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  versions[name] = meta.version;
  const author = typeof meta.author === "object" ? meta.author.name : meta.author;
  const text =
    licenceText(dir) ||
    `No licence file in the package; its package.json says "license": "${meta.license}"` +
      (author ? `, "author": "${author}"` : "") +
      ` (see https://www.npmjs.com/package/${name}/v/${meta.version}).`;
  sections.push(`${name} ${meta.version} (${meta.license})\n${"=".repeat(60)}\n${text}\n`);
}
fs.writeFileSync(
  path.join(out, `plotly-sse-${version}.THIRD-PARTY.txt`),
  "Packages bundled into plotly-sse-*-" +
    version +
    ".min.js, with their licences (from each npm package as installed).\n\n" +
    sections.join("\n")
);
fs.writeFileSync(
  path.join(out, `plotly-sse-${version}.BUILD.json`),
  JSON.stringify({ esbuild: esbuild.version, bundles: built, packages: versions }, null, 2) + "\n"
);
for (const b of built) console.log(`${b.file}: ${b.bytes} bytes (${b.traces})`);
