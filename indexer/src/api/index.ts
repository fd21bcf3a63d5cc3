// Ponder's own read endpoints: SQL over HTTP and GraphQL. The marketplace API reads the views
// schema directly; these serve tooling, debugging and the API benchmark's comparison. And the lag
// behind each chain's head, which Ponder's /metrics lacks (chain-lag.ts).
import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { client, graphql } from "ponder";
import { chainLagMetrics } from "./chain-lag.ts";

const app = new Hono();
app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));
app.get("/metrics/chain-lag", async (c) => {
  const { contentType, body } = await chainLagMetrics();
  return c.body(body, 200, { "content-type": contentType });
});

export default app;
