// The realtime socket's limits: part of the API's environment (config/env.ts).
import { Type } from "@sinclair/typebox";

export const RealtimeEnv = {
  /**
   * Open realtime sockets from one client IP address, in this process (behind a proxy, set
   * TRUST_PROXY so the address is the client's). A socket past it is closed with 4429.
   */
  REALTIME_MAX_SOCKETS_PER_IP: Type.Integer({ minimum: 1, default: 100 }),
  /** Signed-in realtime sockets of one wallet, in this process: a tab or device each. */
  REALTIME_MAX_SOCKETS_PER_WALLET: Type.Integer({ minimum: 1, default: 20 }),
};
