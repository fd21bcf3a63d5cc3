"use client";
// Submitting one piece of evidence: encrypt it under a fresh key sealed to the order's participants
// (and, during a dispute, the case-key relay, which hands it on to an arbitrator drawn later), pin
// it through the API, then point at it on chain with the caller's wallet. The evidence panel and
// the arbitrator's written reason (use-ruling.ts) both submit this way.
import { useQueryClient } from "@tanstack/react-query";
import type { Address } from "viem";
import { useAccount, useSwitchChain } from "wagmi";
import { useT } from "@/i18n/i18n.tsx";
import { sendToCurrentRecipients } from "@/lib/api/current-recipients.ts";
import { queryKeys } from "@/lib/api/query-keys.ts";
import type { OrderDetail, Pinned } from "@/lib/api/types.ts";
import { useApi } from "@/lib/api/use-api.ts";
import { useChainClients } from "@/lib/chain/use-chain-clients.ts";
import { encryptEvidence } from "@/lib/crypto/evidence.ts";
import { useGasInStablecoins } from "@/lib/tx/use-gas-in-stablecoins.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";
import { useAccountSetup } from "@/lib/wallet/use-account-setup.ts";
import { useCaseRelay } from "./use-case-keys.ts";
import { verifiedKeysQuery } from "./use-verified-keys.ts";

export function useEvidenceSubmit(order: OrderDetail["order"]) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const chainId = order.chainId;
  const { keys, token } = useAccountSetup();
  const tx = useTransaction(chainId);
  // A wallet that pays gas in stablecoins pays it in the order's token.
  const gas = useGasInStablecoins(chainId);
  const { chainId: walletChainId } = useAccount();
  const { switchChainAsync } = useSwitchChain();
  const relay = useCaseRelay(order);
  const chainClient = useChainClients()(chainId);
  const base = `/evidence/${chainId}/${order.orderId}`;

  /** Seals the content for exactly these recipients (and the relay), each with their verified key, and pins it. */
  async function pin(content: Uint8Array, recipients: readonly string[]): Promise<Pinned> {
    // fetchQuery waits for keys still loading (a page just opened) instead of failing on them.
    const sealedFor = await Promise.all(
      recipients.map(async (address) => ({
        address,
        keys: await queryClient.fetchQuery(verifiedKeysQuery(api, chainId, address, chainClient)),
      })),
    );
    if (sealedFor.some((r) => !r.keys)) throw new Error(t("Every participant must have set up encryption keys."));
    const sealed = encryptEvidence(
      content,
      [...sealedFor.map((r) => ({ address: r.address, encryptionPublicKey: r.keys!.encryptionPublicKey })), ...(relay ? [relay] : [])],
      keys!,
    );
    const form = new FormData();
    form.set("nonce", sealed.nonce);
    form.set("keys", JSON.stringify(sealed.keys));
    form.set("file", new Blob([sealed.ciphertext as BlobPart]), "evidence.bin");
    return api.request<Pinned>(base, { method: "POST", form, token });
  }

  /** Pins `content` for the order's current participants and submits its pointer on chain. */
  async function submit(content: Uint8Array) {
    if (!keys) throw new Error(t("Set up your keys first."));
    const pinned = await sendToCurrentRecipients(
      [order.buyer, order.seller, ...(order.arbitrator ? [order.arbitrator] : [])],
      (recipients) => pin(content, recipients),
      () => void queryClient.invalidateQueries({ queryKey: queryKeys.order(chainId, order.orderId) }),
    );
    if (walletChainId !== chainId) await switchChainAsync({ chainId });
    await gas.sendEscrow(
      tx,
      "Submit evidence",
      { functionName: "submitEvidence", args: [BigInt(order.orderId), pinned.uri] },
      order.token as Address,
    );
    await queryClient.invalidateQueries({ queryKey: queryKeys.evidence(chainId, order.orderId) });
  }

  return { submit, tx: tx.state };
}
