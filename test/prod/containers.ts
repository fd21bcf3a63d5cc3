// The production stack of deploy/compose.yaml, run outside containers: each service's command,
// environment and working directory come from the Compose file and its image's Dockerfile
// (scripts/lib/container), and its readiness is its own healthcheck command.
import { execFile, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type ComposeFile, readCompose, readEnvFile } from "../../scripts/lib/container/compose.ts";
import { commandOutsideContainer, imageOf, type OutsideCommand } from "../../scripts/lib/container/outside-container.ts";
import { freePort } from "../../scripts/lib/stack/ports.ts";
import { type Service, startService } from "../../scripts/lib/stack/service.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const DEPLOY_DIR = path.join(ROOT, "deploy");
export const COMPOSE_FILE = path.join(DEPLOY_DIR, "compose.yaml");

/** The Compose file read with env.example's variables, overridden by `variables` (an operator's `.env`). */
export function composeWith(variables: Record<string, string>): ComposeFile {
  return readCompose(COMPOSE_FILE, { ...readEnvFile(path.join(DEPLOY_DIR, "env.example")), ...variables });
}

export interface ProductionStack {
  compose: ComposeFile;
  /** `host:port` as the containers name it → where it runs here. */
  addresses: Record<string, string>;
}

/**
 * `service`'s command as its container runs it, listening on `port` (its first EXPOSEd port; any
 * other, such as an internal metrics listener, on a free one), with `env` changed (a refusal under test).
 */
export async function outside(
  stack: ProductionStack,
  service: string,
  port?: number,
  env: Record<string, string> = {},
): Promise<OutsideCommand> {
  const home = await mkdtemp(path.join(tmpdir(), `home-${service}-`));
  const others = imageOf(stack.compose, DEPLOY_DIR, service).expose.slice(1);
  const ports = port === undefined ? [] : [port, ...(await Promise.all(others.map(() => freePort())))];
  const command = commandOutsideContainer({
    compose: stack.compose,
    composeDir: DEPLOY_DIR,
    service,
    repoRoot: ROOT,
    addresses: stack.addresses,
    ports,
    home,
  });
  return { ...command, env: { ...command.env, ...env } };
}

const exec = promisify(execFile);

/** Whether the service's healthcheck command passes now, as Docker would run it. */
export async function healthy(command: OutsideCommand): Promise<boolean> {
  if (!command.healthcheck) throw new Error("no healthcheck");
  return exec(command.healthcheck.command, command.healthcheck.args, { cwd: command.cwd, env: command.env, timeout: 10_000 }).then(
    () => true,
    () => false,
  );
}

/** Starts a long-running service; resolves once its healthcheck passes. */
export function startOutside(name: string, command: OutsideCommand, timeoutMs = 90_000): Promise<Service> {
  return startService({
    name,
    command: command.command,
    args: command.args,
    cwd: command.cwd,
    env: command.env,
    timeoutMs,
    intervalMs: 250,
    ready: () => healthy(command),
  });
}

/** Runs a one-shot service (migrate) or a start that must fail: its exit code and everything it printed. */
export function runOutside(command: OutsideCommand, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // Its environment is exactly the container's: nothing of this process's is passed on.
    const child = spawn(command.command, command.args, { cwd: command.cwd, env: command.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
