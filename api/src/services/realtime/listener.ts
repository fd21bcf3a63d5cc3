// The process's one LISTEN connection. A notice only says which rooms have new events; the events
// themselves are read back from the log, so the NOTIFY payload limit never matters. Each room joined
// here has its own watermark (hub.ts): a room's events commit in id order, but rooms commit side by
// side (publish.ts), so one watermark for all would skip an earlier id of one room committed after a
// later id of another. Work is done one step at a time, in order. After a dropped connection it
// reconnects with backoff and replays whatever was published meanwhile, so local sockets miss nothing.
import type { Kysely } from "kysely";
import pg from "pg";
import type { Database } from "../../db/database.ts";
import { eventsAfterEach, latestEventIdIn } from "./events.ts";
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
  /**
   * Resolves once this process LISTENs and has read where the room's log stands: every later event
   * of the room reaches the hub, in id order, once. Call it after joining the room in the hub.
   */
  follow(room: string): Promise<void>;
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
  let queue: Promise<void> = Promise.resolve();
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));

  /** Hands the hub every event after each room's watermark, of the local rooms (of `only`, when given). */
  const deliver = async (only?: string[]) => {
    for (;;) {
      const marks = (only ?? hub.rooms()).flatMap((room) => {
        const after = hub.seen(room);
        return after === null ? [] : [{ room, after }];
      });
      const events = await eventsAfterEach(db, marks, PAGE);
      for (const event of events) hub.dispatch(event);
      if (events.length < PAGE) return;
    }
  };

  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const done = queue.then(work);
    queue = done.then(
      () => {},
      (err) => log.error({ err }, "realtime delivery failed"),
    );
    return done;
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
    void enqueue(() => deliver(notice.rooms)).catch(() => {});
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
      await next.query(`LISTEN ${REALTIME_CHANNEL}`);
      if (stopped) return void (await next.end().catch(() => {}));
      active = true;
      attempt = 0;
      // Listening now: whatever was published before this point (while a dropped connection was
      // down) is read from the log, later events arrive as notices (queued behind this), and the
      // watermarks keep the two from overlapping.
      void enqueue(async () => {
        try {
          await deliver();
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
    async follow(room) {
      await ready;
      // Queued, so the room's first watermark and its deliveries never interleave. An event of the
      // room committing later has a higher id than any it has now (publish.ts), so nothing falls
      // between this read and the notices.
      await enqueue(async () => {
        if (hub.has(room) && hub.seen(room) === null) hub.track(room, BigInt(await latestEventIdIn(db, room)));
      });
    },
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
