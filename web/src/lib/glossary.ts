// Short explanations of the words a newcomer meets on an order page, shown by <Term> where the word
// first appears. The explanation is English text, and so the i18n key (fa.ts).

export const GLOSSARY = {
  block: {
    term: "block",
    explanation:
      "The chain records transactions in numbered batches called blocks, a new one every few seconds. A block number says when something was recorded.",
  },
  confirmation: {
    term: "confirmation",
    explanation:
      "Each block added after the one holding a transaction is one more confirmation. After enough of them the transaction is final: it can no longer be undone.",
  },
  productHash: {
    term: "product hash",
    explanation:
      "A fingerprint of the listing's content, fixed when you pay. If the delivered item does not match it, you know it is not what was listed.",
  },
  deliveryHash: {
    term: "delivery hash",
    explanation:
      "A fingerprint of the sealed delivery, which the seller recorded on chain when confirming it. The buyer's page checks the delivery against it.",
  },
  hashChain: {
    term: "hash chain",
    explanation:
      "Each chat message includes the fingerprint of the one before it, so no message can be removed, changed or reordered without it showing.",
  },
  arbitratorDraw: {
    term: "arbitrator draw",
    explanation: "The arbitrator is picked at random among people who staked money to judge cases, so neither side chooses who decides.",
  },
  escrow: {
    term: "escrow",
    explanation:
      "A contract on the chain holds the buyer's money until the order ends; neither side, nor this site, can take it out except by the order's rules.",
  },
  disputeDeposit: {
    term: "dispute deposit",
    explanation: "Each side pays the same deposit to have an arbitrator decide. The winner gets it back; the loser's pays the arbitrator.",
  },
} as const satisfies Record<string, { term: string; explanation: string }>;

export type GlossaryKey = keyof typeof GLOSSARY;
