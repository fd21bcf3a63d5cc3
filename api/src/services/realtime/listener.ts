// The process's one LISTEN connection. A notice only says which ids (and rooms) are new; the events
// themselves are read back from the log, so the NOTIFY payload limit never matters. Notices are
// handled one at a time, in order. After a dropped connection it reconnects with backoff and
// replays whatever was published meanwhile, so local sockets miss nothing.
import type { Kysely } from "kysely";
import pg from "pg";
import type { Database } from "../../db/database.ts";
import { eventsAfter, latestEventId } from "./events.ts";
import type { RoomHub } from "./hub.ts";
import { REALTIME_CHANNEL, type RealtimeNotice } from "./publish.ts";

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 10_000;
const PAGE = 1_000;
/** How the connection shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = "p2p-escrow-realtime";

export interface ListenerLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RealtimeListener {
  /** Resolves once LISTEN is active the first time. */
  ready: Promise<void>;
  /** Whether LISTEN is active right now. */
  listening(): boolean;
  stop(): Promise<void>;
}

export function startRealtimeListener(options: {
  connectionString: string;
  db: Kysely<Database>;
  hub: RoomHub;
  log: ListenerLog;
}): RealtimeListener {
  const { connectionString, db, hub, log } = options;
  let client: pg.Client | null = null;
  let active = false;
  let stopped = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  /** Every event up to this id was handed to the hub (or belonged to rooms nobody here joined). */
  let seen: string | null = null;
  let queue: Promise<void> = Promise.resolve();
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));

  /** Hands the hub every event in (seen, upTo] of the local rooms (of `only`, when given). */
  const deliverUpTo = async (upTo: string, only?: string[]) => {
    if (seen !== null && BigInt(upTo) <= BigInt(seen)) return;
    const rooms = (only ?? hub.rooms()).filter((room) => hub.has(room));
    let after = seen ?? upTo;
    for (;;) {
      const events = await eventsAfter(db, rooms, after, { upTo, limit: PAGE });
      for (const event of events) hub.dispatch(event);
      if (events.length < PAGE) break;
      after = events.at(-1)!.id;
    }
    seen = upTo;
  };

  const enqueue = (work: () => Promise<void>) => {
    queue = queue.then(work).catch((err) => log.error({ err }, "realtime delivery failed"));
  };

  const onNotice = (raw: string | undefined) => {
    let notice: RealtimeNotice;
    try {
      notice = JSON.parse(raw ?? "") as RealtimeNotice;
      if (!/^[0-9]+$/.test(notice.maxId)) throw new Error("no maxId");
    } catch (err) {
      log.warn({ err, raw }, "ignored a malformed realtime notice");
      return;
    }
    // A notice listing its rooms only needs those rooms read; a truncated one needs all local rooms.
    enqueue(() => deliverUpTo(notice.maxId, notice.rooms));
  };

  const scheduleReconnect = () => {
    if (stopped || retryTimer) return;
    active = false;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt++);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
    retryTimer.unref();
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString, application_name: LISTENER_APPLICATION_NAME });
    client = next;
    next.on("error", (err) => {
      log.warn({ err }, "realtime LISTEN connection failed; reconnecting");
      next.end().catch(() => {});
      if (client === next) scheduleReconnect();
    });
    next.on("end", () => {
      if (client === next) scheduleReconnect();
    });
    next.on("notification", (message) => {
      if (message.channel === REALTIME_CHANNEL) onNotice(message.payload);
    });
    try {
      await next.connect();
      // The first time, where the log stands before LISTEN: an event published between this read
      // and LISTEN sends its notice to nobody, so the catch-up below must deliver it, not skip it.
      const before = seen === null ? await latestEventId(db) : null;
      await next.query(`LISTEN ${REALTIME_CHANNEL}`);
      if (stopped) return void (await next.end().catch(() => {}));
      active = true;
      attempt = 0;
      // Listening now: whatever was published before this point is read from the log, later
      // events arrive as notices (queued behind this), and `seen` keeps the two from overlapping.
      enqueue(async () => {
        try {
          if (seen === null) seen = before;
          await deliverUpTo(await latestEventId(db));
          resolveReady();
        } catch (err) {
          log.warn({ err }, "realtime catch-up failed; reconnecting");
          await next.end().catch(() => {}); // its "end" schedules the retry
        }
      });
    } catch (err) {
      log.warn({ err }, "realtime LISTEN connection could not start; retrying");
      next.removeAllListeners("end");
      next.end().catch(() => {});
      if (client === next) scheduleReconnect();
    }
  };

  void connect();

  return {
    ready,
    listening: () => active,
    async stop() {
      stopped = true;
      active = false;
      if (retryTimer) clearTimeout(retryTimer);
      const last = client;
      client = null;
      await last?.end().catch(() => {});
      await queue;
    },
  };
}
