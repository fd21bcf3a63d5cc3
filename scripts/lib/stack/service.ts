import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { stopProcess } from "../stop-process.ts";
import { WaitAborted, waitFor } from "../wait-for.ts";

export interface ServiceOptions {
  /** How messages name it: "Ponder", "the API". */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Appends its output to this file (the dev stack); without one, the output is kept in memory. */
  logFile?: string;
  /** Drops what it prints on stdout (the Hardhat node prints every request it serves there). */
  ignoreStdout?: boolean;
  /**
   * Runs it in its own process group: a terminal's Ctrl-C then reaches only the dev runner, which
   * stops the services in order.
   */
  detached?: boolean;
  /** Polled until true: the service is ready. Asked over HTTP, JSON-RPC or SQL, never read from its output. */
  ready: () => Promise<boolean>;
  timeoutMs?: number;
  intervalMs?: number;
}

export interface Service {
  process: ChildProcess;
  /** What it printed: all of it, or only the last part when it logs to a file. */
  output: () => string;
  /** Resolves with its exit code once it has exited (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Sends SIGTERM and resolves with the exit code once it has exited. */
  stop: () => Promise<number | null>;
  /** Sends SIGKILL, as a crash would. */
  kill: () => Promise<number | null>;
}

/** The service exited before it was ready. */
export class ServiceExited extends WaitAborted {
  readonly code: number | null;
  readonly output: string;

  constructor(message: string, code: number | null, output: string) {
    super(message);
    this.code = code;
    this.output = output;
  }
}

const LOGGED_TAIL_CHARS = 8_000;

/**
 * Spawns a long-running service and resolves once `ready` says so; fails at once if the service
 * exits first, and stops it if it does not get ready in time, so a failed start leaves nothing running.
 */
export async function startService(options: ServiceOptions): Promise<Service> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: options.detached ?? false,
    stdio: ["ignore", options.ignoreStdout ? "ignore" : "pipe", "pipe"],
  });
  let output = "";
  const log = options.logFile ? createWriteStream(options.logFile, { flags: "a" }) : undefined;
  const keep = (chunk: Buffer) => {
    output += chunk;
    if (log && output.length > 2 * LOGGED_TAIL_CHARS) output = output.slice(-LOGGED_TAIL_CHARS);
  };
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    // Both streams write to the one file, which closes once both have ended.
    if (log) stream.pipe(log, { end: false });
    stream.on("data", keep);
  }
  child.once("close", () => log?.end());
  let spawnError: Error | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", (error) => {
      spawnError = error;
      resolve(null);
    });
  });
  const stop = async (signal: NodeJS.Signals) => {
    if (!spawnError) await stopProcess(child, signal);
    return child.exitCode;
  };
  const service: Service = { process: child, output: () => output, exited, stop: () => stop("SIGTERM"), kill: () => stop("SIGKILL") };

  // Where to look when it fails: its log file, or what it printed.
  const seeOutput = () => (options.logFile ? `; see ${options.logFile}` : output ? `:\n${output.slice(-4000)}` : "");
  try {
    await waitFor(
      async () => {
        if (spawnError) throw new ServiceExited(`${options.name} could not start (${spawnError.message})`, null, output);
        const code = child.exitCode;
        if (code !== null) throw new ServiceExited(`${options.name} exited with ${code}${seeOutput()}`, code, output);
        return options.ready().catch(() => false);
      },
      {
        timeoutMs: options.timeoutMs ?? 60_000,
        intervalMs: options.intervalMs ?? 100,
        what: options.logFile ? `${options.name} (log: ${options.logFile})` : options.name,
      },
    );
  } catch (error) {
    await service.stop();
    if (error instanceof ServiceExited) throw error;
    throw new Error(`${(error as Error).message}${options.logFile ? "" : seeOutput()}`);
  }
  return service;
}
