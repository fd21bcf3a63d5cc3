import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { WaitAborted, waitFor } from "../lib/wait-for.ts";

export interface ServiceOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where its output goes (appended). */
  logFile: string;
  /** Polled until true: the service is ready. */
  ready: () => Promise<boolean>;
  timeoutMs?: number;
}

/**
 * Starts a long-running service of the dev stack in its own process group (a terminal's Ctrl-C
 * reaches only the runner, which stops services in order), logging to a file, and waits until it
 * is ready; fails at once, pointing at the log, if it exits first.
 */
export async function startService(options: ServiceOptions): Promise<ChildProcess> {
  const log = createWriteStream(options.logFile, { flags: "a" });
  const child = spawn(options.command, options.args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new WaitAborted(`${options.name} exited with ${child.exitCode}; see ${options.logFile}`);
      return options.ready().catch(() => false);
    },
    { timeoutMs: options.timeoutMs ?? 60_000, intervalMs: 250, what: `${options.name} (log: ${options.logFile})` },
  );
  return child;
}
