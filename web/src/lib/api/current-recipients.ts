// Files sealed for an order's participants (evidence) must name exactly the ones the API knows
// now. A page can lag behind the chain: an arbitrator drawn or replaced since it last read the
// order. The API then answers KEYS_RECIPIENTS with the list it wants, and the file is sealed again.
import { ApiError } from "./client.ts";

/** The recipients the API asked for, when `error` is its KEYS_RECIPIENTS answer. */
function requiredRecipients(error: unknown): string[] | null {
  if (!(error instanceof ApiError) || error.code !== "KEYS_RECIPIENTS") return null;
  const required = (error.details as { required?: unknown } | null)?.required;
  return Array.isArray(required) && required.every((a) => typeof a === "string") ? required : null;
}

/** Runs `send` for the recipients this page knows; once more for the API's list if it disagrees. */
export async function sendToCurrentRecipients<T>(
  known: readonly string[],
  send: (recipients: readonly string[]) => Promise<T>,
  onStale: () => void,
): Promise<T> {
  try {
    return await send(known);
  } catch (error) {
    const required = requiredRecipients(error);
    if (!required) throw error;
    onStale();
    return send(required);
  }
}
