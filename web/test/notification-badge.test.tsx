// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act } from "react";
import { beforeEach, describe, expect, it } from "vitest";
import { NotificationBadge } from "@/components/layout/notification-badge.tsx";
import { RuntimeConfigProvider } from "@/config/runtime-context.tsx";
import { queryKeys } from "@/lib/api/query-keys.ts";
import { useSessionStore } from "@/stores/session.ts";
import { eventually, render, textOf } from "./render.tsx";

const WALLET = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const TOKEN = "session-token";
const unreadKey = queryKeys.notifications.unread(TOKEN);

function signIn() {
  useSessionStore
    .getState()
    .save({ token: TOKEN, address: WALLET, chainId: 31337, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
}

/** The badge over a query cache that already holds the API's answer, so nothing goes over the network. */
function renderBadge(unread: number | null) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  if (unread !== null) queryClient.setQueryData(unreadKey, { count: unread });
  const view = render(
    <RuntimeConfigProvider
      value={{
        apiUrl: "http://127.0.0.1:9",
        rpcUrls: {},
        walletConnectProjectId: null,
        localChain: true,
        caseRelay: null,
        bundlerUrls: {},
      }}
    >
      <QueryClientProvider client={queryClient}>
        <NotificationBadge />
      </QueryClientProvider>
    </RuntimeConfigProvider>,
  );
  return { ...view, queryClient };
}

describe("NotificationBadge", () => {
  beforeEach(() => useSessionStore.setState({ sessions: {}, active: null }));

  it("is absent until a wallet has signed in", () => {
    const { container } = renderBadge(2);
    expect(container.innerHTML).toBe("");
  });

  it("counts the signed-in wallet's unread notifications, follows the count as it is refreshed, and hides it once all are read", async () => {
    signIn();
    const { get, container, queryClient } = renderBadge(3);
    expect(textOf(get('[data-testid="unread-count"]'))).toBe("3");
    // Its name is the whole sentence; the number is for the eye (hidden from assistive technology).
    expect(textOf(get("a .visually-hidden"))).toBe("Notifications: 3 unread");
    expect(get('[data-testid="unread-count"]').getAttribute("aria-hidden")).toBe("true");
    expect(get("a").getAttribute("href")).toBe("/dashboard#notifications");

    act(() => queryClient.setQueryData(unreadKey, { count: 4 }));
    await eventually(() => expect(textOf(get('[data-testid="unread-count"]'))).toBe("4"));

    act(() => queryClient.setQueryData(unreadKey, { count: 0 }));
    await eventually(() => expect(container.querySelector('[data-testid="unread-count"]')).toBeNull());
    expect(textOf(get("a .visually-hidden"))).toBe("Notifications: 0 unread");
  });
});
