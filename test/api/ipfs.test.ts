// The IPFS backends. Helia runs for real (embedded, offline). Kubo and Pinata are remote services
// that cannot run here: their tests talk to PROTOCOL STAND-INS, tiny HTTP servers on 127.0.0.1
// speaking just the endpoints the clients call (Kubo's /api/v0/add and /api/v0/cat, Pinata's v3
// upload and its gateway), to check requests and answers are wired right. They prove nothing
// about the real services beyond that wire format.
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../api/src/config/env.ts";
import { heliaStore } from "../../api/src/services/ipfs/helia.ts";
import { createIpfsStore, type IpfsStore } from "../../api/src/services/ipfs/index.ts";
import { kuboStore } from "../../api/src/services/ipfs/kubo.ts";
import { pinataStore } from "../../api/src/services/ipfs/pinata.ts";

// --- an independent CID computation: CIDv1, raw codec, sha2-256, multibase base32 lower ---------

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** What any IPFS node names a single-block file stored with raw leaves. */
function rawCid(bytes: Uint8Array): string {
  const digest = createHash("sha256").update(bytes).digest();
  // version 1, codec raw (0x55), multihash sha2-256 (0x12) of 32 bytes (0x20)
  return `b${base32(new Uint8Array([0x01, 0x55, 0x12, 0x20, ...digest]))}`;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

const stores: IpfsStore[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.stop();
});
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

const tempRepo = () => mkdtemp(path.join(tmpdir(), "ipfs-test-"));
async function helia(repo?: string) {
  const store = await heliaStore(repo ?? (await tempRepo()));
  stores.push(store);
  return store;
}

