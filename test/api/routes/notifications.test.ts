// The decoration these tests use (its plugin is autoloaded, so app.ts does not import it).

import { describe, expect, it } from "vitest";
import type {} from "../../../api/src/plugins/app/notifications-repository.ts";
import { expectError, expectRejectedUnchanged, expiredToken, oversizedJson } from "../bad-input.ts";
import { appForFile, bearer, newAccount, signIn } from "../helper.ts";

const t = appForFile();

let seq = 0;
/** A signed-in wallet with `count` notifications, oldest first. */
async function walletWith(count: number) {
  const account = newAccount();
  const address = account.address.toLowerCase();
  await t.app.notificationsRepository.create(
    Array.from({ length: count }, (_, i) => ({
      recipient: address,
      kind: "order.updated",
      chainId: 31337,
      orderId: String(i + 1),
      payload: { n: i + 1 },
      dedupeKey: `test:${++seq}`,
    })),
  );
  const token = await signIn(t.app, account);
  return { address, token, headers: bearer(token) };
}

const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: "GET", url, headers });
const markRead = (payload: unknown, headers: Record<string, string>) =>
  t.app.inject({ method: "POST", url: "/notifications/read", headers, payload: payload as object });
const readCount = async () =>
  Number(
    (
      await t.db
        .selectFrom("notifications")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("read_at", "is not", null)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("GET /notifications", () => {
  it("pages through the wallet's own notifications, newest first", async () => {
    const me = await walletWith(5);
    await walletWith(2); // someone else's
    const first = (await get("/notifications?limit=2", me.headers)).json().data;
    expect(first.items.map((n: { payload: { n: number } }) => n.payload.n)).toEqual([5, 4]);
    expect(first.items[0]).toEqual({
      id: expect.any(String),
      kind: "order.updated",
      chainId: 31337,
      orderId: "5",
      payload: { n: 5 },
      createdAt: expect.any(String),
      readAt: null,
    });
    const second = (await get(`/notifications?limit=2&cursor=${first.nextCursor}`, me.headers)).json().data;
    const third = (await get(`/notifications?limit=2&cursor=${second.nextCursor}`, me.headers)).json().data;
    expect([...second.items, ...third.items].map((n: { payload: { n: number } }) => n.payload.n)).toEqual([3, 2, 1]);
    expect(third.nextCursor).toBeNull();
  });

  it("lists only unread ones when asked", async () => {
    const me = await walletWith(3);
    const [newest] = (await get("/notifications", me.headers)).json().data.items;
    await markRead({ ids: [newest.id] }, me.headers);
    const unread = (await get("/notifications?unreadOnly=true", me.headers)).json().data.items;
    expect(unread.map((n: { payload: { n: number } }) => n.payload.n)).toEqual([2, 1]);
  });

  it.each([
    ["a wrong type", "/notifications?limit=many"],
    ["a limit out of range", "/notifications?limit=1000"],
    ["a malformed cursor", "/notifications?cursor=abc"],
    ["an unknown parameter", "/notifications?recipient=0x0000000000000000000000000000000000000001"],
  ])("rejects %s", async (_, url) => {
    const me = await walletWith(0);
    expectError(await get(url, me.headers), 400, "VALIDATION_FAILED");
  });

  it("requires a live session", async () => {
    expectError(await t.app.inject({ method: "GET", url: "/notifications" }), 401, "UNAUTHENTICATED");
    expectError(await get("/notifications", bearer(expiredToken(t.config, newAccount().address))), 401, "TOKEN_EXPIRED");
  });
});

describe("GET /notifications/unread-count", () => {
  it("counts the wallet's unread notifications only", async () => {
    const me = await walletWith(3);
    await walletWith(4);
    expect((await get("/notifications/unread-count", me.headers)).json()).toEqual({ success: true, data: { count: 3 } });
  });

  it("requires a live session", async () => {
    expectError(await t.app.inject({ method: "GET", url: "/notifications/unread-count" }), 401, "UNAUTHENTICATED");
    expectError(await get("/notifications/unread-count", bearer(expiredToken(t.config, newAccount().address))), 401, "TOKEN_EXPIRED");
  });
});

describe("POST /notifications/read", () => {
  it("marks the listed notifications read", async () => {
    const me = await walletWith(3);
    const items = (await get("/notifications", me.headers)).json().data.items;
    const response = await markRead({ ids: [items[0].id, items[2].id] }, me.headers);
    expect(response.json()).toEqual({ success: true, data: { updated: 2 } });
    expect((await get("/notifications/unread-count", me.headers)).json().data.count).toBe(1);
    // Marking them again changes nothing.
    expect((await markRead({ ids: [items[0].id] }, me.headers)).json().data.updated).toBe(0);
  });

  it("marks all of the wallet's notifications read, and nobody else's", async () => {
    const me = await walletWith(3);
    const other = await walletWith(2);
    expect((await markRead({ all: true }, me.headers)).json().data.updated).toBe(3);
    expect((await get("/notifications/unread-count", me.headers)).json().data.count).toBe(0);
    expect((await get("/notifications/unread-count", other.headers)).json().data.count).toBe(2);
  });

  it("ignores ids of someone else's notifications", async () => {
    const me = await walletWith(1);
    const other = await walletWith(2);
    const theirs = (await get("/notifications", other.headers)).json().data.items.map((n: { id: string }) => n.id);
    const before = await readCount();
    expect((await markRead({ ids: theirs }, me.headers)).json().data.updated).toBe(0);
    expect(await readCount()).toBe(before);
    expect((await get("/notifications/unread-count", other.headers)).json().data.count).toBe(2);
  });

  it.each([
    ["a missing field", {}],
    ["a wrong type", { ids: "1" }],
    ["malformed ids", { ids: ["one"] }],
    ["an empty list", { ids: [] }],
    ["all: false", { all: false }],
    ["both forms at once", { ids: ["1"], all: true }],
  ])("rejects %s and marks nothing", async (_, payload) => {
    const me = await walletWith(2);
    const before = await readCount();
    expectError(await markRead(payload, me.headers), 400, "VALIDATION_FAILED");
    expect(await readCount()).toBe(before);
  });

  it("rejects an oversized body and marks nothing", async () => {
    const me = await walletWith(2);
    const before = await readCount();
    expectError(
      await t.app.inject({
        method: "POST",
        url: "/notifications/read",
        headers: { ...me.headers, ...oversizedJson(t.config).headers },
        payload: oversizedJson(t.config).payload,
      }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    expect(await readCount()).toBe(before);
  });

  it("requires a live session and marks nothing without one", async () => {
    await walletWith(2);
    const before = await readCount();
    await expectRejectedUnchanged(
      t.app,
      t.db,
      ["notifications"],
      { method: "POST", url: "/notifications/read", payload: { all: true } },
      401,
      "UNAUTHENTICATED",
    );
    expectError(await markRead({ all: true }, bearer(expiredToken(t.config, newAccount().address))), 401, "TOKEN_EXPIRED");
    expect(await readCount()).toBe(before);
  });
});
