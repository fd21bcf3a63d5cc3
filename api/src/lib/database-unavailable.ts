// A request that failed only because PostgreSQL could not be reached (stopped, restarting, or the
// connection dropped mid-query) is not a bug in the request nor in the API: it gets a 503 with
// retry-after, which a client or a load balancer retries, instead of a 500.

/** SQLSTATE classes: 08 connection exception, 57P operator intervention (shutdown, crash, starting up), 53 insufficient resources. */
const SQLSTATE_PREFIXES = ["08", "57P", "53"];
/** Socket errors of the pool's connection to the server. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH"]);
/** node-postgres raises these without a code when a connection ends or cannot be had. */
const MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/, /Client has encountered a connection error/];

/** Seconds a client is told to wait before retrying. */
export const DATABASE_RETRY_AFTER_SECONDS = 1;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (
      typeof code === "string" &&
      (SOCKET_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && SQLSTATE_PREFIXES.some((p) => code.startsWith(p))))
    )
      return true;
    if (MESSAGES.some((m) => m.test(e.message))) return true;
  }
  return false;
}
