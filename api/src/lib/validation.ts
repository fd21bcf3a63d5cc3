// Request validation. Query strings and path parameters arrive as text, so their numbers are
// coerced; JSON bodies are typed already, so a wrong type there is an error, never coerced.
import { Ajv, type Options } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const common: Options = { removeAdditional: false, useDefaults: true, allErrors: true, strict: false };
const strict = addFormats(new Ajv({ ...common, coerceTypes: false }));
const coercing = addFormats(new Ajv({ ...common, coerceTypes: "array" }));

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === "body" ? strict : coercing).compile(schema) as ReturnType<FastifySchemaCompiler<object>>;
