// The fan-out benchmark's baseline: a bare `ws` server that, on POST /broadcast with a JSON array
// of messages, sends every message to every connected client. No auth, rooms, storage or NOTIFY.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

const server = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/broadcast") return void res.writeHead(404).end();
  const chunks: Buffer[] = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const messages = JSON.parse(Buffer.concat(chunks).toString()) as unknown[];
    for (const message of messages) {
      const frame = JSON.stringify(message);
      for (const client of wss.clients) client.send(frame);
    }
    res.writeHead(204).end();
  });
});
const wss = new WebSocketServer({ server });
server.listen(0, "127.0.0.1", () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.on("SIGTERM", () => process.exit(0));
