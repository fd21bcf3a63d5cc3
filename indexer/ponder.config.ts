// The indexer's chains and contracts come from the generated deployments module: every chain with
// a deployment is indexed, from the block its contracts were deployed in. The RPC URL of chain
// <id> comes from PONDER_RPC_URL_<id>; the local chain defaults to the dev stack's node.
import { readFileSync } from "node:fs";
import { chainById } from "@p2p-escrow/contracts/chains";
import { arbitratorPoolAbi, deployments as generated, escrowAbi } from "@p2p-escrow/contracts/deployments";
import { createConfig } from "ponder";

interface Deployment {
  contracts: { escrow?: { address: `0x${string}`; startBlock: number }; arbitratorPool?: { address: `0x${string}`; startBlock: number } };
}

const LOCAL_CHAIN_ID = 31337;

// Tests index chains of their own making (other chain ids, fresh nodes) from a JSON file of the
// same shape as the generated module's `deployments`.
const deployments: Record<string, Deployment> = process.env.INDEXER_DEPLOYMENTS_FILE
  ? JSON.parse(readFileSync(process.env.INDEXER_DEPLOYMENTS_FILE, "utf8"))
  : generated;

const chains: Record<string, { id: number; rpc: string; disableCache?: boolean }> = {};
const escrow: Record<string, { address: `0x${string}`; startBlock: number }> = {};
const pool: Record<string, { address: `0x${string}`; startBlock: number }> = {};

for (const [id, deployment] of Object.entries(deployments)) {
  const chainId = Number(id);
  const rpc =
    process.env[`PONDER_RPC_URL_${chainId}`] ?? (chainId === LOCAL_CHAIN_ID ? "http://127.0.0.1:8545" : undefined);
  const { escrow: e, arbitratorPool: p } = deployment.contracts;
  if (!rpc || !e || !p) continue; // a deployed chain without an RPC URL cannot be indexed here
  const registered = chainById(chainId);
  const name = registered?.name ?? `chain${chainId}`;
  // A local chain is thrown away and rebuilt under the same chain id, so Ponder's RPC cache would
  // hand a fresh chain the old chain's logs: local chains are fetched fresh every time.
  // (No request-rate setting: Ponder 0.16 ignores the deprecated `maxRequestsPerSecond`. Its own
  // limiter starts every RPC URL at 20 requests a second and has no override, local node or not.)
  const local = !registered || registered.kind === "local";
  chains[name] = { id: chainId, rpc, ...(local ? { disableCache: true } : {}) };
  escrow[name] = e;
  pool[name] = p;
}

if (Object.keys(chains).length === 0) {
  throw new Error("no chain to index: deploy first, or set PONDER_RPC_URL_<chainId> for a deployed chain");
}

export default createConfig({
  ordering: "multichain",
  database: process.env.DATABASE_URL ? { kind: "postgres", connectionString: process.env.DATABASE_URL } : undefined,
  chains,
  contracts: {
    P2PEscrow: { abi: escrowAbi, chain: escrow },
    ArbitratorPool: { abi: arbitratorPoolAbi, chain: pool },
  },
});
