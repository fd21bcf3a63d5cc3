"use client";
// Keeps one realtime socket per signed-in tab and turns its events into query invalidations, so
// every view showing an order, a conversation or the notifications refreshes by itself.
import { orderRoom } from "@p2p-escrow/protocol/rooms";
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { useRuntimeConfig } from "@/config/runtime-context.tsx";
import { activeSessionToken, useSessionStore } from "@/stores/session.ts";
import { invalidateForEvent } from "./invalidate.ts";
import { RealtimeSocket, realtimeUrl } from "./socket.ts";

const SocketContext = createContext<RealtimeSocket | null>(null);

export function RealtimeProvider({ children }: { children: ReactNode }) {
  const { apiUrl } = useRuntimeConfig();
  const queryClient = useQueryClient();
  const token = useSessionStore(activeSessionToken);
  const [socket, setSocket] = useState<RealtimeSocket | null>(null);

  useEffect(() => {
    if (!token) return;
    const next = new RealtimeSocket(realtimeUrl(apiUrl), token);
    const stop = next.listen((event) => invalidateForEvent(queryClient, event));
    setSocket(next);
    return () => {
      stop();
      next.close();
      setSocket(null);
    };
  }, [apiUrl, token, queryClient]);

  return <SocketContext.Provider value={socket}>{children}</SocketContext.Provider>;
}

/** Subscribes to an order's room while the calling view is mounted. */
export function useOrderRoom(chainId: number, orderId: string) {
  const socket = useContext(SocketContext);
  useEffect(() => socket?.subscribe(orderRoom(chainId, orderId)), [socket, chainId, orderId]);
}
