// The realtime socket under hostile clients: a cap on sockets per IP address and per wallet, and
// event ids past bigint's range refused like any malformed message, never answered with an error
// from the database.
import { CloseCode } from "@p2p-escrow/protocol/schemas/realtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {} from "../../../api/src/plugins/app/realtime.ts";
import { waitFor } from "../../../scripts/lib/wait-for.ts";
import { appForFile, newAccount, signIn } from "../helper.ts";
import { RealtimeClient, realtimeUrl } from "../realtime-client.ts";

const PER_IP = 4;
const PER_WALLET = 2;
const t = appForFile({ REALTIME_MAX_SOCKETS_PER_IP: String(PER_IP), REALTIME_MAX_SOCKETS_PER_WALLET: String(PER_WALLET) });
const open: RealtimeClient[] = [];

beforeAll(async () => {
  await t.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close().catch(() => {})));
});

async function connect(): Promise<RealtimeClient> {
  const client = await RealtimeClient.open(realtimeUrl(t.app));
  open.push(client);
  return client;
}

async function closeAll() {
  await Promise.all(open.splice(0).map((c) => c.close()));
}

/** Signs `client` in; resolves to how the server answered: signed in, or the close it sent. */
async function tryAuth(client: RealtimeClient, token: string): Promise<"authenticated" | { code: number; reason: string }> {
  client.send({ type: "auth", token });
  return Promise.race([
    client.next((m) => m.type === "authenticated", "the socket to be signed in").then(() => "authenticated" as const),
    client.closed,
  ]);
}

describe("realtime connection caps", () => {
  it("closes a wallet's socket past its limit with 4429, and admits another once one closes", async () => {
    const token = await signIn(t.app, newAccount());
    const first = await connect();
    const second = await connect();
    expect(await tryAuth(first, token)).toBe("authenticated");
    expect(await tryAuth(second, token)).toBe("authenticated");
    expect(await tryAuth(await connect(), token)).toEqual({ code: CloseCode.TOO_MANY_CONNECTIONS, reason: "TOO_MANY_CONNECTIONS" });
    // Another wallet from the same address is not affected.
    expect(await tryAuth(await connect(), await signIn(t.app, newAccount()))).toBe("authenticated");
    await first.close();
    await waitFor(async () => (await tryAuth(await connect(), token)) === "authenticated", {
      what: "the wallet's freed place to be taken",
    });
    await closeAll();
  });

  it("closes a socket past the per-IP limit at once, signed in or not", async () => {
    const sockets = await Promise.all(Array.from({ length: PER_IP }, connect));
    const refused = await connect();
    expect(await refused.closed).toEqual({ code: CloseCode.TOO_MANY_CONNECTIONS, reason: "TOO_MANY_CONNECTIONS" });
    await sockets[0]!.close();
    const token = await signIn(t.app, newAccount());
    await waitFor(async () => (await tryAuth(await connect(), token)) === "authenticated", {
      what: "the address's freed place to be taken",
    });
    await closeAll();
  });
});

describe("realtime event ids past bigint's range", () => {
  const past = (2n ** 63n).toString();

  it("refuse the auth message like any malformed one", async () => {
    const token = await signIn(t.app, newAccount());
    const client = await connect();
    client.send({ type: "auth", token, lastEventId: past });
    const answer = await Promise.race([client.closed, client.next((m) => m.type === "error", "an error frame")]);
    expect(answer).toEqual({ code: CloseCode.UNAUTHENTICATED, reason: "UNAUTHENTICATED" });
  });

  it("refuse a subscription with BAD_MESSAGE, and the socket stays open", async () => {
    const client = await connect();
    await client.auth(await signIn(t.app, newAccount()));
    const tries = [past, "9".repeat(19), 2 ** 60];
    for (const lastEventId of tries) client.send({ type: "subscribe", room: "order:31337:1", lastEventId });
    const errors = await waitFor(
      async () => {
        const found = client.messages.filter((m) => m.type === "error");
        return found.length >= tries.length && found;
      },
      { what: "an answer to each subscription" },
    );
    expect(errors.map((m) => m.code)).toEqual(tries.map(() => "BAD_MESSAGE"));
    client.send({ type: "ping" });
    await client.next((m) => m.type === "pong", "a pong");
    await closeAll();
  });
});
