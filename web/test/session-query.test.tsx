// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RuntimeConfigProvider } from "@/config/runtime-context.tsx";
import { useSessionQuery } from "@/lib/api/use-session-query.ts";
import { eventually, render, textOf } from "./render.tsx";

const API = "http://127.0.0.1:9";

function Unread({ token, enabled }: { token: string | null; enabled?: boolean }) {
  const { data, fetchStatus } = useSessionQuery(token, {
    queryKey: ["unread", token],
    enabled,
    read: (session) => session.get<{ count: number }>("/notifications/unread-count", { limit: 5, cursor: null }),
  });
  return <p>{data ? `${data.count} unread` : fetchStatus}</p>;
}

function renderUnread(token: string | null, enabled?: boolean) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <RuntimeConfigProvider
      value={{ apiUrl: API, rpcUrls: {}, walletConnectProjectId: null, localChain: true, caseRelay: null, bundlerUrls: {} }}
    >
      <QueryClientProvider client={queryClient}>
        <Unread token={token} enabled={enabled} />
      </QueryClientProvider>
    </RuntimeConfigProvider>,
  );
}

const answering = (data: unknown) =>
  vi.fn(async (_url: string, _init?: RequestInit) => new Response(JSON.stringify({ success: true, data })));

describe("useSessionQuery", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("waits for a session: without a token nothing is asked", async () => {
    const fetch = answering({ count: 1 });
    vi.stubGlobal("fetch", fetch);
    const { get } = renderUnread(null);
    await eventually(() => expect(textOf(get("p"))).toBe("idle"));
    expect(fetch).not.toHaveBeenCalled();
  });

  it("waits for the caller's own condition too", async () => {
    const fetch = answering({ count: 1 });
    vi.stubGlobal("fetch", fetch);
    const { get } = renderUnread("session-token", false);
    await eventually(() => expect(textOf(get("p"))).toBe("idle"));
    expect(fetch).not.toHaveBeenCalled();
  });

  it("sends the session's token as a bearer token, with the query string, to the runtime's API", async () => {
    const fetch = answering({ count: 3 });
    vi.stubGlobal("fetch", fetch);
    const { get } = renderUnread("session-token");
    await eventually(() => expect(textOf(get("p"))).toBe("3 unread"));
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(`${API}/notifications/unread-count?limit=5`);
    expect(init?.headers).toEqual({ authorization: "Bearer session-token" });
  });
});
