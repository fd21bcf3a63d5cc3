import { chmod, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RunningPostgres, startEmbeddedPostgres } from "../postgres.ts";
import { freePort } from "./hardhat-node.ts";

/** A real PostgreSQL server of the test's own, on a free port, with a throwaway data directory. */
export async function startTestPostgres(): Promise<RunningPostgres & { port: number; dataDir: string }> {
  const root = await mkdtemp(path.join(tmpdir(), "pg-test-"));
  // The server runs as the postgres user when the tests run as root; it must reach its directory.
  await chmod(root, 0o755);
  const dataDir = path.join(root, "data");
  const port = await freePort();
  const server = await startEmbeddedPostgres({ dataDir, port });
  return { ...server, port, dataDir };
}
