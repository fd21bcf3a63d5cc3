// The fan-out benchmark's publisher, in a process of its own (as the bare baseline's broadcaster
// is): for each line it reads on stdin, it publishes the events given as JSON in BENCH_EVENTS
// through the API's own publish path, one after another. It exits when stdin closes.
import { createInterface } from "node:readline";
import { connectDatabase } from "../../api/src/db/connect.ts";
import { publishRealtime, type RealtimePublish } from "../../api/src/services/realtime/publish.ts";
import { INDEXER_VIEWS_SCHEMA } from "../../indexer/views-schema.ts";

const db = connectDatabase({ connectionString: process.env.DATABASE_URL!, viewsSchema: INDEXER_VIEWS_SCHEMA, max: 1 });
const events = JSON.parse(process.env.BENCH_EVENTS!) as RealtimePublish[];
await db.selectFrom("realtime_events").select("id").limit(1).execute(); // connected before the clock starts
console.log("ready");
for await (const _ of createInterface({ input: process.stdin })) {
  for (const event of events) await publishRealtime(db, event);
}
await db.destroy();
