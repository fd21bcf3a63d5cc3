import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { createIpfsStore, type IpfsStore } from "../../services/ipfs/index.ts";

declare module "fastify" {
  interface FastifyInstance {
    ipfs: IpfsStore;
  }
}

/** The IPFS backend `IPFS_BACKEND` names; the embedded node is stopped when the app closes. */
export default fp(
  async function ipfs(app: FastifyInstance) {
    const store = await createIpfsStore(app.config);
    app.decorate("ipfs", store);
    app.addHook("onClose", async () => store.stop());
  },
  { name: "ipfs" },
);
