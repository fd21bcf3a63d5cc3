/**
 * The PostgreSQL schema holding views onto the live indexer's tables (`ponder start
 * --views-schema`). Readers such as the API query its `orders`, `order_events`, … views and never
 * see which deployment schema is live behind them; the API takes this name as its default.
 */
export const INDEXER_VIEWS_SCHEMA = "indexer";
