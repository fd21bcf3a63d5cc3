import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit and component tests of the web app (the browser end-to-end tests live in test/web/ at the
// repository root, next to the other cross-package suites).
export default defineConfig({
  oxc: { jsx: { runtime: "automatic" } },
  // The `@/` alias of tsconfig.json, which Next resolves by itself.
  resolve: { alias: { "@/": `${path.join(import.meta.dirname, "src")}/` } },
  test: {
    root: import.meta.dirname,
    include: ["test/**/*.test.{ts,tsx}"],
    testTimeout: 30_000,
    maxWorkers: 2,
  },
});
