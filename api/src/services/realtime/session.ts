// One WebSocket's conversation (protocol in schemas/realtime.ts): authenticate, join the wallet's
// room, join order rooms on request, and send each room's missed events then its live ones.
//
// The handover: a room is joined (live events start to be buffered) before its missed events are
// read from the log; once those are sent, the buffer is flushed. Every event goes out only if its id
// is above the last one sent in that room, so the overlap is never sent twice.
import type { ApiErrorCode } from "@p2p-escrow/protocol/error-codes";
import { type ParsedRoom, parseRoom, userRoom } from "@p2p-escrow/protocol/rooms";
import { AuthMessage, CloseCode, PingMessage, SubscribeMessage, UnsubscribeMessage } from "@p2p-escrow/protocol/schemas/realtime";
import { Value } from "@sinclair/typebox/value";
import type { WebSocket } from "ws";
import type { RoomHub, RoomMember } from "./hub.ts";
import type { RealtimeEvent } from "./publish.ts";

export interface SessionUser {
  address: string;
  chainId: number;
  jti: string;
  /** Token expiry, unix seconds. */
  exp: number;
}

export interface Refusal {
  code: ApiErrorCode;
  message: string;
}

export interface SessionDeps {
  hub: RoomHub;
  /**
   * Resolves once this process LISTENs and follows the room (joined in the hub first): every event
   * of the room committed from then on is delivered live, so none falls between the log and the notices.
   */
  follow(room: string): Promise<void>;
  verify(token: string): Promise<SessionUser | Refusal>;
  /** Null when `user` may use this socket (its wallet has a socket to spare), else why not. */
  admit(user: SessionUser): Refusal | null;
  /** Null when `user` may join `room`, else why not. */
  mayJoin(user: SessionUser, room: ParsedRoom): Promise<Refusal | null>;
  eventsAfter(room: string, after: string, limit: number): Promise<RealtimeEvent[]>;
  authTimeoutMs: number;
  maxRooms: number;
  /** A client this far behind in reading is dropped rather than buffered without bound. */
  maxBufferedBytes: number;
  log: { warn(obj: object, msg: string): void };
  onClose(session: RealtimeSession): void;
}

interface Feed {
  /** The last id sent in this room. */
  last: bigint;
  /** Live events held back while the room's missed events are replayed. */
  held: RealtimeEvent[] | null;
}

const REPLAY_PAGE = 500;

// The hub hands one event object to every socket in its room: its frame is serialized and
// encoded once, not once per socket.
const frames = new WeakMap<RealtimeEvent, Buffer>();
function frameOf(event: RealtimeEvent): Buffer {
  let frame = frames.get(event);
  if (!frame) {
    frame = Buffer.from(JSON.stringify({ type: "event", ...event }));
    frames.set(event, frame);
  }
  return frame;
}
const isMessage = (value: unknown): value is { type: unknown } => typeof value === "object" && value !== null && !Array.isArray(value);

export class RealtimeSession implements RoomMember {
  readonly #socket: WebSocket;
  readonly #deps: SessionDeps;
  readonly #feeds = new Map<string, Feed>();
  #user: SessionUser | null = null;
  #authenticating = false;
  #closed = false;
  #timers: NodeJS.Timeout[] = [];
  /** Client messages are handled one at a time, in the order they came. */
  #queue: Promise<void> = Promise.resolve();

