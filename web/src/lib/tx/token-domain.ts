// The EIP-712 domain a token signs permits and EIP-3009 authorizations under, read from the chain:
// eip712Domain() where the token has it (the mocks), else FiatToken's name() and version(), checked
// against its DOMAIN_SEPARATOR() (protocol's tokenDomain).
import { type PermitDomain, tokenDomain } from "@p2p-escrow/protocol/permit";
import { type Address, parseAbi } from "viem";
import type { Config } from "wagmi";
import { readContract } from "wagmi/actions";
import { stablecoinAbi } from "@/generated/contracts.ts";

/** FiatToken's domain functions besides eip712Domain(), which it lacks. */
const domainAbi = parseAbi(["function version() view returns (string)", "function DOMAIN_SEPARATOR() view returns (bytes32)"]);

export function readTokenDomain(config: Config, chainId: number, token: Address): Promise<PermitDomain> {
  const read = <T>(abi: typeof stablecoinAbi | typeof domainAbi, functionName: string) =>
    readContract(config, { address: token, abi, functionName, chainId } as never) as Promise<T>;
  return tokenDomain(
    {
      eip712Domain: () => read(stablecoinAbi, "eip712Domain"),
      name: () => read(stablecoinAbi, "name"),
      version: () => read(domainAbi, "version"),
      domainSeparator: () => read(domainAbi, "DOMAIN_SEPARATOR"),
    },
    chainId,
    token,
  );
}
