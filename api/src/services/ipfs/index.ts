// Picks the IPFS backend the configuration names.
import type { Config } from "../../config/env.ts";
import { heliaStore } from "./helia.ts";
import { kuboStore } from "./kubo.ts";
import { pinataStore } from "./pinata.ts";
import type { IpfsStore } from "./types.ts";

export const PINATA_DEFAULT_GATEWAY = "https://gateway.pinata.cloud";

export async function createIpfsStore(config: Config): Promise<IpfsStore> {
  switch (config.IPFS_BACKEND) {
    case "helia":
      return heliaStore(config.IPFS_REPO_DIR);
    case "kubo":
      return kuboStore(config.KUBO_API_URL!);
    case "pinata":
      return pinataStore({
        apiUrl: config.PINATA_API_URL,
        jwt: config.PINATA_JWT!,
        gatewayUrl: config.PINATA_GATEWAY_URL ?? PINATA_DEFAULT_GATEWAY,
      });
  }
}

export { IpfsError, type IpfsStore } from "./types.ts";
