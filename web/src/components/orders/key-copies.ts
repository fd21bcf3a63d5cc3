// Which recipients still need a copy of a key a party holds (the conversation's, an evidence
// file's): the arbitrator once drawn and the case-key relay during a dispute, each only with keys
// verified against its wallet. Pure, so the rule is tested on its own (web/test/key-copies.test.ts).

export interface KeyTarget {
  /** Lowercase address. */
  address: string;
  encryptionPublicKey: string;
}

/** The targets (nulls skipped, duplicates once) that `holders` (lowercase addresses) does not include. */
export function missingCopies(holders: readonly string[], targets: readonly (KeyTarget | null | undefined)[]): KeyTarget[] {
  const held = new Set(holders.map((a) => a.toLowerCase()));
  const missing: KeyTarget[] = [];
  for (const target of targets) {
    if (!target) continue;
    const address = target.address.toLowerCase();
    if (held.has(address) || missing.some((m) => m.address === address)) continue;
    missing.push({ ...target, address });
  }
  return missing;
}
