// eth-infinitism's SimpleAccount (v0.8) as a viem smart account: created by the canonical
// SimpleAccountFactory on its first user operation, owned by one key that signs the operation's
// EIP-712 hash (what SimpleAccount v0.8 recovers). viem ships the EIP-7702 variant
// (toSimple7702SmartAccount) but not this one.
import {
  type Address,
  type Chain,
  type Client,
  decodeFunctionData,
  encodeFunctionData,
  type JsonRpcAccount,
  type LocalAccount,
  type Transport,
} from "viem";
import { getUserOperationTypedData, toSmartAccount } from "viem/account-abstraction";
import { readContract } from "viem/actions";
import { DETERMINISTIC_CONTRACTS } from "../../../contracts/account-abstraction.ts";
import { entryPointAbi, simpleAccountAbi, simpleAccountFactoryAbi } from "../../../contracts/generated/deployments.ts";

export interface SimpleAccountOptions {
  client: Client<Transport, Chain, JsonRpcAccount | LocalAccount | undefined>;
  owner: LocalAccount;
  /** The factory's salt: one owner can hold several accounts. */
  index?: bigint;
}

export async function toSimpleAccount({ client, owner, index = 0n }: SimpleAccountOptions) {
  const factory = DETERMINISTIC_CONTRACTS.SimpleAccountFactory.address;
  const entryPoint = { abi: entryPointAbi, address: DETERMINISTIC_CONTRACTS.EntryPoint.address, version: "0.8" } as const;
  const chainId = client.chain?.id;
  if (chainId === undefined) throw new Error("toSimpleAccount needs a client with a chain");
  // The factory computes the CREATE2 address; an account is the same before and after deployment.
  const address: Address = await readContract(client, {
    address: factory,
    abi: simpleAccountFactoryAbi,
    functionName: "getAddress",
    args: [owner.address, index],
  });

  return toSmartAccount({
    client,
    entryPoint,
    extend: { owner },
    async getAddress() {
      return address;
    },
    async getFactoryArgs() {
      return {
        factory,
        factoryData: encodeFunctionData({ abi: simpleAccountFactoryAbi, functionName: "createAccount", args: [owner.address, index] }),
      };
    },
    async encodeCalls(calls) {
      if (calls.length === 1) {
        const [call] = calls;
        return encodeFunctionData({ abi: simpleAccountAbi, functionName: "execute", args: [call.to, call.value ?? 0n, call.data ?? "0x"] });
      }
      return encodeFunctionData({
        abi: simpleAccountAbi,
        functionName: "executeBatch",
        args: [calls.map((call) => ({ target: call.to, value: call.value ?? 0n, data: call.data ?? "0x" }))],
      });
    },
    async decodeCalls(data) {
      const decoded = decodeFunctionData({ abi: simpleAccountAbi, data });
      if (decoded.functionName === "execute") {
        const [to, value, callData] = decoded.args;
        return [{ to, value, data: callData }];
      }
      if (decoded.functionName === "executeBatch") return decoded.args[0].map((c) => ({ to: c.target, value: c.value, data: c.data }));
      throw new Error(`not a call of SimpleAccount: ${decoded.functionName}`);
    },
    // A well-formed 65-byte signature that recovers to some address: gas estimation runs validation with it.
    async getStubSignature() {
      return "0xfffffffffffffffffffffffffffffff0000000000000000000000000000000007aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1c";
    },
    async signMessage({ message }) {
      return owner.signMessage({ message });
    },
    async signTypedData(typedData) {
      return owner.signTypedData(typedData as never);
    },
    async signUserOperation({ chainId: opChainId = chainId, ...userOperation }) {
      const typedData = getUserOperationTypedData({
        chainId: opChainId,
        entryPointAddress: entryPoint.address,
        userOperation: { ...userOperation, sender: address },
      });
      return owner.signTypedData(typedData);
    },
  });
}
