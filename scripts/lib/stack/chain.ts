import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { createPublicClient, http, type PublicClient } from "viem";
import { freePort } from "./ports.ts";
import { startService } from "./service.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface HardhatNodeOptions {
  /** A free one unless given. */
  port?: number;
  /** Hardhat's default (31337) unless given. */
  chainId?: number;
  /** The date of block 0: a journaled chain replays into a node with its original genesis date. */
  initialDate?: Date;
  /** Its own process group (see ServiceOptions.detached). */
  detached?: boolean;
  /** Drops the line the node prints for every request it serves. */
  quiet?: boolean;
  /** How long its start may take; startService's default unless given. */
  timeoutMs?: number;
}

export interface HardhatNode {
  url: string;
  chainId: number;
  /** A client of the node that fails at once rather than retry. */
  client: PublicClient;
  process: ChildProcess;
  /** What the node printed: one line per JSON-RPC method it served (unless quiet), among others. */
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `hardhat node` on 127.0.0.1 and resolves once it answers eth_chainId. */
export async function startHardhatNode(options: HardhatNodeOptions = {}): Promise<HardhatNode> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const client = createPublicClient({ transport: http(url, { retryCount: 0 }) });
  let chainId = 0;
  const node = await startService({
    name: "the Hardhat node",
    command: path.join(ROOT, "node_modules/.bin/hardhat"),
    args: ["node", "--hostname", "127.0.0.1", "--port", String(port)],
    cwd: ROOT,
    env: {
      ...process.env,
      ...(options.chainId ? { HARDHAT_CHAIN_ID: String(options.chainId) } : {}),
      ...(options.initialDate ? { HARDHAT_INITIAL_DATE: options.initialDate.toISOString() } : {}),
    },
    detached: options.detached,
    ignoreStdout: options.quiet,
    timeoutMs: options.timeoutMs,
    ready: async () => {
      chainId = await client.getChainId();
      return true;
    },
  });
  return {
    url,
    chainId,
    client,
    process: node.process,
    output: node.output,
    stop: async () => void (await node.stop()),
  };
}

/**
 * Sets the node's interval mining: besides mining each transaction at once (automine), a block
 * every `intervalMs`, as a real chain has, so confirmations, randomness and deadlines move on with
 * nobody sending a transaction. 0 turns it off.
 */
export async function setIntervalMining(client: PublicClient, intervalMs: number) {
  await client.request({ method: "evm_setIntervalMining", params: [intervalMs] } as never);
}
