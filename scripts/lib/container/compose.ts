// The services of a Compose file as Compose itself reads them: YAML with merge keys (`<<: *anchor`),
// then `${VAR}`, `${VAR:-default}` and `${VAR:?error}` taken from the given variables (the `.env`
// beside it). Only the fields deploy/compose.yaml uses are typed.
import { readFileSync } from "node:fs";
import { parse } from "yaml";

export interface ComposeService {
  name: string;
  build?: { context: string; dockerfile: string };
  image?: string;
  entrypoint?: string[];
  command?: string[];
  working_dir?: string;
  environment: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }> | string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

export class InterpolationError extends Error {}

/** Compose's variable substitution on one value; `$$` is a literal `$`. */
export function interpolate(value: string, variables: Readonly<Record<string, string | undefined>>): string {
  return value.replace(/\$\$|\$\{(\w+)(?:(:?)([-?])([^}]*))?\}|\$(\w+)/g, (whole, braced, colon, op, arg, bare) => {
    if (whole === "$$") return "$";
    const name = braced ?? bare;
    const set = variables[name];
    const missing = set === undefined || (colon === ":" && set === "");
    if (op === "-") return missing ? arg : set!;
    if (op === "?" && missing) throw new InterpolationError(`${name}: ${arg || "required"}`);
    return set ?? "";
  });
}

function interpolateAll(node: unknown, variables: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof node === "string") return interpolate(node, variables);
  if (Array.isArray(node)) return node.map((n) => interpolateAll(n, variables));
  if (node && typeof node === "object") return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, variables)]));
  return node;
}

/** `environment` as a map or as a list of `NAME=value`, every value a string as the container sees it. */
function environmentOf(raw: unknown): Record<string, string> {
  if (!raw) return {};
  if (Array.isArray(raw))
    return Object.fromEntries(raw.map((entry: string) => [entry.split("=")[0]!, entry.slice(entry.indexOf("=") + 1)]));
  return Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k, v === null ? "" : String(v)]));
}

/** A Compose string command is split on whitespace, as Compose does for the simple cases we allow. */
const argvOf = (raw: unknown) => (raw === undefined ? undefined : Array.isArray(raw) ? raw.map(String) : String(raw).split(/\s+/));

export function readCompose(file: string, variables: Readonly<Record<string, string | undefined>>): ComposeFile {
  const document = parse(readFileSync(file, "utf8"), { merge: true }) as { services: Record<string, Record<string, unknown>> };
  const services: Record<string, ComposeService> = {};
  for (const [name, raw] of Object.entries(document.services)) {
    const s = interpolateAll(raw, variables) as Record<string, unknown>;
    const healthcheck = s.healthcheck as { test: string[] } | undefined;
    services[name] = {
      name,
      build: s.build as ComposeService["build"],
      image: s.image as string | undefined,
      entrypoint: argvOf(s.entrypoint),
      command: argvOf(s.command),
      working_dir: s.working_dir as string | undefined,
      environment: environmentOf(s.environment),
      healthcheck: healthcheck ? { test: healthcheck.test } : undefined,
      depends_on: s.depends_on as ComposeService["depends_on"],
    };
  }
  return { services };
}

/** `NAME=value` lines of an env file (Compose's `.env`), comments and blank lines skipped. */
export function readEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_]\w*)=(.*)$/.exec(line);
    if (match) out[match[1]!] = match[2]!.trim();
  }
  return out;
}
