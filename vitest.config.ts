import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: more workers than that only slows each in-process chain down.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: "node", include: ["test/**/*.test.ts"], exclude: [...configDefaults.exclude, "test/web/**"] },
      },
      {
        extends: true,
        // The browser tests share one `next build`, made before their files start (and only when
        // one of them runs); each file then starts its own stack on it.
        test: { name: "browser", include: ["test/web/**/*.test.ts"], globalSetup: ["test/web/global-setup.ts"] },
      },
    ],
  },
});
