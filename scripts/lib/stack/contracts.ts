import path from "node:path";
import { runCommand } from "./command.ts";
import { localRpcUrlEnv } from "./rpc-env.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** `hardhat build`: compiles what changed. */
export function buildContracts({ onLine }: { onLine?: (line: string) => void } = {}) {
  return runCommand(path.join(ROOT, "node_modules/.bin/hardhat"), ["build", "--quiet"], { cwd: ROOT, onLine });
}

export interface DeployOptions {
  /** The local chain's node. */
  rpcUrl: string;
  /**
   * Where the deployment record goes. Unless given, deployments/ of the repository, and
   * contracts/generated/deployments.ts is regenerated from it.
   */
  deploymentsDir?: string;
  onLine?: (line: string) => void;
}

/** Deploys the stack to the local chain with the real deploy script (`scripts/deploy.ts`). */
export function deployContracts(options: DeployOptions) {
  const args = ["scripts/deploy.ts", "--chain", "local", ...(options.deploymentsDir ? ["--deployments-dir", options.deploymentsDir] : [])];
  return runCommand("node", args, { cwd: ROOT, env: localRpcUrlEnv(options.rpcUrl), onLine: options.onLine });
}
