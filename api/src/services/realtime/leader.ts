// Leader election across processes: a session-level advisory lock on a dedicated connection.
// Whoever holds it leads; if that connection drops, PostgreSQL releases the lock and another
// process takes over on its next attempt.
import pg from "pg";

export interface Leadership {
  /** True while this process holds the lock (tries to take it when it does not). */
  check(): Promise<boolean>;
  /**
   * Asks the server whether this process holds the lock right now (check() answers from memory
   * while the connection looks alive). Work that must not be done twice is fenced by it.
   */
  confirm(): Promise<boolean>;
  release(): Promise<void>;
}

export function advisoryLeadership(connectionString: string, lockKey: number, log: { warn(obj: object, msg: string): void }): Leadership {
  let client: pg.Client | null = null;
  let leading = false;

  const drop = () => {
    const old = client;
    client = null;
    leading = false;
    old?.end().catch(() => {});
  };

  return {
    async check() {
      if (leading && client) return true;
      try {
        if (!client) {
          const next = new pg.Client({ connectionString });
          next.on("error", (err) => {
            log.warn({ err }, "leader lock connection failed");
            if (client === next) drop();
          });
          next.on("end", () => {
            if (client === next) drop();
          });
          client = next;
          await next.connect();
        }
        const result = await client.query<{ ok: boolean }>("select pg_try_advisory_lock($1) as ok", [lockKey]);
        leading = result.rows[0]?.ok === true;
        return leading;
      } catch (err) {
        log.warn({ err }, "leader election failed");
        drop();
        return false;
      }
    },
    async confirm() {
      if (!leading || !client) return false;
      try {
        // A session-level lock lives as long as its session: one read on that session settles it.
        const result = await client.query<{ held: boolean }>(
          `select exists (select 1 from pg_locks where locktype = 'advisory' and granted and pid = pg_backend_pid()
             and objsubid = 1 and ((classid::bigint << 32) | objid::bigint) = $1) as held`,
          [lockKey],
        );
        if (result.rows[0]?.held === true) return true;
      } catch (err) {
        log.warn({ err }, "leader lock check failed");
      }
      drop();
      return false;
    },
    async release() {
      const old = client;
      client = null;
      leading = false;
      await old?.end().catch(() => {});
    },
  };
}
