"use client";
// A counterparty's public keys, used to seal to them or check their signatures, only once their
// wallet's binding signature checks out.
import { useQuery } from "@tanstack/react-query";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { Profile } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { verifiedKeysOf } from "@/lib/crypto/key-setup.ts";

type Api = ReturnType<typeof useApi>;

/** The query for a wallet's bound public keys, verified against its binding signature (null when unbound). */
export const verifiedKeysQuery = (api: Api, address: string) => ({
  queryKey: queryKeys.verifiedKeys(address),
  queryFn: async () => verifiedKeysOf(address, (await api.request<Profile>(`/profiles/${address}`)).keys),
  staleTime: 60_000,
});

/** A wallet's bound public keys, verified against its binding signature (null when unbound). */
export function useVerifiedKeys(address: string | null | undefined) {
  const api = useApi();
  return useQuery({ ...verifiedKeysQuery(api, address ?? ""), enabled: !!address });
}
