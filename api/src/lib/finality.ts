// How final a change on chain is: its confirmations against the chain's head (chain-heads.ts), and
// whether they reach what the chain requires. How confirmations are counted and how many a chain
// requires is contracts/chains.ts's; this only puts the head next to them.
import { confirmationsAt, requiredConfirmations } from "@p2p-escrow/contracts/chains";
import type { ChainHeads } from "../plugins/app/chain-heads.ts";

export interface Finality {
  /** The chain's head block, or null when neither the RPC nor the indexer answers. */
  head: bigint | null;
  /** The change's confirmations (its own block is the first); null without a head. */
  confirmations: number | null;
  /** What the chain requires for a change to be final. */
  required: number;
  /** Never true without a head. */
  final: boolean;
}

/** How final a change made in `block` on `chainId` is. */
export async function finalityOf(heads: ChainHeads, chainId: number, block: bigint): Promise<Finality> {
  const head = await heads.head(chainId);
  const required = requiredConfirmations(chainId);
  const confirmations = head === null ? null : confirmationsAt(block, head);
  return { head, confirmations, required, final: confirmations !== null && confirmations >= required };
}
