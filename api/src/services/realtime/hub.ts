// The sockets of this process, by room. The listener hands it every event of a room someone here
// joined; each member filters duplicates itself (see session.ts).
import type { RealtimeEvent } from "./publish.ts";

export interface RoomMember {
  deliver(event: RealtimeEvent): void;
}

export class RoomHub {
  readonly #rooms = new Map<string, Set<RoomMember>>();
  /** Told of every event handed to local members (the realtime lag metric). */
  readonly #onDispatch: ((event: RealtimeEvent) => void) | undefined;

  constructor(options: { onDispatch?: (event: RealtimeEvent) => void } = {}) {
    this.#onDispatch = options.onDispatch;
  }

  join(room: string, member: RoomMember) {
    let members = this.#rooms.get(room);
    if (!members) {
      members = new Set();
      this.#rooms.set(room, members);
    }
    members.add(member);
  }

  leave(room: string, member: RoomMember) {
    const members = this.#rooms.get(room);
    if (!members) return;
    members.delete(member);
    if (members.size === 0) this.#rooms.delete(room);
  }

  /** The rooms at least one local socket has joined. */
  rooms(): string[] {
    return [...this.#rooms.keys()];
  }

  has(room: string): boolean {
    return this.#rooms.has(room);
  }

  dispatch(event: RealtimeEvent) {
    const members = this.#rooms.get(event.room);
    if (!members) return;
    for (const member of members) member.deliver(event);
    this.#onDispatch?.(event);
  }
}
