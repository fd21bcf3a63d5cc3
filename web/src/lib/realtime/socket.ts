// The browser's one connection to the API's WebSocket (/realtime): authenticates with the session
// token, keeps the rooms the views asked for, reconnects with the last event id so nothing is
// missed, and hands every event to its listeners.

import { parseRoom } from "@p2p-escrow/protocol/rooms";
import type { RealtimeEvent } from "@/lib/api/types.ts";

export type { RealtimeEvent };

type Listener = (event: RealtimeEvent) => void;

export class RealtimeSocket {
  private socket: WebSocket | null = null;
  private rooms = new Map<string, number>();
  private listeners = new Set<Listener>();
  private lastEventId: string | undefined;
  private closed = false;
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {
    this.open();
  }

  private open() {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.retry = 0;
      socket.send(JSON.stringify({ type: "auth", token: this.token, ...(this.lastEventId ? { lastEventId: this.lastEventId } : {}) }));
    };
    socket.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as { type: string } & Partial<RealtimeEvent>;
      if (frame.type === "authenticated") for (const room of this.rooms.keys()) this.sendSubscribe(room);
      if (frame.type === "event") {
        if (frame.room && parseRoom(frame.room)?.kind === "user") this.lastEventId = frame.id;
        for (const listener of this.listeners) listener(frame as RealtimeEvent);
      }
    };
    socket.onclose = (event) => {
      if (this.closed || event.code === 4401) return;
      this.timer = setTimeout(() => this.open(), Math.min(10_000, 500 * 2 ** this.retry++));
    };
  }

  private sendSubscribe(room: string) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: "subscribe", room }));
  }

  subscribe(room: string): () => void {
    this.rooms.set(room, (this.rooms.get(room) ?? 0) + 1);
    this.sendSubscribe(room);
    return () => {
      const count = (this.rooms.get(room) ?? 1) - 1;
      if (count > 0) return void this.rooms.set(room, count);
      this.rooms.delete(room);
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ type: "unsubscribe", room }));
    };
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.close();
  }
}

export const realtimeUrl = (apiUrl: string) => `${apiUrl.replace(/^http/, "ws")}/realtime`;
