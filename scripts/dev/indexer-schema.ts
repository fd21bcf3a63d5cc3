import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Ponder refuses to resume a schema written by different indexing code, so each version of the
 * indexer (its sources and the deployments it reads) gets a schema of its own; the views schema
 * always points at the running one.
 */
export async function indexerSchema() {
  const hash = createHash("sha256");
  const files = ["indexer/ponder.config.ts", "indexer/ponder.schema.ts", "contracts/generated/deployments.ts"];
  for (const entry of await readdir(path.join(ROOT, "indexer/src"), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.push(path.relative(ROOT, path.join(entry.parentPath, entry.name)));
  }
  for (const file of files.sort()) hash.update(file).update(await readFile(path.join(ROOT, file)));
  return `indexer_${hash.digest("hex").slice(0, 12)}`;
}
