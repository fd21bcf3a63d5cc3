import { spawn } from "node:child_process";

export interface CommandOptions {
  cwd: string;
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Each line it prints, as it prints it; without this, its last lines go into a failure's message. */
  onLine?: (line: string) => void;
}

const TAIL_LINES = 20;

/** Runs a command to completion; rejects naming its exit code and its last output on failure. */
export function runCommand(command: string, args: string[], options: CommandOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    const tail: string[] = [];
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        options.onLine?.(line);
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
      }
    };
    child.stdout.on("data", relay);
    child.stderr.on("data", relay);
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) return resolve();
      // Relayed lines are on screen already: the last one says enough.
      const last = options.onLine ? (tail.at(-1) ?? "") : `\n${tail.join("\n")}`;
      reject(new Error(`${command} exited with ${code}: ${last}`));
    });
  });
}
