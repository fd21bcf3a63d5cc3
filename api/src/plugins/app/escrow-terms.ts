// What each chain's escrow asks of a trade, read from the indexer's views: a token's bounds (its
// smallest order and smallest dispute deposit, from TokenConfigured) and the fee parameters
// (EscrowConfigured, ProtocolFeeUpdated). Before the indexer has seen a token configured, the chain
// registry's bounds stand in: they are what the deploy script configures.
import { chainById } from "@p2p-escrow/contracts/chains";
import { findStablecoin } from "@p2p-escrow/contracts/deployed";
import { arbitrationFee, protocolFeeOf } from "@p2p-escrow/contracts/escrow-math";
import type { PaymentTerms, TokenTerms } from "@p2p-escrow/protocol/schemas/token";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { parseUnits } from "viem";
import { apiShaped } from "../../db/api-shape.ts";

/** The escrow's parameters on one chain, as indexed. */
export interface EscrowParams {
  /** Each side's dispute deposit in bps of the order, before the token's minimum and the 20% cap. */
  arbitratorFeeBps: number;
  /** The protocol fee of orders created now. */
  protocolFeeBps: number;
  /** Whether protocol fees are taken at all: with no recipient, existing orders skip theirs too. */
  feesOn: boolean;
  fallbackArbitrator: string | null;
}

export interface EscrowTerms {
  /** The escrow's parameters on `chainId`, or null before the indexer saw its deployment. */
  escrow(chainId: number): Promise<EscrowParams | null>;
  /**
   * How the escrow treats each token, in the order asked; null for a pair whose chain has no indexed
   * escrow, or whose token is neither indexed nor a stablecoin of the registry.
   */
  tokens(pairs: readonly { chainId: number; token: string }[]): Promise<(TokenTerms | null)[]>;
}

declare module "fastify" {
  interface FastifyInstance {
    escrowTerms: EscrowTerms;
  }
}

const ZERO = "0x0000000000000000000000000000000000000000";

export default fp(
  async function escrowTerms(app: FastifyInstance) {
    const db = apiShaped(app.db);

    const escrow = async (chainId: number): Promise<EscrowParams | null> => {
      const row = await db
        .selectFrom("escrow_config")
        .select(["arbitratorFeeBps", "protocolFeeBps", "feeRecipient", "fallbackArbitrator"])
        .where("chainId", "=", chainId)
        .executeTakeFirst();
      if (!row) return null;
      const { feeRecipient, ...rest } = row;
      return { ...rest, feesOn: feeRecipient !== null && feeRecipient !== ZERO };
    };

    const terms: EscrowTerms = {
      escrow,

      async tokens(pairs) {
        if (pairs.length === 0) return [];
        const chainIds = [...new Set(pairs.map((p) => p.chainId))];
        const [configs, escrows] = await Promise.all([
          db
            .selectFrom("token_configs")
            .select(["chainId", "token", "allowed", "minAmount", "maxAmount", "minArbitrationFee"])
            .where("chainId", "in", chainIds)
            .execute(),
          Promise.all(chainIds.map(async (id) => [id, await escrow(id)] as const)),
        ]);
        const escrowOf = new Map(escrows);
        return pairs.map(({ chainId, token }) => {
          const params = escrowOf.get(chainId);
          if (!params) return null;
          const address = token.toLowerCase();
          const coin = findStablecoin(chainId, address);
          const indexed = configs.find((c) => c.chainId === chainId && c.token === address);
          const registered = coin && chainById(chainId)?.stablecoins[coin.symbol];
          const bounds = indexed ?? (registered ? fromRegistry(registered) : undefined);
          if (!bounds) return null;
          return {
            chainId,
            token: address,
            decimals: coin?.decimals ?? null,
            allowed: bounds.allowed,
            minAmount: bounds.minAmount,
            maxAmount: bounds.maxAmount,
            minArbitrationFee: bounds.minArbitrationFee,
            arbitrationFeeBps: params.arbitratorFeeBps,
            protocolFeeBps: params.feesOn ? params.protocolFeeBps : 0,
          };
        });
      },
    };
    app.decorate("escrowTerms", terms);
  },
  { name: "escrow-terms", dependencies: ["db"] },
);

const fromRegistry = (coin: { minOrderAmount: bigint; maxOrderAmount: bigint; minArbitrationFee: bigint }) => ({
  allowed: true,
  minAmount: coin.minOrderAmount.toString(),
  maxAmount: coin.maxOrderAmount.toString(),
  minArbitrationFee: coin.minArbitrationFee.toString(),
});

/**
 * A listing's `price` (whole tokens, a decimal string) in the token of `terms`, and what a dispute
 * over an order at that price would ask; null when the token's decimals are unknown.
 */
export function paymentTerms(terms: TokenTerms, price: string): PaymentTerms | null {
  if (terms.decimals === null) return null;
  const amount = parseUnits(price, terms.decimals);
  return {
    ...terms,
    amount: amount.toString(),
    arbitrationFee: arbitrationFee(amount, BigInt(terms.arbitrationFeeBps), BigInt(terms.minArbitrationFee)).toString(),
    protocolFee: protocolFeeOf(amount, BigInt(terms.protocolFeeBps), true).toString(),
  };
}
