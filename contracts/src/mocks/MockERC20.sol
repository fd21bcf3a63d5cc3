// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IERC3009} from "../interfaces/IERC3009.sol";

/// @notice A plain stablecoin with EIP-2612 permit, USDC's EIP-3009 `receiveWithAuthorization`
/// and configurable decimals; anyone may mint. It stands in for USDC where Circle's token is not
/// deployed (the local chain, testnets); its EIP-3009 follows FiatToken v2.2's rules for the one
/// function the escrow calls.
contract MockERC20 is ERC20Permit, IERC3009 {
    // An EIP-712 type string, hashed at compile time: its length costs nothing.
    // solhint-disable-next-line gas-small-strings
    bytes32 private constant _RECEIVE_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );

    uint8 private immutable _decimals;
    mapping(address authorizer => mapping(bytes32 nonce => bool used)) private _authorizationStates;

    /// @notice An EIP-3009 authorization was used (FiatToken's event).
    event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce);

    /// @notice `caller` tried to execute a transfer whose payee is `payee`.
    error MockAuthorizationCallerNotPayee(address caller, address payee);
    /// @notice The authorization is not valid at `time` (outside `validAfter`..`validBefore`).
    error MockAuthorizationOutsideWindow(uint256 time, uint256 validAfter, uint256 validBefore);
    /// @notice `authorizer` already used `nonce`.
    error MockAuthorizationUsed(address authorizer, bytes32 nonce);
    /// @notice The signature is not `authorizer`'s over these terms.
    error MockAuthorizationInvalidSignature(address authorizer);

    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) ERC20Permit(name_) {
        _decimals = decimals_;
    }

    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Whether `authorizer` has used `nonce` (EIP-3009).
    function authorizationState(address authorizer, bytes32 nonce) external view returns (bool) {
        return _authorizationStates[authorizer][nonce];
    }

    /// @inheritdoc IERC3009
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        if (to != msg.sender) revert MockAuthorizationCallerNotPayee(msg.sender, to);
        if (block.timestamp <= validAfter || block.timestamp >= validBefore) {
            revert MockAuthorizationOutsideWindow(block.timestamp, validAfter, validBefore);
        }
        if (_authorizationStates[from][nonce]) revert MockAuthorizationUsed(from, nonce);
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(_RECEIVE_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce))
        );
        if (ECDSA.recover(digest, v, r, s) != from) revert MockAuthorizationInvalidSignature(from);
        _authorizationStates[from][nonce] = true;
        emit AuthorizationUsed(from, nonce);
        _transfer(from, to, value);
    }
}
