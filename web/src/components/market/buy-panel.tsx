"use client";
// Buying: pick a chain and token the listing accepts, then either one permit-signed transaction
// (tokens with EIP-2612) or approve followed by createOrder.
// The permit types alone: the protocol index would bring its key and sealing code to this route.
import { PERMIT_TYPES } from "@p2p-escrow/api/protocol/permit";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { type Address, type Hex, parseEventLogs, parseSignature, parseUnits } from "viem";
import { useAccount, useConfig, useSignTypedData, useSwitchChain } from "wagmi";
import { readContract } from "wagmi/actions";
import { chainInfo, tokenInfo } from "@/config/chains.ts";
import {
  escrowAbi,
  escrowAddress,
  stablecoinAbi,
  useReadStablecoinBalanceOf,
  useWriteEscrowCreateOrder,
  useWriteEscrowCreateOrderWithPermit,
  useWriteStablecoinApprove,
} from "@/generated/contracts.ts";
import { useT } from "@/i18n/i18n.tsx";
import type { ListingDetail } from "@/lib/api/types.ts";
import { formatAmount } from "@/lib/format/format.ts";
import { useTransaction } from "@/lib/tx/use-transaction.ts";
import { describeError } from "@/lib/tx/errors.ts";
import { TxStatus } from "@/components/tx/tx-status.tsx";

export function BuyPanel({ listing }: { listing: ListingDetail }) {
  const t = useT();
  const router = useRouter();
  const config = useConfig();
  const { address, chainId: walletChainId, isConnected } = useAccount();
  const options = listing.accepted.filter((a) => tokenInfo(a.chainId, a.token));
  const [choice, setChoice] = useState(0);
  const payment = options[choice];
  const chainId = payment?.chainId ?? 0;
  const token = payment ? tokenInfo(payment.chainId, payment.token) : undefined;
  const amount = token ? parseUnits(listing.price, token.decimals) : 0n;
  const tx = useTransaction(chainId);
  const { switchChainAsync } = useSwitchChain();
  const { signTypedDataAsync } = useSignTypedData();
  const approve = useWriteStablecoinApprove();
  const createOrder = useWriteEscrowCreateOrder();
  const createWithPermit = useWriteEscrowCreateOrderWithPermit();
  const balance = useReadStablecoinBalanceOf({ address: token?.address, args: address ? [address] : undefined, chainId, query: { enabled: !!address && !!token } });
  const [error, setError] = useState<unknown>(null);
  const isOwn = address?.toLowerCase() === listing.seller.toLowerCase();

  async function buy() {
    if (!address || !token || !payment) return;
    setError(null);
    try {
      if (walletChainId !== chainId) await switchChainAsync({ chainId });
      const escrow = (escrowAddress as Record<number, Address>)[chainId]!;
      const seller = listing.seller as Address;
      const productHash = listing.productHash as Hex;
      let receipt;
      if (token.permit) {
        const [domain, nonce] = await Promise.all([
          readContract(config, { address: token.address, abi: stablecoinAbi, functionName: "eip712Domain", chainId }),
          readContract(config, { address: token.address, abi: stablecoinAbi, functionName: "nonces", args: [address], chainId }),
        ]);
        const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
        const signature = await signTypedDataAsync({
          domain: { name: domain[1], version: domain[2], chainId, verifyingContract: token.address },
          types: PERMIT_TYPES,
          primaryType: "Permit",
          message: { owner: address, spender: escrow, value: amount, nonce, deadline },
        });
        const { v, r, s } = parseSignature(signature);
        receipt = await tx.run("Pay into escrow (permit)", () =>
          createWithPermit.writeContractAsync({ args: [seller, token.address, amount, productHash, deadline, Number(v ?? 27n), r, s], chainId }),
        );
      } else {
        const allowance = await readContract(config, { address: token.address, abi: stablecoinAbi, functionName: "allowance", args: [address, escrow], chainId });
        if (allowance < amount) await tx.run("Approve", () => approve.writeContractAsync({ address: token.address, args: [escrow, amount], chainId }));
        receipt = await tx.run("Pay into escrow", () => createOrder.writeContractAsync({ args: [seller, token.address, amount, productHash], chainId }));
      }
      const [created] = parseEventLogs({ abi: escrowAbi, logs: receipt.logs, eventName: "OrderCreated" });
      if (created) router.push(`/dashboard/orders/${chainId}/${created.args.orderId}`);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <aside className="panel" aria-labelledby="buy-heading">
      <h2 id="buy-heading">{t("Buy")}</h2>
      <label>
        {t("Pay with")}
        <select value={choice} onChange={(e) => setChoice(Number(e.target.value))}>
          {options.map((o, i) => (
            <option key={`${o.chainId}:${o.token}`} value={i}>
              {tokenInfo(o.chainId, o.token)?.symbol} · {chainInfo(o.chainId)?.chain.name}
            </option>
          ))}
        </select>
      </label>
      {token && (
        <dl className="facts">
          <dt>{t("Chain")}</dt>
          <dd>{chainInfo(chainId)?.chain.name}</dd>
          <dt>{t("Token")}</dt>
          <dd>{token.symbol}</dd>
          <dt>{t("Price")}</dt>
          <dd data-testid="buy-price">{formatAmount(chainId, token.address, amount)}</dd>
          <dt>{t("Method")}</dt>
          <dd>{token.permit ? t("One transaction (permit signature)") : t("Approve, then pay")}</dd>
          {balance.data !== undefined && (
            <>
              <dt>{t("Your balance")}</dt>
              <dd>{formatAmount(chainId, token.address, balance.data)}</dd>
            </>
          )}
        </dl>
      )}
      <p>
        {!isConnected ? (
          <span>{t("Connect a wallet to buy.")}</span>
        ) : isOwn ? (
          <span>{t("This is your listing.")}</span>
        ) : (
          <button type="button" className="button" onClick={() => void buy()} disabled={!token || ["signing", "pending"].includes(tx.state.stage)}>
            {t("Buy for {price}", { price: token ? formatAmount(chainId, token.address, amount) : "" })}
          </button>
        )}
      </p>
      <TxStatus state={tx.state} chainId={chainId} />
      {error !== null && tx.state.stage !== "failed" && <p role="alert" className="notice error">{describeError(error, t)}</p>}
    </aside>
  );
}
