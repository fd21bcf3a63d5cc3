// The stack the browser tests run against: the dev stack (scripts/dev/stack.ts, as `pnpm dev` runs
// it) on free ports with its own state dir, serving the production build that global-setup.ts made
// once for every browser test file (`next start`). WEB_E2E_URL (with WEB_E2E_RPC_URL) points the
// tests at a stack that is already running instead (its bundler at BUNDLER_URL_31337 or `pnpm dev`'s);
// WEB_E2E_SKIP_BUILD=1 reuses the last build.
import { chmod, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { bundlerUrlOf } from "../../contracts/bundler.ts";
import { chains } from "../../contracts/chains.ts";
import { LOCAL_RPC_URL } from "../../contracts/rpc.ts";
import { devSettings, startDevStack } from "../../scripts/dev/stack.ts";
import { freePorts } from "../../scripts/lib/stack/ports.ts";
import { WEB_E2E_DIST_DIR } from "./dist-dir.ts";

export interface Stack {
  webUrl: string;
  rpcUrl: string;
  /** The bundler's JSON-RPC endpoint, when the stack was started with one. */
  bundlerUrl: string | null;
  stop: () => Promise<void>;
}

export interface StackOptions {
  /** Run the bundler (Alto) too: only for tests that send user operations, as it costs every file that starts it. */
  bundler?: boolean;
}

export async function startStack({ bundler: withBundler = false }: StackOptions = {}): Promise<Stack> {
  if (process.env.WEB_E2E_URL) {
    const bundlerUrl = withBundler ? (bundlerUrlOf(chains.local.chain.id, process.env) ?? null) : null;
    return {
      webUrl: process.env.WEB_E2E_URL,
      rpcUrl: process.env.WEB_E2E_RPC_URL ?? LOCAL_RPC_URL,
      bundlerUrl,
      stop: async () => undefined,
    };
  }
  const stateDir = await mkdtemp(path.join(tmpdir(), "web-e2e-"));
  await chmod(stateDir, 0o755); // the embedded server runs as the postgres user
  const [chain, bundler, postgres, indexer, api, web] = (await freePorts(6)) as [number, number, number, number, number, number];
  const settings = {
    ...devSettings(),
    stateDir,
    journal: false,
    ports: { chain, bundler, postgres, indexer, api, web },
    bundler: withBundler,
    webMode: "start" as const,
    webDistDir: WEB_E2E_DIST_DIR,
  };
  // The dev stack's progress, for the message if it fails.
  const output: string[] = [];
  const stack = await startDevStack(settings, (line) => output.push(line)).catch((error: Error) => {
    throw new Error(`${error.message}\n${output.slice(-40).join("\n")}`, { cause: error });
  });
  return { webUrl: stack.web.url, rpcUrl: stack.chain.url, bundlerUrl: stack.bundler?.url ?? null, stop: stack.stop };
}
