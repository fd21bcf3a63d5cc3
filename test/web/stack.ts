// The stack the browser tests run against: `pnpm dev` (scripts/dev.ts) on free ports with its own
// state dir, serving a production build of the web app (`next build` once, then `next start`).
// WEB_E2E_URL (with WEB_E2E_RPC_URL) points the tests at a stack that is already running instead.
import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { LOCAL_RPC_URL } from "../../contracts/rpc.ts";
import { freePort } from "../../scripts/lib/harness/hardhat-node.ts";
import { waitFor } from "../../scripts/lib/wait-for.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
/**
 * The tests' own build output (under web/), so a `next dev` running meanwhile (the dev-stack test,
 * a developer's `pnpm dev`) cannot replace the chunks this build serves.
 */
const DIST_DIR = ".next-e2e";

export interface Stack {
  webUrl: string;
  rpcUrl: string;
  stop: () => Promise<void>;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let tail = "";
    const keep = (d: Buffer) => (tail = (tail + d).slice(-4000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${tail}`))));
  });
}

export async function startStack(): Promise<Stack> {
  if (process.env.WEB_E2E_URL) {
    return { webUrl: process.env.WEB_E2E_URL, rpcUrl: process.env.WEB_E2E_RPC_URL ?? LOCAL_RPC_URL, stop: async () => undefined };
  }
  if (process.env.WEB_E2E_SKIP_BUILD !== "1") {
    // Vitest sets NODE_ENV=test, under which `next build` cannot prerender its error pages.
    await run(path.join(ROOT, "web/node_modules/.bin/next"), ["build"], path.join(ROOT, "web"), { NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", WEB_DIST_DIR: DIST_DIR });
  }
  const stateDir = await mkdtemp(path.join(tmpdir(), "web-e2e-"));
  await chmod(stateDir, 0o755); // the embedded server runs as the postgres user
  const [chain, postgres, indexer, api, web] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const child: ChildProcess = spawn("node", ["scripts/dev.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DEV_STATE_DIR: stateDir,
      DEV_CHAIN_PORT: String(chain),
      DEV_POSTGRES_PORT: String(postgres),
      DEV_INDEXER_PORT: String(indexer),
      DEV_API_PORT: String(api),
      DEV_WEB_PORT: String(web),
      DEV_WEB_MODE: "start",
      WEB_DIST_DIR: DIST_DIR,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`pnpm dev exited:\n${output.slice(-3000)}`);
      return output.includes("\nready\n");
    },
    { timeoutMs: 240_000, intervalMs: 250, what: "pnpm dev to be ready" },
  );
  return {
    webUrl: `http://localhost:${web}`,
    rpcUrl: `http://127.0.0.1:${chain}`,
    stop: async () => {
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
