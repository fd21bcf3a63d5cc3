"use client";
// A read of the API on behalf of a signed-in wallet: it waits for the session token and sends it
// with every request. The caller passes the token (the connected wallet's on the wallet routes:
// useAccountSetup; the tab's active wallet elsewhere: activeSessionToken) and puts it in the
// query key when the answer is the wallet's own, so one wallet's answer never shows for another.
import { type QueryKey, type UseQueryOptions, useQuery } from "@tanstack/react-query";
import type { RequestOptions } from "./client.ts";
import { useApi } from "./use-api.ts";

/** The API as one session reaches it: every request carries the session's token. */
export interface SessionApi {
  get<T>(path: string, query?: RequestOptions["query"]): Promise<T>;
  bytes(path: string): Promise<Uint8Array>;
}

export type SessionQueryOptions<T, Key extends QueryKey> = Omit<UseQueryOptions<T, Error, T, Key>, "queryFn" | "enabled"> & {
  /** The read, through the session's API. */
  read: (api: SessionApi) => Promise<T>;
  /** A further condition besides having a session. */
  enabled?: boolean;
};

export function useSessionQuery<T, Key extends QueryKey = QueryKey>(
  token: string | null,
  { read, enabled = true, ...options }: SessionQueryOptions<T, Key>,
) {
  const api = useApi();
  return useQuery({
    ...options,
    enabled: token !== null && enabled,
    queryFn: () =>
      read({
        get: <R>(path: string, query?: RequestOptions["query"]) => api.request<R>(path, { token, query }),
        bytes: (path: string) => api.bytes(path, token!),
      }),
  });
}
