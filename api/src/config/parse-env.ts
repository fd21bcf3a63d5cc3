// Reading a process's environment against a TypeBox schema: unset and empty variables take their
// defaults, text is converted to the schema's types, and every problem is reported at once.
import { type Static, type TObject, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";

export const LogLevel = Type.Union(
  ["fatal", "error", "warn", "info", "debug", "trace", "silent"].map((l) => Type.Literal(l)),
  { default: "info" },
);

export function parseEnv<T extends TObject>(schema: T, source: Record<string, unknown>): { env: Static<T>; problems: string[] } {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) if (source[key] !== undefined && source[key] !== "") raw[key] = source[key];
  const env = Value.Convert(schema, Value.Default(schema, raw));
  const problems = [...new Set([...Value.Errors(schema, env)].map((e) => `  ${e.path.slice(1) || "(root)"}: ${e.message}`))];
  return { env: env as Static<T>, problems };
}
