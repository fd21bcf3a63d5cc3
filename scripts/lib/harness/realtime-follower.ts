// A realtime client that follows its wallet's room through failures, as the web app does: it signs
// in on one API process, and whenever its socket closes (the process died, the database went away)
// it signs in again on the next process with the id of the last event it got, so the server sends
// what it missed first. Every event it receives is kept, to compare with the log afterwards.
import { parseRoom } from "@p2p-escrow/protocol/rooms";
import WebSocket from "ws";

export interface FollowedEvent {
  id: string;
  room: string;
  kind: string;
  payload: Record<string, unknown>;
}

const RETRY_MS = 200;
/** A sign-in that has not led to the wallet's room in this long is given up and retried elsewhere. */
const SUBSCRIBE_TIMEOUT_MS = 10_000;

export class RealtimeFollower {
  readonly events: FollowedEvent[] = [];
  /** Times it signed in again after its socket closed. */
  reconnects = 0;
  /** The id of the last event received: what it resumes from. */
  last: string;
  /** Whether its socket is open and its room joined right now. */
  connected = false;
  readonly #urls: string[];
  readonly #token: string;
  #next: number;
  #socket: WebSocket | null = null;
  #stopped = false;
  #live: Promise<void>;
  #resolveLive!: () => void;

  /** `urls`: the processes' `/realtime` URLs, tried in turn from `first`; `after`: the event id to resume after. */
  constructor(urls: string[], token: string, after: string, first = 0) {
    this.#urls = urls;
    this.#token = token;
    this.last = after;
    this.#next = first;
    this.#live = new Promise((resolve) => (this.#resolveLive = resolve));
    this.#connect();
  }

  /** Resolves once the wallet's room is live the first time. */
  live(): Promise<void> {
    return this.#live;
  }

  #connect() {
    if (this.#stopped) return;
    const url = this.#urls[this.#next % this.#urls.length]!;
    this.#next++;
    const socket = new WebSocket(url);
    this.#socket = socket;
    const giveUp = setTimeout(() => socket.terminate(), SUBSCRIBE_TIMEOUT_MS);
    socket.on("open", () => socket.send(JSON.stringify({ type: "auth", token: this.#token, lastEventId: this.last })));
    socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as { type: string; room?: string } & Partial<FollowedEvent>;
      if (message.type === "subscribed" && parseRoom(String(message.room))?.kind === "user") {
        clearTimeout(giveUp);
        this.connected = true;
        this.#resolveLive();
      } else if (message.type === "event") {
        this.events.push({ id: message.id!, room: message.room!, kind: message.kind!, payload: message.payload! });
        if (BigInt(message.id!) > BigInt(this.last)) this.last = message.id!;
      } else if (message.type === "error" && !this.connected) socket.terminate(); // signing in failed here: elsewhere
    });
    socket.on("error", () => {}); // "close" follows
    socket.on("close", () => {
      clearTimeout(giveUp);
      this.connected = false;
      if (this.#stopped || this.#socket !== socket) return;
      this.reconnects++;
      setTimeout(() => this.#connect(), RETRY_MS).unref();
    });
  }

  async stop() {
    this.#stopped = true;
    const socket = this.#socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once("close", () => resolve());
      socket.terminate();
    });
  }
}

/** The `/realtime` URL of an API at `baseUrl`. */
export const realtimeUrlOf = (baseUrl: string) => `${baseUrl.replace(/^http/, "ws")}/realtime`;
