// The one response envelope: `{ success: true, data }` or `{ success: false, error }`.
import { type TSchema, Type } from "@sinclair/typebox";

export const ErrorBody = Type.Object(
  {
    success: Type.Literal(false),
    error: Type.Object({
      code: Type.String({ examples: ["VALIDATION_FAILED"] }),
      message: Type.String(),
      details: Type.Unknown(),
    }),
  },
  { $id: "ErrorBody" },
);

/** The success envelope around a route's data schema. */
export const Ok = <T extends TSchema>(data: T) => Type.Object({ success: Type.Literal(true), data });

/** Wraps a handler's result in the success envelope. */
export const ok = <T>(data: T) => ({ success: true as const, data });

/** The error responses every route may give, for the OpenAPI document. */
export const errorResponses = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, Type.Ref(ErrorBody)]));
