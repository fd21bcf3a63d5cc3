// Hardhat's node keeps its chain in memory. To let the dev stack stop and pick the same chain up
// again, every block is journaled on shutdown and replayed into a fresh node started with the same
// genesis date: the same signed transactions in the same blocks at the same timestamps give the
// same chain, block hashes included.
import { readFile, rename, writeFile } from "node:fs/promises";
import { type Hex, type PublicClient, serializeTransaction, type Transaction, type TransactionSerializable } from "viem";

export interface ChainJournal {
  chainId: number;
  genesisTimestamp: number; // unix seconds of block 0, the node's initialDate
  blocks: { timestamp: number; transactions: Hex[] }[]; // blocks 1…n, signed transactions in order
}

const JOURNAL_BATCH = 50n;

function rawTransaction(tx: Transaction): Hex {
  const signature = { r: tx.r, s: tx.s, ...(tx.type === "legacy" ? { v: tx.v } : { yParity: tx.yParity }) };
  // RPC transactions name their calldata `input`; the serializer calls it `data`.
  const fields = { ...tx, data: tx.input, to: tx.to ?? undefined } as unknown as TransactionSerializable;
  return serializeTransaction(fields, signature);
}

export async function readJournal(file: string): Promise<ChainJournal | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as ChainJournal;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Reads every block from the node and writes the journal atomically. */
export async function saveJournal(client: PublicClient, file: string) {
  const latest = await client.getBlockNumber();
  const genesis = await client.getBlock({ blockNumber: 0n });
  const journal: ChainJournal = {
    chainId: await client.getChainId(),
    genesisTimestamp: Number(genesis.timestamp),
    blocks: [],
  };
  // In batches: with interval mining most blocks are empty, and a long session has thousands.
  for (let from = 1n; from <= latest; from += JOURNAL_BATCH) {
    const numbers = Array.from(
      { length: Number(latest - from + 1n < JOURNAL_BATCH ? latest - from + 1n : JOURNAL_BATCH) },
      (_, i) => from + BigInt(i),
    );
    const blocks = await Promise.all(numbers.map((blockNumber) => client.getBlock({ blockNumber, includeTransactions: true })));
    for (const block of blocks)
      journal.blocks.push({ timestamp: Number(block.timestamp), transactions: block.transactions.map(rawTransaction) });
  }
  await writeFile(`${file}.tmp`, JSON.stringify(journal));
  await rename(`${file}.tmp`, file);
  return journal.blocks.length;
}

/** Replays a journal into a node started with `initialDate` = the journal's genesis date. */
export async function replayJournal(client: PublicClient, journal: ChainJournal) {
  const rpc = (method: string, params: unknown[] = []) => client.request({ method, params } as never) as Promise<unknown>;
  await rpc("evm_setAutomine", [false]);
  try {
    for (const block of journal.blocks) {
      for (const raw of block.transactions) await rpc("eth_sendRawTransaction", [raw]);
      await rpc("evm_mine", [block.timestamp]);
    }
  } finally {
    await rpc("evm_setAutomine", [true]);
  }
}
