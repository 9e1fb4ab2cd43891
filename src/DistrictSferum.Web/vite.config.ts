import { defineConfig } from "vite";

// A static build the server serves on its web port; no inline scripts (the CSP forbids them).
export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true, modulePreload: { polyfill: false }, target: "es2022", assetsInlineLimit: 0 },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
});
