// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";

/// @title Stablecoin paymaster (ERC-4337, EntryPoint v0.8)
/// @notice Pays a user operation's gas from its own EntryPoint deposit and takes the cost back in a
/// stablecoin, at a price its quote signer signed for this one operation and a short time.
///
/// `paymasterAndData` = paymaster (20) | verification gas (16) | postOp gas (16) | token (20) |
/// validUntil (6) | validAfter (6) | price (16) | maxTokenCost (16) | quote signature (65).
/// The sender's own signature covers all of it (the v0.8 user-operation hash includes
/// `paymasterAndData`), so `maxTokenCost` is the most the user agreed to pay; the quote signature
/// covers the operation's fields and the quote, so a quote serves one operation only.
///
/// Two ways to pay, chosen at validation by the sender's allowance:
/// - Pre-charged (allowance >= maxTokenCost): `maxTokenCost` moves to the paymaster during
///   validation and the unused part returns in `postOp`. Nothing the operation does can leave the
///   paymaster unpaid.
/// - Deferred (allowance too small; the first operation of a wallet holding only a token without
///   permit, such as USDT, which approves the paymaster inside its own call data): the cost is
///   taken in `postOp`. Allowed only with no other operation of the sender pending and while the
///   sender has missed fewer than `maxUnpaidPerSender` payments. If the operation succeeded but
///   cannot be charged (it revoked the approval or moved the tokens away), `postOp` reverts, which
///   undoes the operation: the sender gains nothing, and the pending mark written at validation
///   stays, closing the deferred path to that sender for good. If the operation itself reverted
///   (its approval reverted with it), the miss is recorded and counts towards the limit.
///
/// Anti-drain: a cap on each operation's maximum cost, a cap on a sender's pre-charged operations
/// in one bundle,
/// the deferred path's limits above, quotes that must expire within `maxQuoteTtl`, and a throttle:
/// after `failureThreshold` reverted operations in a row a sender's operations become valid only
/// `throttleDuration` later (enforced by the EntryPoint through `validAfter`).
interface IStablecoinPaymaster {
    // ------------------------------------------------------------------ Types

    /// @notice The part of `paymasterData` the quote signer signs, besides the operation.
    struct Quote {
        address token; // the stablecoin the sender pays in
        uint48 validUntil; // last second (unix) the quote may be used; never 0
        uint48 validAfter; // first second (unix) the quote may be used
        uint128 price; // token base units per 1e18 wei of gas cost (the quote's markup included)
        uint128 maxTokenCost; // the most token base units the sender pays for this operation
    }

    /// @notice The owner's limits. All fit one storage slot; the paymaster also keeps the ones every
    /// operation reads in the quote signer's slot, in narrower units, so `setLimits` requires
    /// `maxCostPerOp` to be a whole number of gwei below 2^40 gwei, `maxQuoteTtl` below 2^16
    /// seconds (18 hours) and `postOpOverheadGas` below 2^24.
    struct Limits {
        uint128 maxCostPerOp; // wei: the most gas cost (EntryPoint's maxCost) one operation may reserve
        uint32 postOpOverheadGas; // gas charged for postOp itself, which the EntryPoint cannot count
        uint32 maxQuoteTtl; // seconds: the most a quote's validUntil may lie after its validAfter
        uint32 throttleDuration; // seconds a throttled sender waits
        uint8 maxPendingPerSender; // pre-charged operations of one sender validated and not settled
        uint8 maxUnpaidPerSender; // deferred payments a sender may miss before the path closes
        uint8 failureThreshold; // reverted operations in a row that throttle a sender
    }

    /// @notice What the paymaster remembers about a sender. One storage slot, written only when
    /// something in it changes (a deferred operation, a failure, the first success after one).
    struct SenderState {
        bool known; // set whenever the record is written, so later writes are not zero-to-nonzero
        // Pre-charged operations are counted in transient storage instead, within their bundle.
        uint8 pending; // deferred operations validated and not settled (stays raised by a reverted postOp)
        uint8 unpaid; // deferred payments missed by reverted operations
        uint8 failures; // reverted operations in a row since the last success or throttle
        uint48 throttledUntil; // unix seconds before which the sender's operations are not valid
    }

    // ------------------------------------------------------------------ Errors

    /// @notice `paymasterData` has the wrong length (64 bytes of quote, then a 65-byte signature).
    error PaymasterInvalidData(uint256 length);
    /// @notice The token is not one the paymaster accepts.
    error PaymasterTokenNotSupported(address token);
    /// @notice The quote never expires (`validUntil` 0), ends before it starts, or runs longer than `maxQuoteTtl`.
    error PaymasterInvalidQuoteWindow(uint48 validAfter, uint48 validUntil, uint32 maxQuoteTtl);
    /// @notice The operation may cost more gas (wei) than one operation may.
    error PaymasterOpCostTooHigh(uint256 maxCost, uint256 limit);
    /// @notice At the quoted price, the operation's maximum gas cost exceeds what the sender accepts.
    error PaymasterMaxTokenCostTooLow(uint256 required, uint256 maxTokenCost);
    /// @notice The sender holds less of the token than it may have to pay.
    error PaymasterInsufficientBalance(address sender, address token, uint256 balance, uint256 required);
    /// @notice The sender's allowance is too small and the deferred path is closed to it.
    error PaymasterDeferredRefused(address sender, uint256 allowance, uint256 pending, uint256 unpaid);
    /// @notice The sender has as many operations pending as it may.
    error PaymasterTooManyPending(address sender, uint256 pending);
    /// @notice A successful operation on the deferred path could not be charged; it is undone.
    error PaymasterChargeFailed(address sender, address token, uint256 amount);
    /// @notice A limit is zero where it must not be, or does not fit the units of the copy every
    /// operation reads (see {Limits}).
    error PaymasterInvalidLimits();
    /// @notice An address argument is the zero address.
    error PaymasterZeroAddress();

