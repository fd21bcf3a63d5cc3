// Stands in for Ponder's virtual `ponder:registry` module when the indexer's handler files are loaded
// outside Ponder (handlers.ts maps the import here): `ponder.on` only records each handler.

/** A handler as the indexer's files register it; the baseline calls it with Ponder's event and context shapes. */
export type Handler = (args: { event: unknown; context: unknown }) => Promise<void>;

/** Handlers by Ponder's event key, `"<Contract>:<Event>"`. */
export const handlers = new Map<string, Handler>();

export const ponder = {
  on(key: string, handler: Handler) {
    if (handlers.has(key)) throw new Error(`two handlers for ${key}`);
    handlers.set(key, handler);
  },
};
