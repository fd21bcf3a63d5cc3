// Request validation. Query strings and path parameters arrive as text, so their numbers are
// coerced; JSON bodies are typed already, so a wrong type there is an error, never coerced.
//
// Before any schema, every string of the part (values and keys, at any depth) must be text
// PostgreSQL can hold: no NUL character (text and jsonb refuse it) and no unpaired UTF-16 surrogate
// (jsonb refuses its escape; text would silently store U+FFFD instead). Checked here once, every
// route is covered, including a field no schema constrains.
import { Ajv, type ErrorObject, type Options } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const common: Options = { removeAdditional: false, useDefaults: true, allErrors: true, strict: false };
const strict = addFormats(new Ajv({ ...common, coerceTypes: false }));
const coercing = addFormats(new Ajv({ ...common, coerceTypes: "array" }));

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storable = (text: string) => !text.includes("\0") && !UNPAIRED_SURROGATE.test(text);
const pointer = (path: string, key: string | number) => `${path}/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`;

const textError = (instancePath: string, message: string): ErrorObject => ({
  instancePath,
  schemaPath: "#/text",
  keyword: "text",
  params: {},
  message,
});

/**
 * The first string in `value` PostgreSQL cannot store, as a validation error; null when there is
 * none. Iterative: a body may nest deeper than the call stack goes.
 */
export function unstorableText(value: unknown): ErrorObject | null {
  const pending: [unknown, string][] = [[value, ""]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, path] = next;
    if (typeof item === "string") {
      if (!storable(item)) return textError(path, "must not contain NUL or unpaired surrogates");
    } else if (typeof item === "object" && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        if (!storable(key)) return textError(path, "must not have a key with NUL or unpaired surrogates");
        pending.push([child, pointer(path, key)]);
      }
    }
  }
  return null;
}

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const validate = (httpPart === "body" ? strict : coercing).compile(schema);
  const checked: Validate = (data) => {
    const bad = unstorableText(data);
    if (bad) {
      checked.errors = [bad];
      return false;
    }
    const valid = validate(data) as boolean;
    checked.errors = validate.errors ?? null;
    return valid;
  };
  return checked as ReturnType<FastifySchemaCompiler<object>>;
};
