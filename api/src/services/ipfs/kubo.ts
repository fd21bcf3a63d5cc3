// A Kubo node reached over its RPC API (`/api/v0/add`, `/api/v0/cat`): content is pinned there.
import { create } from "kubo-rpc-client";
import { IpfsError, type IpfsStore } from "./types.ts";

export function kuboStore(url: string): IpfsStore {
  const client = create({ url });
  return {
    async add(bytes) {
      try {
        const { cid } = await client.add(bytes, { pin: true, cidVersion: 1, rawLeaves: true });
        return cid.toString();
      } catch (error) {
        throw new IpfsError(`kubo add failed: ${(error as Error).message}`, { cause: error });
      }
    },
    async *cat(cid) {
      yield* client.cat(cid);
    },
    async stop() {},
  };
}
