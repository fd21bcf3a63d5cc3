/**
 * The PostgreSQL schema holding views onto the live indexer's tables (`ponder start
 * --views-schema`). Readers such as the API query `indexer.orders`, `indexer.order_events`, …
 * and never see which deployment schema is live behind them.
 */
export const INDEXER_VIEWS_SCHEMA = "indexer";
