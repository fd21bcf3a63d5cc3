// The indexer's chains and contracts come from the generated deployments module: every chain with
// a deployment is indexed, from the block its contracts were deployed in. The RPC URL of chain
// <id> comes from RPC_URL_<id>; the local chain defaults to the dev stack's node (contracts/rpc.ts).
import { chainById } from "@p2p-escrow/contracts/chains";
import { type ContractDeployment, contractOn, deployedChainIds, deployments as generated } from "@p2p-escrow/contracts/deployed";
import { readDeploymentsFile } from "@p2p-escrow/contracts/deployment-records";
import { arbitratorPoolAbi, escrowAbi } from "@p2p-escrow/contracts/deployments";
import { rpcUrlEnv, rpcUrlOf } from "@p2p-escrow/contracts/rpc";
import { createConfig } from "ponder";

// Tests index chains of their own making (other chain ids, fresh nodes) from a JSON file of the
// generated module's shape.
// Production indexes only what it is told to: a chain's RPC URL set explicitly (no dev node default)
// and a real PostgreSQL (never Ponder's embedded PGlite, which the API could not read).
const production = process.env.NODE_ENV === "production";
if (production && !process.env.DATABASE_URL) throw new Error("DATABASE_URL: required in production");

const deployments = process.env.INDEXER_DEPLOYMENTS_FILE ? readDeploymentsFile(process.env.INDEXER_DEPLOYMENTS_FILE) : generated;

// A local node answers as fast as it can, so its RPC URL starts at Ponder's own ceiling rather than
// the 20 requests a second Ponder starts every URL at (maxRequestsPerSecond is honoured by our patch
// of Ponder: patches/README.md). Remote providers keep Ponder's adaptive start.
const LOCAL_REQUESTS_PER_SECOND = 500;

const chains: Record<string, { id: number; rpc: string; disableCache?: boolean; maxRequestsPerSecond?: number }> = {};
const escrow: Record<string, ContractDeployment> = {};
const pool: Record<string, ContractDeployment> = {};

for (const chainId of deployedChainIds(deployments)) {
  const rpc = production ? process.env[rpcUrlEnv(chainId)] : rpcUrlOf(chainId, process.env);
  const e = contractOn(chainId, "P2PEscrow", deployments);
  const p = contractOn(chainId, "ArbitratorPool", deployments);
  if (!rpc || !e || !p) continue; // a deployed chain without an RPC URL cannot be indexed here
  const registered = chainById(chainId);
  const name = registered?.name ?? `chain${chainId}`;
  // A local chain is thrown away and rebuilt under the same chain id, so Ponder's RPC cache would
  // hand a fresh chain the old chain's logs: local chains are fetched fresh every time.
  const local = !registered || registered.kind === "local";
  chains[name] = { id: chainId, rpc, ...(local ? { disableCache: true, maxRequestsPerSecond: LOCAL_REQUESTS_PER_SECOND } : {}) };
  escrow[name] = e;
  pool[name] = p;
}

if (Object.keys(chains).length === 0) {
  throw new Error("no chain to index: deploy first, or set RPC_URL_<chainId> for a deployed chain");
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