describe("the embedded Helia node", () => {
  it("gives known bytes their well-known CID", async () => {
    const store = await helia();
    const hello = new TextEncoder().encode("hello");
    expect(await store.add(hello)).toBe("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
  });

  it("names content exactly as an independent raw sha2-256 CIDv1 computation does", async () => {
    const store = await helia();
    for (const size of [1, 1000, 200_000]) {
      const bytes = randomBytes(size);
      expect(await store.add(bytes)).toBe(rawCid(bytes));
    }
  });

  it("returns what was added, also content spanning several blocks", async () => {
    const store = await helia();
    const bytes = randomBytes(1_500_000);
    const cid = await store.add(bytes);
    expect(cid).toMatch(/^bafy/); // a dag-pb root over the chunks
    expect((await collect(store.cat(cid))).equals(bytes)).toBe(true);
  });

  it("keeps content on disk across restarts, and adding it again is harmless", async () => {
    const repo = await tempRepo();
    const bytes = randomBytes(5_000);
    const first = await heliaStore(repo);
    const cid = await first.add(bytes);
    await first.stop();
    const second = await helia(repo);
    expect((await collect(second.cat(cid))).equals(bytes)).toBe(true);
    expect(await second.add(bytes)).toBe(cid);
  });

  it("fails instead of searching the network for content it does not hold", async () => {
    const store = await helia();
    await expect(collect(store.cat(rawCid(randomBytes(32))))).rejects.toThrow();
  });
});

// --- protocol stand-ins -----------------------------------------------------------------------

type Answer = { status: number; body: string | Buffer; type?: string };

async function listen(handler: (request: IncomingMessage, body: Buffer, url: URL) => Promise<Answer>) {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url!, "http://127.0.0.1");
    const answer = await handler(request, Buffer.concat(chunks), url).catch(
      (error: Error): Answer => ({ status: 500, body: error.message }),
    );
    response.writeHead(answer.status, { "content-type": answer.type ?? "application/json" }).end(answer.body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The file part of a multipart body, parsed by the platform's own FormData parser. */
async function filePart(request: IncomingMessage, body: Buffer) {
  const form = await new Request("http://x", {
    method: "POST",
    headers: { "content-type": request.headers["content-type"]! },
    body: new Uint8Array(body),
  }).formData();
  const file = [...form.values()].find((v): v is File => typeof v !== "string");
  return { form, bytes: file ? Buffer.from(await file.arrayBuffer()) : null };
}

/** A stand-in for Kubo's RPC API: /api/v0/add (pins, raw leaves, CIDv1) and /api/v0/cat. */
async function kuboStandIn() {
  const blocks = new Map<string, Buffer>();
  const calls: URL[] = [];
  const url = await listen(async (request, body, url) => {
    calls.push(url);
    if (request.method !== "POST") return { status: 405, body: "" };
    if (url.pathname === "/api/v0/add") {
      const { bytes } = await filePart(request, body);
      if (!bytes) return { status: 400, body: JSON.stringify({ Message: "no file", Code: 0, Type: "error" }) };
      const cid = rawCid(bytes);
      blocks.set(cid, bytes);
      return { status: 200, body: `${JSON.stringify({ Name: cid, Hash: cid, Size: String(bytes.length) })}\n` };
    }
    if (url.pathname === "/api/v0/cat") {
      const bytes = blocks.get(url.searchParams.get("arg") ?? "");
      return bytes
        ? { status: 200, body: bytes, type: "text/plain" }
        : { status: 500, body: JSON.stringify({ Message: "block not found", Code: 0, Type: "error" }) };
    }
    return { status: 404, body: "" };
  });
  return { url, calls, blocks };
}

/** A stand-in for Pinata: POST /v3/files with a bearer JWT, and a gateway serving /ipfs/<cid>. */
async function pinataStandIn(jwt: string) {
  const blocks = new Map<string, Buffer>();
  const uploads: { network: FormDataEntryValue | null }[] = [];
  const url = await listen(async (request, body, url) => {
    if (request.method === "POST" && url.pathname === "/v3/files") {
      if (request.headers.authorization !== `Bearer ${jwt}`) return { status: 401, body: JSON.stringify({ error: "unauthorized" }) };
      const { form, bytes } = await filePart(request, body);
      if (!bytes) return { status: 400, body: JSON.stringify({ error: "no file" }) };
      uploads.push({ network: form.get("network") });
      const cid = rawCid(bytes);
      blocks.set(cid, bytes);
      return { status: 200, body: JSON.stringify({ data: { id: "f-1", cid, size: bytes.length, network: "public" } }) };
    }
    const match = /^\/ipfs\/([a-z0-9]+)$/.exec(url.pathname);
    if (request.method === "GET" && match) {
      const bytes = blocks.get(match[1]!);
      return bytes ? { status: 200, body: bytes, type: "application/octet-stream" } : { status: 404, body: "" };
    }
    return { status: 404, body: "" };
  });
  return { url, uploads };
}

describe("the Kubo backend (against a local protocol stand-in)", () => {
  it("adds with pinning, raw leaves and CIDv1, and reads the bytes back with cat", async () => {
    const kubo = await kuboStandIn();
    const store = kuboStore(kubo.url);
    const bytes = randomBytes(3_000);
    const cid = await store.add(bytes);
    expect(cid).toBe(rawCid(bytes));
    const add = kubo.calls.find((u) => u.pathname === "/api/v0/add")!;
    expect(add.searchParams.get("pin")).toBe("true");
    expect(add.searchParams.get("cid-version")).toBe("1");
    expect((await collect(store.cat(cid))).equals(bytes)).toBe(true);
  });

  it("is the backend the configuration picks with IPFS_BACKEND=kubo", async () => {
    const kubo = await kuboStandIn();
    const config = loadConfig({
      DATABASE_URL: "postgres://unused",
      JWT_SECRET: "x".repeat(32),
      IPFS_BACKEND: "kubo",
      KUBO_API_URL: kubo.url,
    });
    const store = await createIpfsStore(config);
    const bytes = randomBytes(100);
    expect(await store.add(bytes)).toBe(rawCid(bytes));
    expect(kubo.blocks.has(rawCid(bytes))).toBe(true);
  });

  it("reports an unreachable node as an error", async () => {
    const store = kuboStore("http://127.0.0.1:9");
    await expect(store.add(randomBytes(10))).rejects.toThrow(/kubo add failed/);
  });
});

describe("the Pinata backend (against a local protocol stand-in)", () => {
  it("uploads to the public network with the JWT and reads through the gateway", async () => {
    const pinata = await pinataStandIn("secret-jwt");
    const store = pinataStore({ apiUrl: `${pinata.url}/v3`, jwt: "secret-jwt", gatewayUrl: pinata.url });
    const bytes = randomBytes(2_000);
    const cid = await store.add(bytes);
    expect(cid).toBe(rawCid(bytes));
    expect(pinata.uploads).toEqual([{ network: "public" }]);
    expect((await collect(store.cat(cid))).equals(bytes)).toBe(true);
  });

  it("is the backend the configuration picks with IPFS_BACKEND=pinata", async () => {
    const pinata = await pinataStandIn("jwt-2");
    const config = loadConfig({
      DATABASE_URL: "postgres://unused",
      JWT_SECRET: "x".repeat(32),
      IPFS_BACKEND: "pinata",
      PINATA_JWT: "jwt-2",
      PINATA_API_URL: `${pinata.url}/v3`,
      PINATA_GATEWAY_URL: pinata.url,
    });
    const store = await createIpfsStore(config);
    const bytes = randomBytes(64);
    const cid = await store.add(bytes);
    expect((await collect(store.cat(cid))).equals(bytes)).toBe(true);
  });

  it("fails on a rejected JWT and on content the gateway does not have", async () => {
    const pinata = await pinataStandIn("right");
    const store = pinataStore({ apiUrl: `${pinata.url}/v3`, jwt: "wrong", gatewayUrl: pinata.url });
    await expect(store.add(randomBytes(10))).rejects.toThrow(/HTTP 401/);
    await expect(collect(store.cat(rawCid(randomBytes(8))))).rejects.toThrow(/HTTP 404/);
  });
});
