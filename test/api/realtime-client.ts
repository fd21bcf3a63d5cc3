// A WebSocket client of GET /realtime for tests: records every frame and waits on conditions.
import { parseRoom } from "@p2p-escrow/protocol/rooms";
import type { FastifyInstance } from "fastify";
import WebSocket from "ws";
import { waitFor } from "../../scripts/lib/wait-for.ts";

export interface ServerMessage {
  type: string;
  id?: string;
  room?: string;
  kind?: string;
  code?: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever fields an event kind carries
  payload?: Record<string, any>;
  [key: string]: unknown;
}

export class RealtimeClient {
  readonly ws: WebSocket;
  readonly messages: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(url: string, protocols?: string[]) {
    this.ws = new WebSocket(url, protocols);
    this.ws.on("message", (data) => this.messages.push(JSON.parse(data.toString())));
    this.closed = new Promise((resolve) => this.ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async open(url: string, protocols?: string[]): Promise<RealtimeClient> {
    const client = new RealtimeClient(url, protocols);
    await new Promise<void>((resolve, reject) => {
      client.ws.once("open", () => resolve());
      client.ws.once("error", reject);
    });
    return client;
  }

  send(message: unknown) {
    this.ws.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** The first message (from the start) matching `match`, waiting for it. */
  async next(match: (m: ServerMessage) => boolean, what = "a realtime message", timeoutMs = 15_000): Promise<ServerMessage> {
    return waitFor(async () => this.messages.find(match), { timeoutMs, intervalMs: 20, what });
  }

  events(room?: string): ServerMessage[] {
    return this.messages.filter((m) => m.type === "event" && (room === undefined || m.room === room));
  }

  /** Signs in with `token` and waits until the wallet's room is live. */
  async auth(token: string, lastEventId?: string) {
    this.send({ type: "auth", token, ...(lastEventId === undefined ? {} : { lastEventId }) });
    await this.next((m) => m.type === "subscribed" && parseRoom(String(m.room))?.kind === "user", "the wallet's room to be live");
  }

  /** Joins `room` and waits for the server's answer (subscribed or error). */
  async subscribe(room: string, lastEventId?: string): Promise<ServerMessage> {
    this.send({ type: "subscribe", room, ...(lastEventId === undefined ? {} : { lastEventId }) });
    return this.next((m) => (m.type === "subscribed" || m.type === "error") && m.room === room, `an answer to subscribing to ${room}`);
  }

  async close() {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.close();
    await this.closed;
  }
}

/** The WebSocket URL of a listening app's /realtime. */
export function realtimeUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("the app is not listening on TCP");
  return `ws://127.0.0.1:${address.port}/realtime`;
}