  constructor(socket: WebSocket, deps: SessionDeps, protocolToken: string | null) {
    this.#socket = socket;
    this.#deps = deps;
    socket.on("message", (data, isBinary) => {
      const text = isBinary ? null : data.toString();
      this.#queue = this.#queue
        .then(() => this.#handle(text))
        .catch((err) => {
          deps.log.warn({ err }, "realtime message failed");
          this.#send({ type: "error", code: "INTERNAL", message: "Internal server error" });
        });
    });
    socket.on("close", () => this.#cleanup());
    socket.on("error", () => this.#cleanup());
    if (protocolToken !== null) this.#enqueue(() => this.#authenticate(protocolToken, undefined));
    else this.#later(deps.authTimeoutMs, () => this.#user === null && this.close(CloseCode.AUTH_TIMEOUT, "AUTH_TIMEOUT"));
  }

  get user(): SessionUser | null {
    return this.#user;
  }

  close(code: number, reason: ApiErrorCode) {
    if (this.#closed) return;
    this.#socket.close(code, reason);
    this.#cleanup();
  }

  deliver(event: RealtimeEvent) {
    const feed = this.#feeds.get(event.room);
    if (!feed) return;
    if (feed.held) feed.held.push(event);
    else this.#emit(feed, event);
  }

  #enqueue(work: () => Promise<void>) {
    this.#queue = this.#queue.then(work).catch((err) => this.#deps.log.warn({ err }, "realtime session step failed"));
  }

  #later(ms: number, fn: () => void) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    this.#timers.push(timer);
  }

  #send(message: object | Buffer) {
    if (this.#closed || this.#socket.readyState !== this.#socket.OPEN) return;
    if (this.#socket.bufferedAmount > this.#deps.maxBufferedBytes) return this.close(1013, "SLOW_CONSUMER");
    if (Buffer.isBuffer(message)) this.#socket.send(message, { binary: false });
    else this.#socket.send(JSON.stringify(message));
  }

  #emit(feed: Feed, event: RealtimeEvent) {
    const id = BigInt(event.id);
    if (id <= feed.last) return;
    feed.last = id;
    this.#send(frameOf(event));
  }

  async #handle(text: string | null) {
    if (this.#closed) return;
    let message: unknown;
    try {
      message = text === null ? null : JSON.parse(text);
    } catch {
      message = null;
    }
    if (this.#user === null) {
      if (this.#authenticating) return; // the subprotocol token is being checked; its outcome decides
      if (!isMessage(message)) return this.close(CloseCode.BAD_MESSAGE, "BAD_MESSAGE");
      if (!Value.Check(AuthMessage, message)) return this.close(CloseCode.UNAUTHENTICATED, "UNAUTHENTICATED");
      return this.#authenticate(message.token, message.lastEventId);
    }
    if (!isMessage(message)) return this.#refuse({ code: "BAD_MESSAGE", message: "Expected a JSON object with a type" });
    if (Value.Check(SubscribeMessage, message)) return this.#subscribe(message.room, message.lastEventId);
    if (Value.Check(UnsubscribeMessage, message)) return this.#unsubscribe(message.room);
    if (Value.Check(PingMessage, message)) return this.#send({ type: "pong" });
    if (message.type === "auth") return this.#refuse({ code: "ALREADY_AUTHENTICATED", message: "This socket is already signed in" });
    this.#refuse({ code: "BAD_MESSAGE", message: "Unknown or malformed message" });
  }

  #refuse(refusal: Refusal, room?: string) {
    this.#send({ type: "error", ...refusal, ...(room === undefined ? {} : { room }) });
  }

  async #authenticate(token: string, lastEventId: string | number | undefined) {
    this.#authenticating = true;
    const result = await this.#deps
      .verify(token)
      .catch((): Refusal => ({ code: "TOKEN_INVALID", message: "The session token is invalid" }));
    this.#authenticating = false;
    if ("code" in result) return this.close(CloseCode.UNAUTHENTICATED, result.code);
    if (this.#closed) return;
    const refusal = this.#deps.admit(result);
    if (refusal) return this.close(CloseCode.TOO_MANY_CONNECTIONS, refusal.code);
    // Admitted: from here until the socket closes, it counts against its wallet (deps.onClose).
    this.#user = result;
    this.#later(Math.min(2 ** 31 - 1, Math.max(0, result.exp * 1000 - Date.now())), () =>
      this.close(CloseCode.UNAUTHENTICATED, "TOKEN_EXPIRED"),
    );
    const room = userRoom(result.address);
    this.#send({ type: "authenticated", address: result.address, room });
    await this.#join(room, lastEventId);
  }

  async #subscribe(room: string, lastEventId: string | number | undefined) {
    const user = this.#user!;
    const parsed = parseRoom(room);
    if (!parsed) return this.#refuse({ code: "BAD_ROOM", message: "Rooms are user:<address> or order:<chainId>:<orderId>" }, room);
    if (this.#feeds.has(room)) return this.#send({ type: "subscribed", room, replayed: 0 });
    if (this.#feeds.size >= this.#deps.maxRooms)
      return this.#refuse({ code: "TOO_MANY_ROOMS", message: `At most ${this.#deps.maxRooms} rooms per socket` }, room);
    const refusal = await this.#deps.mayJoin(user, parsed);
    if (refusal) return this.#refuse(refusal, room);
    await this.#join(room, lastEventId);
  }

  #unsubscribe(room: string) {
    if (room === userRoom(this.#user!.address))
      return this.#refuse({ code: "BAD_ROOM", message: "The wallet's own room cannot be left" }, room);
    this.#feeds.delete(room);
    this.#deps.hub.leave(room, this);
    this.#send({ type: "unsubscribed", room });
  }

  async #join(room: string, lastEventId: string | number | undefined) {
    const replay = lastEventId !== undefined;
    const feed: Feed = { last: replay ? BigInt(lastEventId) : 0n, held: replay ? [] : null };
    this.#feeds.set(room, feed);
    this.#deps.hub.join(room, this);
    let replayed = 0;
    // "subscribed" promises live events. Until this process LISTENs and has read where the room's
    // log stands, an event published now could reach nobody, so wait for it either way. Replaying
    // after that point leaves no gap: the room's later events all have higher ids (publish.ts).
    await this.#deps.follow(room);
    if (this.#closed || this.#feeds.get(room) !== feed) return;
    if (replay) {
      for (;;) {
        const events = await this.#deps.eventsAfter(room, feed.last.toString(), REPLAY_PAGE);
        if (this.#closed || this.#feeds.get(room) !== feed) return;
        for (const event of events) this.#emit(feed, event);
        replayed += events.length;
        if (events.length < REPLAY_PAGE) break;
      }
      const held = feed.held!;
      feed.held = null;
      for (const event of held.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))) this.#emit(feed, event);
    }
    this.#send({ type: "subscribed", room, replayed });
  }

  #cleanup() {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    for (const room of this.#feeds.keys()) this.#deps.hub.leave(room, this);
    this.#feeds.clear();
    this.#deps.onClose(this);
  }
}