    // ------------------------------------------------------------------ Events

    /// @notice Emitted when the owner accepts or stops accepting a token.
    /// @param token The token.
    /// @param supported Whether operations may pay in it now.
    event TokenConfigured(address indexed token, bool supported);
    /// @notice Emitted when the quote signer changes.
    /// @param previous The signer before.
    /// @param current The signer whose quotes are accepted now.
    event QuoteSignerChanged(address indexed previous, address indexed current);
    /// @notice Emitted when the owner changes the limits.
    /// @param limits The limits now.
    event LimitsChanged(Limits limits);
    /// @notice Emitted in `postOp` when a sender paid for its operation.
    /// @param sender The account.
    /// @param token The token it paid in.
    /// @param tokenAmount Token base units it paid (after the refund of a pre-charge).
    /// @param gasCost Wei the paymaster's deposit paid, as postOp counted it (overhead included).
    /// @param price The quoted price, token base units per 1e18 wei.
    event GasCharged(
        address indexed sender,
        address indexed token,
        uint256 tokenAmount,
        uint256 gasCost,
        uint256 price
    );
    /// @notice Emitted when a reverted operation on the deferred path could not be charged.
    /// @param sender The account.
    /// @param token The token it should have paid in.
    /// @param tokenAmount Token base units it owed.
    /// @param unpaid How many payments it has missed now.
    event ChargeMissed(address indexed sender, address indexed token, uint256 tokenAmount, uint256 unpaid);
    /// @notice Emitted when the unused part of a pre-charge could not be sent back (e.g. the
    /// sender was blocklisted by the token during the operation); it stays with the paymaster.
    /// @param sender The account.
    /// @param token The token.
    /// @param amount Token base units kept.
    event RefundFailed(address indexed sender, address indexed token, uint256 amount);
    /// @notice Emitted when a sender's reverted operations reach the threshold.
    /// @param sender The account.
    /// @param until Unix seconds before which its operations are not valid.
    event SenderThrottled(address indexed sender, uint256 until);
    /// @notice Emitted when the owner resets what the paymaster remembers about a sender.
    /// @param sender The account.
    event SenderCleared(address indexed sender);
    /// @notice Emitted when the owner takes token earnings out.
    /// @param token The token.
    /// @param to The recipient.
    /// @param amount Token base units sent.
    event TokensWithdrawn(address indexed token, address indexed to, uint256 amount);

    // ------------------------------------------------------------------ Owner

    /// @notice Accepts or stops accepting `token` for payment.
    /// @param token The stablecoin.
    /// @param supported Whether operations may pay in it.
    function setToken(address token, bool supported) external;

    /// @notice Replaces the key whose quotes are accepted.
    /// @param signer The new quote signer.
    function setQuoteSigner(address signer) external;

    /// @notice Replaces the limits.
    /// @param limits The new limits; every field but `throttleDuration` must be non-zero, and the
    /// fields every operation reads must fit their packed copy (see {Limits}).
    function setLimits(Limits calldata limits) external;

    /// @notice Sends token earnings to `to`. Between transactions every token the paymaster holds
    /// is earnings: pre-charges are settled within the bundle that made them.
    /// @param token The token.
    /// @param to The recipient.
    /// @param amount Token base units.
    function withdrawToken(IERC20 token, address to, uint256 amount) external;

    /// @notice Forgets a sender's pending mark, missed payments, failures and throttle.
    /// @param sender The account.
    function clearSender(address sender) external;

    // ------------------------------------------------------------------ Views

    /// @notice Whether operations may pay in `token`.
    /// @param token The token.
    /// @return supported True if accepted.
    function isTokenSupported(address token) external view returns (bool supported);

    /// @notice The key whose quotes are accepted.
    /// @return signer The quote signer.
    function quoteSigner() external view returns (address signer);

    /// @notice The owner's limits.
    /// @return limits The limits.
    function limits() external view returns (Limits memory limits);

    /// @notice What the paymaster remembers about `sender`.
    /// @param sender The account.
    /// @return state Its state.
    function senderState(address sender) external view returns (SenderState memory state);

    /// @notice The EIP-712 digest the quote signer signs for `userOp` and `quote`. The operation's
    /// `paymasterAndData` must carry the final paymaster gas limits; its paymaster data is ignored.
    /// @param userOp The user operation.
    /// @param quote The quote.
    /// @return digest The digest to sign.
    function quoteDigest(
        PackedUserOperation calldata userOp,
        Quote calldata quote
    ) external view returns (bytes32 digest);

    /// @notice Token base units for `gasCost` wei at `price`, rounded up.
    /// @param gasCost Wei.
    /// @param price Token base units per 1e18 wei.
    /// @return tokenAmount Token base units.
    function tokenCost(uint256 gasCost, uint256 price) external pure returns (uint256 tokenAmount);
}
