// The sockets of this process, by room, and how far each room's events were handed to them. The
// listener hands it every event of a room someone here joined; each member filters duplicates
// itself (see session.ts).
import type { RealtimeEvent } from "./publish.ts";

export interface RoomMember {
  deliver(event: RealtimeEvent): void;
}

interface Room {
  members: Set<RoomMember>;
  /**
   * Every event of the room up to this id was handed to its members; null until the listener has
   * read where the room's log stands. A room's events commit in id order (publish.ts), so the
   * events after it are exactly the ones still to hand over. Forgotten with the room.
   */
  seen: bigint | null;
}

export class RoomHub {
  readonly #rooms = new Map<string, Room>();
  /** Told of every event handed to local members (the realtime lag metric). */
  readonly #onDispatch: ((event: RealtimeEvent) => void) | undefined;

  constructor(options: { onDispatch?: (event: RealtimeEvent) => void } = {}) {
    this.#onDispatch = options.onDispatch;
  }

  join(room: string, member: RoomMember) {
    let entry = this.#rooms.get(room);
    if (!entry) {
      entry = { members: new Set(), seen: null };
      this.#rooms.set(room, entry);
    }
    entry.members.add(member);
  }

  leave(room: string, member: RoomMember) {
    const entry = this.#rooms.get(room);
    if (!entry) return;
    entry.members.delete(member);
    if (entry.members.size === 0) this.#rooms.delete(room);
  }

  /** The rooms at least one local socket has joined. */
  rooms(): string[] {
    return [...this.#rooms.keys()];
  }

  has(room: string): boolean {
    return this.#rooms.has(room);
  }

  /** The room's watermark: null when nobody here joined it, or its log was not read yet. */
  seen(room: string): bigint | null {
    return this.#rooms.get(room)?.seen ?? null;
  }

  /** Sets the watermark of a room joined here whose log was not read yet. */
  track(room: string, seen: bigint) {
    const entry = this.#rooms.get(room);
    if (entry && entry.seen === null) entry.seen = seen;
  }

  /** Hands the event to the room's members and moves the watermark past it (tracked rooms only). */
  dispatch(event: RealtimeEvent) {
    const entry = this.#rooms.get(event.room);
    const id = BigInt(event.id);
    if (!entry || entry.seen === null || id <= entry.seen) return;
    entry.seen = id;
    for (const member of entry.members) member.deliver(event);
    this.#onDispatch?.(event);
  }
}
