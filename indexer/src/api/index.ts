// Ponder's own read endpoints: SQL over HTTP and GraphQL. The marketplace API reads the views
// schema directly; these serve tooling, debugging and the API benchmark's comparison.
import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { client, graphql } from "ponder";

const app = new Hono();
app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));

export default app;
