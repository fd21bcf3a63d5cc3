import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

/** A JSON-RPC pass-through on 127.0.0.1 that counts the requests it forwards, by method. */
export async function startCountingRpcProxy(target: string) {
  const counts = new Map<string, number>();
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      try {
        const parsed = JSON.parse(body.toString());
        for (const call of Array.isArray(parsed) ? parsed : [parsed]) counts.set(call.method, (counts.get(call.method) ?? 0) + 1);
      } catch {
        counts.set("(unparsable)", (counts.get("(unparsable)") ?? 0) + 1);
      }
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: upstream.pathname,
          method: "POST",
          headers: { "content-type": "application/json" },
        },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      forward.on("error", () => res.writeHead(502).end());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    counts: () => Object.fromEntries(counts),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
