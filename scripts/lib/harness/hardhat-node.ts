import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { createPublicClient, http } from "viem";
import { stopProcess } from "../stop-process.ts";
import { WaitAborted, waitFor } from "../wait-for.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** A port the OS just confirmed free on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface HardhatNode {
  url: string;
  process: ChildProcess;
  /** What the node printed: one line per JSON-RPC method it served, among others. */
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `hardhat node` on a free port and resolves once it answers JSON-RPC. */
export async function startHardhatNode({ chainId }: { chainId?: number } = {}): Promise<HardhatNode> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(path.join(ROOT, "node_modules/.bin/hardhat"), ["node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: ROOT,
    env: { ...process.env, ...(chainId ? { HARDHAT_CHAIN_ID: String(chainId) } : {}) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const client = createPublicClient({ transport: http(url, { retryCount: 0 }) });
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new WaitAborted(`hardhat node exited with ${child.exitCode}`);
        return client.getChainId();
      },
      { what: `hardhat node on ${url}` },
    );
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    url,
    process: child,
    output: () => output,
    stop: () => stopProcess(child),
  };
}
