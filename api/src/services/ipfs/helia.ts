// The embedded node: Helia over a blockstore on disk, never started, so it neither dials nor
// announces. Content stays on this machine; CIDs are the same any IPFS node would compute.
import { unixfs } from "@helia/unixfs";
import { FsBlockstore } from "blockstore-fs";
import { createHelia } from "helia";
// kubo-rpc-client re-exports multiformats' CID: the one direct dependency that exposes it.
import { CID } from "kubo-rpc-client";
import type { IpfsStore } from "./types.ts";

export async function heliaStore(repoDir: string): Promise<IpfsStore> {
  const blockstore = new FsBlockstore(repoDir);
  await blockstore.open();
  // Helia 7 nodes stay stopped until `start()` (the `start: false` of earlier versions is the
  // default now): no libp2p, no bitswap, no routing, only the local blockstore.
  const helia = createHelia({ blockstore });
  const fs = unixfs(helia);
  return {
    async add(bytes) {
      const cid = await fs.addBytes(bytes);
      // Pinned, so a garbage collection of the repository never drops evidence.
      if (!(await helia.pins.isPinned(cid))) for await (const _ of helia.pins.add(cid));
      return cid.toString();
    },
    async *cat(cid) {
      // Offline: a block this node does not hold is an error, not a network search.
      yield* fs.cat(CID.parse(cid) as never, { offline: true });
    },
    async stop() {
      await helia.stop();
      await blockstore.close();
    },
  };
}
