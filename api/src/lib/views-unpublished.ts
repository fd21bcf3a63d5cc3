// The indexer's views exist only once its views step has published a backfilled deployment. Until
// then a query over them fails with "undefined table" (or "invalid schema name" before the views
// schema exists): a state of the deployment, not a bug in the request nor in the API. /ready is
// false meanwhile, and a request that reaches the API anyway gets a 503 with retry-after.

/** SQLSTATE 42P01 undefined_table, 3F000 invalid_schema_name. */
const UNPUBLISHED = new Set(["42P01", "3F000"]);

/** Seconds a client is told to wait before retrying. */
export const VIEWS_RETRY_AFTER_SECONDS = 5;

/** Whether `error` is a query over the indexer's views failing because they are not published (yet). */
export const isViewsUnpublished = (error: unknown): boolean => UNPUBLISHED.has(String((error as { code?: unknown } | null)?.code));
