// Resilience benchmark (`pnpm bench:resilience`): the scenario of test/api/resilience.test.ts
// (scripts/lib/harness/resilience.ts) under a heavier load, on three API processes, the indexer and
// a keeper as OS processes. Records the load, the recovery after each fault and any violation into
// bench/resilience.json. Figures from a shared, noisy machine: the bounds matter, not the decimals.
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import path from "node:path";
import { devPrivateKey } from "./dev/accounts.ts";
import { startProcessStack } from "./lib/harness/process-stack.ts";
import { runResilience } from "./lib/harness/resilience.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const options = {
  readers: Number(process.env.BENCH_READERS ?? 8),
  conversations: Number(process.env.BENCH_CONVERSATIONS ?? 4),
  followers: Number(process.env.BENCH_FOLLOWERS ?? 20),
  settleMs: Number(process.env.BENCH_SETTLE_MS ?? 5_000),
  readyBoundMs: 60_000,
};
const log = (line: string) => console.log(line);

log("starting a Hardhat node, PostgreSQL, the indexer, three API processes and a keeper");
const stack = await startProcessStack({ apis: 3, keeperKeys: [devPrivateKey(9)], apiEnv: { INDEXER_WATCHER_ELECTION_MS: "200" } });
try {
  const report = await runResilience(stack, { ...options, log });
  const result = { machine: { cpus: cpus().length }, load: options, ...report };
  await mkdir(path.join(ROOT, "bench"), { recursive: true });
  await writeFile(path.join(ROOT, "bench/resilience.json"), `${JSON.stringify(result, null, 2)}\n`);
  log("\nbench/resilience.json written");
  log(
    `  ${report.requests.total} requests (${report.requests.perSecond}/s, p99 ${report.requests.p99Ms} ms) over ${report.durationSeconds} s`,
  );
  for (const fault of report.faults) log(`  ${fault.fault}: ready again after ${fault.readyAgainMs} ms`);
  log(report.violations.length === 0 ? "  no violation" : `  VIOLATIONS:\n    ${report.violations.join("\n    ")}`);
  if (report.violations.length > 0) process.exitCode = 1;
} finally {
  await stack.stop();
}
