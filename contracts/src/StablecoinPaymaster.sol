// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BasePaymaster} from "@account-abstraction/contracts/core/BasePaymaster.sol";
import {_packValidationData} from "@account-abstraction/contracts/core/Helpers.sol";
import {IEntryPoint} from "@account-abstraction/contracts/interfaces/IEntryPoint.sol";
import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SlotDerivation} from "@openzeppelin/contracts/utils/SlotDerivation.sol";
import {TransientSlot} from "@openzeppelin/contracts/utils/TransientSlot.sol";
import {IStablecoinPaymaster} from "./interfaces/IStablecoinPaymaster.sol";

/// @title StablecoinPaymaster
/// @notice See {IStablecoinPaymaster}. The deposit and stake at the EntryPoint are managed through
/// the package's BasePaymaster (`deposit`, `withdrawTo`, `addStake`, `unlockStake`,
/// `withdrawStake`); bundlers require the stake, since validation reads the paymaster's own
/// storage and returns a context.
contract StablecoinPaymaster is IStablecoinPaymaster, BasePaymaster, EIP712 {
    using SafeERC20 for IERC20;
    using SlotDerivation for bytes32;
    using TransientSlot for bytes32;
    using TransientSlot for TransientSlot.Uint256Slot;

    // ---------------------------------------------------------------- Constants

    /// @dev `price` is token base units per this many wei.
    uint256 private constant _PRICE_DENOMINATOR = 1e18;
    /// @dev token (20) + validUntil (6) + validAfter (6) + price (16) + maxTokenCost (16).
    uint256 private constant _QUOTE_LENGTH = 64;
    /// @dev The context: sender (20) + token (20) + price (16) + maxTokenCost (16) + deferred (1).
    uint256 private constant _CONTEXT_LENGTH = 73;
    /// @dev The unit of the hot copy of `maxCostPerOp`.
    uint256 private constant _GWEI = 1 gwei;
    /// @dev Transient mapping sender => pre-charged operations validated and not settled in this
    /// transaction: keccak256("StablecoinPaymaster.precharged") - 1.
    bytes32 private constant _PRECHARGED_SLOT = bytes32(uint256(keccak256("StablecoinPaymaster.precharged")) - 1);

    // EIP-712 type strings: hashed at compile time, so their length costs nothing.
    // solhint-disable gas-small-strings
    bytes32 private constant _USER_OP_TYPEHASH = keccak256(
        "UserOp(address sender,uint256 nonce,bytes initCode,bytes callData,bytes32 accountGasLimits,"
        "uint128 paymasterVerificationGasLimit,uint128 paymasterPostOpGasLimit,uint256 preVerificationGas,"
        "bytes32 gasFees)"
    );
    bytes32 private constant _QUOTE_TYPEHASH = keccak256(
        "Quote(UserOp op,address token,uint48 validUntil,uint48 validAfter,uint128 price,uint128 maxTokenCost)"
        "UserOp(address sender,uint256 nonce,bytes initCode,bytes callData,bytes32 accountGasLimits,"
        "uint128 paymasterVerificationGasLimit,uint128 paymasterPostOpGasLimit,uint256 preVerificationGas,"
        "bytes32 gasFees)"
    );
    // solhint-enable gas-small-strings

    // ---------------------------------------------------------------- Storage

    /// @dev What every operation reads, in one slot (one cold SLOAD in validation, a warm one in
    /// postOp): the quote signer and a copy of the limits validation and postOp need, in narrower
    /// units that `setLimits` checks the limits fit.
    struct HotConfig {
        address quoteSigner; // the key whose quotes are accepted
        uint40 maxCostPerOpGwei; // Limits.maxCostPerOp in gwei (a whole number of gwei)
        uint16 maxQuoteTtl; // Limits.maxQuoteTtl, seconds
        uint24 postOpOverheadGas; // Limits.postOpOverheadGas, gas
        uint8 maxPendingPerSender; // Limits.maxPendingPerSender
        uint8 maxUnpaidPerSender; // Limits.maxUnpaidPerSender
    }

    mapping(address token => bool) private _supported;
    mapping(address sender => SenderState) private _senders;
    /// @dev The limits as set: for `limits()` and the failure path (throttle), which is rare.
    Limits private _limits;
    HotConfig private _hot;

    // ---------------------------------------------------------------- Constructor

    /// @notice Deploys the paymaster; fund it with `deposit` and stake it with `addStake` before use.
    /// @param entryPoint_ The EntryPoint v0.8.
    /// @param initialOwner Who manages tokens, limits, earnings, deposit and stake.
    /// @param signer The quote signer.
    /// @param initialLimits The limits.
    constructor(
        IEntryPoint entryPoint_,
        address initialOwner,
        address signer,
        Limits memory initialLimits
    ) BasePaymaster(entryPoint_) EIP712("StablecoinPaymaster", "1") {
        if (initialOwner == address(0)) revert PaymasterZeroAddress();
        _transferOwnership(initialOwner);
        _setQuoteSigner(signer);
        _setLimits(initialLimits);
    }

    // ---------------------------------------------------------------- Owner

    /// @inheritdoc IStablecoinPaymaster
    function setToken(address token, bool supported) external onlyOwner {
        if (token == address(0)) revert PaymasterZeroAddress();
        _supported[token] = supported;
        emit TokenConfigured(token, supported);
    }

    /// @inheritdoc IStablecoinPaymaster
    function setQuoteSigner(address signer) external onlyOwner {
        _setQuoteSigner(signer);
    }

    /// @inheritdoc IStablecoinPaymaster
    function setLimits(Limits calldata newLimits) external onlyOwner {
        _setLimits(newLimits);
    }

    /// @inheritdoc IStablecoinPaymaster
    function withdrawToken(IERC20 token, address to, uint256 amount) external onlyOwner {
        if (to == address(0)) revert PaymasterZeroAddress();
        token.safeTransfer(to, amount);
        emit TokensWithdrawn(address(token), to, amount);
    }

    /// @inheritdoc IStablecoinPaymaster
    function clearSender(address sender) external onlyOwner {
        // `known` stays set: the slot is not zeroed, so the sender's next operation does not pay
        // for a zero-to-nonzero write.
        _senders[sender] = SenderState({known: true, pending: 0, unpaid: 0, failures: 0, throttledUntil: 0});
        emit SenderCleared(sender);
    }

    // ---------------------------------------------------------------- Views

    /// @inheritdoc IStablecoinPaymaster
    function isTokenSupported(address token) external view returns (bool) {
        return _supported[token];
    }

    /// @inheritdoc IStablecoinPaymaster
    function quoteSigner() external view returns (address) {
        return _hot.quoteSigner;
    }

    /// @inheritdoc IStablecoinPaymaster
    function limits() external view returns (Limits memory) {
        return _limits;
    }

    /// @inheritdoc IStablecoinPaymaster
    function senderState(address sender) external view returns (SenderState memory) {
        return _senders[sender];
    }

    /// @inheritdoc IStablecoinPaymaster
    function quoteDigest(PackedUserOperation calldata userOp, Quote calldata quote) external view returns (bytes32) {
        return _quoteDigest(userOp, quote);
    }

    /// @inheritdoc IStablecoinPaymaster
    function tokenCost(uint256 gasCost, uint256 price) external pure returns (uint256) {
        return _tokenCost(gasCost, price);
    }

    // ---------------------------------------------------------------- EntryPoint hooks

    /// @dev Every refusal that does not depend on time or on the quote signature reverts with
    /// its own error (the EntryPoint reports it as AA33 with the error's data). A bad signature
    /// and the time window are returned in `validationData` as ERC-4337 requires, so that the
    /// EntryPoint refuses them (AA34, AA32) and gas estimation still works with a stub signature.
    function _validatePaymasterUserOp(
        PackedUserOperation calldata userOp,
        bytes32,
        uint256 maxCost
    ) internal override returns (bytes memory context, uint256 validationData) {
        bytes calldata data = userOp.paymasterAndData[PAYMASTER_DATA_OFFSET:];
        if (data.length != _QUOTE_LENGTH + 65) {
            revert PaymasterInvalidData(data.length);
        }
        Quote memory quote = Quote({
            token: address(bytes20(data[0:20])),
            validUntil: uint48(bytes6(data[20:26])),
            validAfter: uint48(bytes6(data[26:32])),
            price: uint128(bytes16(data[32:48])),
            maxTokenCost: uint128(bytes16(data[48:64]))
        });
        HotConfig memory hot = _hot;
        _checkQuote(quote, hot, maxCost);

        address sender = userOp.sender;
        SenderState memory state = _senders[sender];
        bool deferred = _reserve(sender, quote, hot, state);

        context = abi.encodePacked(sender, quote.token, quote.price, quote.maxTokenCost, deferred);
        // tryRecover: a malformed signature (a stub during gas estimation) is a failed signature,
        // not a revert. A failed signature makes the EntryPoint revert the whole bundle, the
        // pre-charge and the pending marks included.
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecoverCalldata(
            _quoteDigest(userOp, quote),
            data[_QUOTE_LENGTH:]
        );
        bool sigFailed = error != ECDSA.RecoverError.NoError || signer != hot.quoteSigner;
        // A throttled sender's operations start being valid only when its throttle ends.
        uint48 validAfter = quote.validAfter > state.throttledUntil ? quote.validAfter : state.throttledUntil;
        validationData = _packValidationData(sigFailed, quote.validUntil, validAfter);
    }

    /// @dev Charges what the operation cost (the EntryPoint's count plus `postOpOverheadGas` for
    /// this call), at the quoted price, capped by the sender's maximum; in both modes the EntryPoint
    /// calls it with, succeeded or reverted, so a reverted operation pays too.
    function _postOp(
        PostOpMode mode,
        bytes calldata context,
        uint256 actualGasCost,
        uint256 feePerGas
    ) internal override {
        // The context is the one validation wrote (`abi.encodePacked`, `_CONTEXT_LENGTH` bytes);
        // only the EntryPoint calls this, with that context.
        address sender = address(bytes20(context[0:20]));
        address token = address(bytes20(context[20:40]));
        uint256 price = uint128(bytes16(context[40:56]));
        uint256 maxTokenCost = uint128(bytes16(context[56:72]));
        bool deferred = context[72] != 0;

        uint256 gasCost = actualGasCost + uint256(_hot.postOpOverheadGas) * feePerGas;
        uint256 charge = _tokenCost(gasCost, price);
        if (charge > maxTokenCost) charge = maxTokenCost;

        SenderState memory state = _senders[sender];
        // The record is written only when something in it changes: a pre-charged operation that
        // succeeds after another success writes nothing.
        bool changed = _countOutcome(sender, mode, state);

        if (!deferred) {
            _settlePreCharge(sender, token, maxTokenCost - charge);
            emit GasCharged(sender, token, charge, gasCost, price);
        } else {
            // unchecked: validation raised `pending` for this operation, and only this call lowers it.
            unchecked {
                --state.pending;
            }
            changed = true;
            if (IERC20(token).trySafeTransferFrom(sender, address(this), charge)) {
                emit GasCharged(sender, token, charge, gasCost, price);
            } else if (mode == PostOpMode.opSucceeded) {
                // Undo the operation so that not paying gains nothing; the pending mark written at
                // validation survives this revert and closes the deferred path to the sender.
                revert PaymasterChargeFailed(sender, token, charge);
            } else {
                // The operation reverted, and an approval batched in it reverted too: nothing to
                // undo, so remember the miss instead.
                // unchecked: the deferred path was open, so `unpaid` is below a uint8 limit.
                unchecked {
                    ++state.unpaid;
                }
                emit ChargeMissed(sender, token, charge, state.unpaid);
            }
        }
        if (changed) _senders[sender] = state;
    }

    // ---------------------------------------------------------------- Internal

    /// @dev The refusals that depend only on the quote and the limits.
    function _checkQuote(Quote memory quote, HotConfig memory hot, uint256 maxCost) private view {
        if (!_supported[quote.token]) revert PaymasterTokenNotSupported(quote.token);
        // A quote without an end would let a leaked signature price gas forever.
        if (
            quote.validUntil == 0
            || quote.validUntil <= quote.validAfter
            || quote.validUntil - quote.validAfter > hot.maxQuoteTtl
        ) revert PaymasterInvalidQuoteWindow(quote.validAfter, quote.validUntil, hot.maxQuoteTtl);
        uint256 maxCostPerOp = uint256(hot.maxCostPerOpGwei) * _GWEI;
        if (maxCost > maxCostPerOp) revert PaymasterOpCostTooHigh(maxCost, maxCostPerOp);
        // maxCost includes the postOp gas limit, so the charge in postOp never exceeds this.
        uint256 required = _tokenCost(maxCost, quote.price);
        if (required > quote.maxTokenCost) revert PaymasterMaxTokenCostTooLow(required, quote.maxTokenCost);
    }

    /// @dev Takes the pre-charge, or opens the deferred path, or refuses. The pre-charge is tried
    /// first, without reading the balance and the allowance beforehand: `transferFrom` enforces
    /// both, and a sender that has approved the paymaster (every operation after its first) pays
    /// for no extra call. Only when it fails are the balance and the allowance read, to pick the
    /// refusal or the deferred path. Touches only the token's balance and allowance of the sender,
    /// as ERC-7562 allows.
    function _reserve(
        address sender,
        Quote memory quote,
        HotConfig memory hot,
        SenderState memory state
    ) private returns (bool deferred) {
        IERC20 token = IERC20(quote.token);
        TransientSlot.Uint256Slot slot = _prechargedSlot(sender);
        uint256 precharged = slot.tload();
        // Pre-charged operations of this sender validated in this transaction (this bundle) and
        // not settled, plus deferred ones (including a mark left by a reverted postOp).
        uint256 pending = precharged + state.pending;
        if (token.trySafeTransferFrom(sender, address(this), quote.maxTokenCost)) {
            // Counted after the transfer so that the common case reads nothing more; a refusal
            // undoes the transfer.
            _countPreCharge(sender, slot, precharged, pending, hot.maxPendingPerSender);
            return false;
        }
        uint256 balance = token.balanceOf(sender);
        if (balance < quote.maxTokenCost) {
            revert PaymasterInsufficientBalance(sender, quote.token, balance, quote.maxTokenCost);
        }
        uint256 allowance = token.allowance(sender, address(this));
        if (allowance >= quote.maxTokenCost) {
            // Balance and allowance suffice but the token refused the transfer (a paused token, a
            // blocked sender): the token's own error, as a deferred charge would fail the same way.
            token.safeTransferFrom(sender, address(this), quote.maxTokenCost);
            // A token that accepts the same transfer the second time: pre-charged after all.
            _countPreCharge(sender, slot, precharged, pending, hot.maxPendingPerSender);
            return false;
        }
        // One deferred operation at a time, and none beside a pre-charged one: a second operation
        // validated in the same bundle would see the same balance, and only one could be paid.
        if (pending != 0 || state.unpaid >= hot.maxUnpaidPerSender) {
            revert PaymasterDeferredRefused(sender, allowance, pending, state.unpaid);
        }
        // In storage, not transient: the mark must survive a postOp that reverts because the
        // operation left it unable to pay, and close the deferred path to that sender.
        // unchecked: `pending` is 0 here.
        unchecked {
            ++state.pending;
        }
        state.known = true;
        _senders[sender] = state;
        return true;
    }

    /// @dev Resets the failure run on success; a reverted operation extends it, and a run that
    /// reaches the threshold throttles the sender and starts over. Returns whether `state` changed.
    function _countOutcome(address sender, PostOpMode mode, SenderState memory state) private returns (bool changed) {
        if (mode == PostOpMode.opSucceeded) {
            if (state.failures == 0) return false;
            state.failures = 0;
            return true;
        }
        // Read only here: failures are rare, and the limits' slot is cold.
        Limits memory lim = _limits;
        // unchecked: `failures` is reset once it reaches the uint8 threshold.
        unchecked {
            ++state.failures;
        }
        if (state.failures >= lim.failureThreshold) {
            state.failures = 0;
            state.throttledUntil = uint48(block.timestamp + lim.throttleDuration);
            emit SenderThrottled(sender, state.throttledUntil);
        }
        state.known = true;
        return true;
    }

    /// @dev Counts a pre-charged operation of `sender` in this transaction, within the cap.
    function _countPreCharge(
        address sender,
        TransientSlot.Uint256Slot slot,
        uint256 precharged,
        uint256 pending,
        uint8 maxPending
    ) private {
        if (pending >= maxPending) revert PaymasterTooManyPending(sender, pending);
        // unchecked: `precharged` <= `pending`, below a uint8 limit.
        unchecked {
            slot.tstore(precharged + 1);
        }
    }

    /// @dev Settles a pre-charged operation: lowers this transaction's count and sends the unused
    /// part of the pre-charge back.
    function _settlePreCharge(address sender, address token, uint256 refund) private {
        TransientSlot.Uint256Slot slot = _prechargedSlot(sender);
        // unchecked: validation raised this transaction's count for this operation, and only
        // this call lowers it.
        unchecked {
            slot.tstore(slot.tload() - 1);
        }
        // The refund must not be able to revert postOp: the sender would then get its
        // operation undone while the paymaster kept the whole pre-charge anyway.
        if (refund != 0 && !IERC20(token).trySafeTransfer(sender, refund)) {
            emit RefundFailed(sender, token, refund);
        }
    }

    function _prechargedSlot(address sender) private pure returns (TransientSlot.Uint256Slot) {
        return _PRECHARGED_SLOT.deriveMapping(sender).asUint256();
    }

    /// @dev The EIP-712 digest of `Quote(UserOp op, ...)`, as `abi.encode` would build it, written
    /// in assembly: one scratch area reused for the two calldata hashes and the three struct
    /// hashes, instead of a fresh memory allocation for each (measured: see docs/gas.md).
    function _quoteDigest(
        PackedUserOperation calldata userOp,
        Quote memory quote
    ) private view returns (bytes32 digest) {
        bytes32 domainSeparator = _domainSeparatorV4();
        bytes32 userOpTypehash = _USER_OP_TYPEHASH;
        bytes32 quoteTypehash = _QUOTE_TYPEHASH;
        bytes calldata initCode = userOp.initCode;
        bytes calldata callData = userOp.callData;
        // Slices: they revert on a `paymasterAndData` too short to hold the gas limits.
        uint256 verificationGas = uint128(
            bytes16(userOp.paymasterAndData[PAYMASTER_VALIDATION_GAS_OFFSET:PAYMASTER_POSTOP_GAS_OFFSET])
        );
        uint256 postOpGas = uint128(
            bytes16(userOp.paymasterAndData[PAYMASTER_POSTOP_GAS_OFFSET:PAYMASTER_DATA_OFFSET])
        );
        // Hashing needs memory and Solidity has no in-place encoding: the scratch area past the
        // free memory pointer is used and left unallocated, which "memory-safe" allows.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let m := mload(0x40)
            calldatacopy(m, initCode.offset, initCode.length)
            let initCodeHash := keccak256(m, initCode.length)
            calldatacopy(m, callData.offset, callData.length)
            let callDataHash := keccak256(m, callData.length)
            // The operation's static fields sit in its calldata head: sender, nonce, (initCode,
            // callData), accountGasLimits, preVerificationGas, gasFees. The sender is masked, as
            // `abi.encode` of an address would leave it.
            mstore(m, userOpTypehash)
            mstore(add(m, 0x20), and(calldataload(userOp), 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(m, 0x40), calldataload(add(userOp, 0x20)))
            mstore(add(m, 0x60), initCodeHash)
            mstore(add(m, 0x80), callDataHash)
            mstore(add(m, 0xa0), calldataload(add(userOp, 0x80)))
            mstore(add(m, 0xc0), verificationGas)
            mstore(add(m, 0xe0), postOpGas)
            mstore(add(m, 0x100), calldataload(add(userOp, 0xa0)))
            mstore(add(m, 0x120), calldataload(add(userOp, 0xc0)))
            let opHash := keccak256(m, 0x140)
            // The quote is a memory struct of five cleaned words: token, validUntil, validAfter,
            // price, maxTokenCost.
            mstore(m, quoteTypehash)
            mstore(add(m, 0x20), opHash)
            mcopy(add(m, 0x40), quote, 0xa0)
            let structHash := keccak256(m, 0xe0)
            // "\x19\x01" || domainSeparator || structHash (EIP-712).
            mstore(m, shl(240, 0x1901))
            mstore(add(m, 0x02), domainSeparator)
            mstore(add(m, 0x22), structHash)
            digest := keccak256(m, 0x42)
        }
    }

    function _setQuoteSigner(address signer) private {
        if (signer == address(0)) revert PaymasterZeroAddress();
        emit QuoteSignerChanged(_hot.quoteSigner, signer);
        _hot.quoteSigner = signer;
    }

    function _setLimits(Limits memory newLimits) private {
        // Besides the non-zero limits, the hot copy's units: a whole number of gwei below 2^40
        // gwei, a TTL under 18 hours, an overhead under 2^24 gas.
        if (
            newLimits.maxCostPerOp == 0
            || newLimits.maxQuoteTtl == 0
            || newLimits.maxPendingPerSender == 0
            || newLimits.maxUnpaidPerSender == 0
            || newLimits.failureThreshold == 0
            || newLimits.maxCostPerOp % _GWEI != 0
            || newLimits.maxCostPerOp / _GWEI > type(uint40).max
            || newLimits.maxQuoteTtl > type(uint16).max
            || newLimits.postOpOverheadGas > type(uint24).max
        ) revert PaymasterInvalidLimits();
        _limits = newLimits;
        HotConfig storage hot = _hot;
        hot.maxCostPerOpGwei = uint40(newLimits.maxCostPerOp / _GWEI);
        hot.maxQuoteTtl = uint16(newLimits.maxQuoteTtl);
        hot.postOpOverheadGas = uint24(newLimits.postOpOverheadGas);
        hot.maxPendingPerSender = newLimits.maxPendingPerSender;
        hot.maxUnpaidPerSender = newLimits.maxUnpaidPerSender;
        emit LimitsChanged(newLimits);
    }

    function _tokenCost(uint256 gasCost, uint256 price) private pure returns (uint256) {
        // Rounded up, so that the paymaster never sells gas below the quoted price.
        return (gasCost * price + _PRICE_DENOMINATOR - 1) / _PRICE_DENOMINATOR;
    }
}
