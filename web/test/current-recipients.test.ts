import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/client.ts";
import { sendToCurrentRecipients } from "@/lib/api/current-recipients.ts";

const [buyer, seller, arbitrator] = ["0xb0", "0x5e", "0xa4"];

/** Stands in for the API's upload check: it takes exactly the order's current participants. */
function apiWithParticipants(current: string[]) {
  const calls: (readonly string[])[] = [];
  const send = async (recipients: readonly string[]) => {
    calls.push(recipients);
    if ([...recipients].sort().join() !== [...current].sort().join()) {
      throw new ApiError(400, "KEYS_RECIPIENTS", "Wrap the file key exactly once for each participant", { required: current });
    }
    return { uri: "ipfs://evidence" };
  };
  return { calls, send };
}

describe("sendToCurrentRecipients", () => {
  it("sends once when the page knows the order's participants", async () => {
    const api = apiWithParticipants([buyer!, seller!, arbitrator!]);
    let stale = 0;
    await expect(sendToCurrentRecipients([buyer!, seller!, arbitrator!], api.send, () => stale++)).resolves.toEqual({
      uri: "ipfs://evidence",
    });
    expect(api.calls).toHaveLength(1);
    expect(stale).toBe(0);
  });

  it("seals again for the arbitrator the page had not seen drawn yet, and says the page is stale", async () => {
    const api = apiWithParticipants([buyer!, seller!, arbitrator!]);
    let stale = 0;
    await expect(sendToCurrentRecipients([buyer!, seller!], api.send, () => stale++)).resolves.toEqual({ uri: "ipfs://evidence" });
    expect(api.calls).toEqual([
      [buyer, seller],
      [buyer, seller, arbitrator],
    ]);
    expect(stale).toBe(1);
  });

  it("passes any other error on without a second try", async () => {
    const failure = new ApiError(409, "ORDER_CLOSED", "The order is Resolved");
    const calls: (readonly string[])[] = [];
    const send = async (recipients: readonly string[]) => {
      calls.push(recipients);
      throw failure;
    };
    await expect(sendToCurrentRecipients([buyer!, seller!], send, () => undefined)).rejects.toBe(failure);
    expect(calls).toHaveLength(1);
  });
});
