// ESLint for the TypeScript tree: the recommended rules of ESLint and typescript-eslint (syntax
// only, no type information, so it stays fast); formatting is prettier's.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "**/node_modules/", ".build/", ".ci-out/", "policy/node_modules/", "policy/dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Node scripts in CommonJS.
  { files: ["**/*.js", "**/*.cjs"], languageOptions: { sourceType: "commonjs" }, rules: { "@typescript-eslint/no-require-imports": "off" } },
  // Tests inspect rendered objects of any shape, and load the program afresh with require.
  { files: ["**/*.test.ts", "test/**/*.ts", "policy/test/**/*.ts"], rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-require-imports": "off" } },
  {
    // An underscore marks what is left unused on purpose; a rest sibling drops the named keys.
    rules: { "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true }] },
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
        Buffer: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        URL: "readonly",
      },
    },
  },
);
