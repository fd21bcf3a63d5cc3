// What a Dockerfile's final stage hands its container: the working directory, the environment,
// the entrypoint and command, the user and the exposed ports. Only what the project's own
// Dockerfiles (deploy/*.Dockerfile) use is understood; anything else in the final stage's chain
// (a variable reference in ENV, a shell-form ENTRYPOINT) is an error rather than a guess, so the
// test that runs these commands cannot silently diverge from a real container.
import { readFileSync } from "node:fs";
import path from "node:path";

export interface ImageConfig {
  /** Absolute, inside the container. */
  workdir: string;
  env: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
  user: string | null;
  expose: number[];
}

interface Stage {
  name: string | null;
  /** The image or earlier stage it starts from. */
  from: string;
  instructions: { keyword: string; value: string }[];
}

/** Joins continuation lines, drops comments and parser directives. */
function instructionsOf(text: string): { keyword: string; value: string }[] {
  const joined = text.replace(/\\\r?\n/g, " ");
  const out: { keyword: string; value: string }[] = [];
  for (const line of joined.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    const match = /^(\S+)\s*(.*)$/.exec(trimmed)!;
    out.push({ keyword: match[1]!.toUpperCase(), value: match[2]!.trim() });
  }
  return out;
}

function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructionsOf(text)) {
    if (instruction.keyword === "FROM") {
      const words = instruction.value.split(/\s+/).filter((w) => !w.startsWith("--"));
      const alias = words.length >= 3 && words[1]!.toUpperCase() === "AS" ? words[2]! : null;
      stages.push({ name: alias, from: words[0]!, instructions: [] });
    } else stages.at(-1)?.instructions.push(instruction);
  }
  if (stages.length === 0) throw new Error("no FROM instruction");
  return stages;
}

/** ENTRYPOINT and CMD in exec form, the only form whose argv is the container's. */
function execForm(keyword: string, value: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error(`${keyword} ${value}: only the exec form (a JSON array) is supported`);
  }
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === "string"))
    throw new Error(`${keyword} ${value}: not an array of strings`);
  return parsed;
}

/** `ENV A=1 B=2` and the legacy `ENV A 1`; values must be literal. */
function envPairs(value: string): [string, string][] {
  if (value.includes("$")) throw new Error(`ENV ${value}: variable references are not supported`);
  if (!/^\w+=/.test(value)) {
    const [key, ...rest] = value.split(/\s+/);
    return [[key!, rest.join(" ")]];
  }
  return [...value.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S*)/g)].map((m) => [m[1]!, m[2]!.startsWith('"') ? JSON.parse(m[2]!) : m[2]!]);
}

function configOf(stages: Stage[], index: number): ImageConfig {
  const stage = stages[index]!;
  const parent = stages.findIndex((s, i) => i < index && s.name === stage.from);
  // An external base image: its own settings (PATH, …) are the machine's, outside a container.
  const config: ImageConfig =
    parent >= 0 ? structuredClone(configOf(stages, parent)) : { workdir: "/", env: {}, entrypoint: [], cmd: [], user: null, expose: [] };
  for (const { keyword, value } of stage.instructions) {
    if (keyword === "WORKDIR") config.workdir = path.posix.resolve(config.workdir, value);
    else if (keyword === "ENV") for (const [k, v] of envPairs(value)) config.env[k] = v;
    else if (keyword === "USER") config.user = value;
    else if (keyword === "EXPOSE") config.expose.push(...value.split(/\s+/).map((p) => Number.parseInt(p, 10)));
    else if (keyword === "ENTRYPOINT") {
      config.entrypoint = execForm(keyword, value);
      config.cmd = []; // Docker resets an inherited CMD when ENTRYPOINT is set
    } else if (keyword === "CMD") config.cmd = execForm(keyword, value);
  }
  return config;
}

/** The configuration of the image `file` builds (its last stage). */
export function readDockerfile(file: string): ImageConfig {
  const stages = stagesOf(readFileSync(file, "utf8"));
  return configOf(stages, stages.length - 1);
}
