// Pinata: uploads through its v3 files API (public network, so any gateway serves the CID), reads
// through the account's gateway.
import { IpfsError, type IpfsStore } from "./types.ts";

export interface PinataOptions {
  apiUrl: string;
  jwt: string;
  gatewayUrl: string;
}

export function pinataStore({ apiUrl, jwt, gatewayUrl }: PinataOptions): IpfsStore {
  const base = apiUrl.replace(/\/+$/, "");
  const gateway = gatewayUrl.replace(/\/+$/, "");
  return {
    async add(bytes) {
      const form = new FormData();
      form.append("network", "public");
      form.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }), "evidence.bin");
      const response = await fetch(`${base}/files`, { method: "POST", headers: { authorization: `Bearer ${jwt}` }, body: form });
      if (!response.ok) throw new IpfsError(`pinata upload failed: HTTP ${response.status}`);
      const body = (await response.json()) as { data?: { cid?: unknown } };
      if (typeof body.data?.cid !== "string") throw new IpfsError("pinata upload answered without a CID");
      return body.data.cid;
    },
    async *cat(cid) {
      const response = await fetch(`${gateway}/ipfs/${encodeURIComponent(cid)}`);
      if (!response.ok || !response.body) throw new IpfsError(`pinata gateway failed: HTTP ${response.status}`);
      for await (const chunk of response.body) yield chunk;
    },
    async stop() {},
  };
}
