// The sockets of this process, by room. The listener hands it every event of a room someone here
// joined; each member filters duplicates itself (see session.ts).
import type { RealtimeEvent } from "./publish.ts";

export interface RoomMember {
  deliver(event: RealtimeEvent): void;
}

export class RoomHub {
  readonly #rooms = new Map<string, Set<RoomMember>>();

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
    for (const member of this.#rooms.get(event.room) ?? []) member.deliver(event);
  }
}
