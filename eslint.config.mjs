// ESLint for the site's own scripts (docs/assets/javascripts): the recommended rules, plus those that catch what a
// review of these scripts found. They are classic browser scripts sharing window.PMO (pmo-common.js first), not
// modules; vendored libraries (docs/assets/vendor) are not ours to lint.
import js from "@eslint/js";
import globals from "globals";

export default [
  {ignores: ["docs/assets/vendor/**", "site/**", "site.*/**", ".venv/**", "node_modules/**", "tests/**"]},
  js.configs.recommended,
  {
    files: ["docs/assets/javascripts/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {...globals.browser},
    },
    rules: {
      "eqeqeq": "error",
      "no-implicit-globals": "error",
      "no-shadow": "error",
      "no-unused-vars": ["error", {args: "after-used", caughtErrors: "none"}],
      "no-use-before-define": ["error", {functions: false}],
      "strict": ["error", "function"],
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-script-url": "error",
    },
  },
];
