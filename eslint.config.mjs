// eslint over static/js/ (make lint, and so CI). Our scripts are plain browser scripts, each an
// IIFE: no modules, no bundler. Plotly comes from the vendored bundle, SSE from static/js/core/
// and sse.js (the templates load them in order: templates/_partials.html client_scripts).
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["static/vendor/**"] },
  js.configs.recommended,
  {
    files: ["static/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser, Plotly: "readonly" },
    },
    rules: {
      "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
      "no-var": "error",
      "prefer-const": "error",
    },
  },
];
