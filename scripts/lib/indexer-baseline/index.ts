// The indexer benchmark's baseline: a plain indexer that writes the same derived tables from the
// same events as Ponder, by running the indexer's own handlers (handlers.ts) against an in-memory
// store (memory-store.ts). Per chunk of blocks it makes one eth_getLogs for both contracts and one
// eth_getBlockByNumber per block with logs (for the timestamp), decodes each log as Ponder does
// (addresses lowercased), calls the handler in log order and writes the changed rows in one
// transaction. No crash safety, no reorg handling, no RPC cache: what Ponder does beyond that is
// what the benchmark prices.
import pg from "pg";
import { type Abi, type AbiEvent, type Address, createPublicClient, decodeEventLog, type Hex, http, toEventSelector } from "viem";
import { loadIndexer } from "./handlers.ts";
import { MemoryStore } from "./memory-store.ts";

export interface BaselineContract {
  name: string; // the indexer's contract key, as in "P2PEscrow:OrderCreated"
  address: Address;
  abi: Abi;
}

export interface BaselineRange {
  rpcUrl: string;
  chainId: number;
  contracts: BaselineContract[];
  fromBlock: bigint;
  toBlock: bigint;
  /** Blocks per eth_getLogs and per write transaction. */
  chunkBlocks: number;
}

/**
 * Ponder's event id: the log's checkpoint, a fixed-width decimal string (block timestamp 10 digits,
 * chain id, block number, transaction index 16 each, event type 5 for a log, log index 16).
 */
function eventId(timestamp: bigint, chainId: number, blockNumber: bigint, transactionIndex: number, logIndex: number) {
  const pad = (value: bigint | number, digits: number) => value.toString().padStart(digits, "0");
  return `${pad(timestamp, 10)}${pad(chainId, 16)}${pad(blockNumber, 16)}${pad(transactionIndex, 16)}5${pad(logIndex, 16)}`;
}

/** Ponder hands handlers addresses lowercased (its own decoder); viem checksums them. */
function lowercaseAddresses(item: AbiEvent, args: Record<string, unknown>) {
  for (const input of item.inputs) {
    const value = args[input.name!];
    if (input.type === "address") args[input.name!] = (value as string).toLowerCase();
    if (input.type === "address[]") args[input.name!] = (value as string[]).map((a) => a.toLowerCase());
  }
  return args;
}

/** Creates the baseline's tables in `schema`; `index` then fills them. */
export async function prepareBaseline({ databaseUrl, schema }: { databaseUrl: string; schema: string }) {
  const { handlers, tables } = await loadIndexer();
  const store = new MemoryStore(tables);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await store.createTables(db, schema);

  async function index(range: BaselineRange) {
    const client = createPublicClient({ transport: http(range.rpcUrl) });
    const bySelector = new Map<string, { contract: string; item: AbiEvent }>();
    for (const contract of range.contracts) {
      for (const item of contract.abi.filter((i): i is AbiEvent => i.type === "event")) {
        if (handlers.has(`${contract.name}:${item.name}`))
          bySelector.set(`${contract.address.toLowerCase()}:${toEventSelector(item)}`, { contract: contract.name, item });
      }
    }
    const context = { db: store.db, chain: { id: range.chainId } };
    let events = 0;
    let rows = 0;
    for (let from = range.fromBlock; from <= range.toBlock; from += BigInt(range.chunkBlocks)) {
      const to = from + BigInt(range.chunkBlocks) - 1n < range.toBlock ? from + BigInt(range.chunkBlocks) - 1n : range.toBlock;
      const logs = await client.getLogs({ address: range.contracts.map((c) => c.address), fromBlock: from, toBlock: to });
      const blockNumbers = [...new Set(logs.map((log) => log.blockNumber))];
      const blocks = await Promise.all(blockNumbers.map((blockNumber) => client.getBlock({ blockNumber })));
      const timestamps = new Map(blocks.map((block) => [block.number, block.timestamp]));
      for (const log of logs) {
        const match = bySelector.get(`${log.address.toLowerCase()}:${log.topics[0]}`);
        if (!match) continue;
        const decoded = decodeEventLog({ abi: [match.item], topics: log.topics as [Hex, ...Hex[]], data: log.data });
        const args = lowercaseAddresses(match.item, { ...(decoded.args as Record<string, unknown>) });
        const timestamp = timestamps.get(log.blockNumber)!;
        const event = {
          id: eventId(timestamp, range.chainId, log.blockNumber, log.transactionIndex, log.logIndex),
          args,
          log: { address: log.address.toLowerCase(), logIndex: log.logIndex, topics: log.topics, data: log.data },
          block: { number: log.blockNumber, hash: log.blockHash, timestamp },
          transaction: { hash: log.transactionHash, transactionIndex: log.transactionIndex },
        };
        await handlers.get(`${match.contract}:${match.item.name}`)!({ event, context });
        events++;
      }
      rows += await store.flush(db, schema);
    }
    await store.createIndexes(db, schema);
    return { events, rows };
  }

  return { index, close: () => db.end() };
}
