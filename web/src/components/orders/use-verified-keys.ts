"use client";
// A counterparty's public keys, used to seal to them or check their signatures, only once their
// wallet's binding signature checks out, on the order's chain for a contract account.
import { useQuery } from "@tanstack/react-query";
import type { Client } from "viem";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { Profile } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useChainClients } from "@/lib/chain/use-chain-clients.ts";
import { verifiedKeysOf } from "@/lib/crypto/key-setup.ts";

type Api = ReturnType<typeof useApi>;

/** The query for a wallet's bound public keys, verified against its binding signature on `chainId`'s `client` (null when unbound). */
export const verifiedKeysQuery = (api: Api, chainId: number, address: string, client?: Client) => ({
  queryKey: queryKeys.verifiedKeys(chainId, address),
  queryFn: async () => verifiedKeysOf(address, (await api.request<Profile>(`/profiles/${address}`)).keys, client),
  staleTime: 60_000,
});

/** A wallet's bound public keys, verified against its binding signature (null when unbound). */
export function useVerifiedKeys(chainId: number, address: string | null | undefined) {
  const api = useApi();
  const clientOf = useChainClients();
  return useQuery({ ...verifiedKeysQuery(api, chainId, address ?? "", clientOf(chainId)), enabled: !!address });
}
