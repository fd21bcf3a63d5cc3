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
import {IStablecoinPaymaster} from "./interfaces/IStablecoinPaymaster.sol";

/// @title StablecoinPaymaster
/// @notice See {IStablecoinPaymaster}. The deposit and stake at the EntryPoint are managed through
/// the package's BasePaymaster (`deposit`, `withdrawTo`, `addStake`, `unlockStake`,
/// `withdrawStake`); bundlers require the stake, since validation reads the paymaster's own
/// storage and returns a context.
contract StablecoinPaymaster is IStablecoinPaymaster, BasePaymaster, EIP712 {
    using SafeERC20 for IERC20;

    // ---------------------------------------------------------------- Constants

    /// @dev `price` is token base units per this many wei.
    uint256 private constant _PRICE_DENOMINATOR = 1e18;
    /// @dev token (20) + validUntil (6) + validAfter (6) + price (16) + maxTokenCost (16).
    uint256 private constant _QUOTE_LENGTH = 64;

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

    mapping(address token => bool) private _supported;
    mapping(address sender => SenderState) private _senders;
    Limits private _limits;
    address private _quoteSigner;

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
        return _quoteSigner;
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
        Limits memory lim = _limits;
        _checkQuote(quote, lim, maxCost);

        address sender = userOp.sender;
        SenderState memory state = _senders[sender];
        bool deferred = _reserve(sender, quote, lim, state);

        // Written before the signature is judged: a failed signature makes the EntryPoint revert
        // the whole bundle, this write and the pre-charge included.
        // unchecked: `_reserve` allowed this operation only with `pending` below a uint8 limit.
        unchecked {
            ++state.pending;
        }
        state.known = true;
        _senders[sender] = state;

        context = abi.encode(sender, quote.token, quote.price, quote.maxTokenCost, deferred);
        // tryRecover: a malformed signature (a stub during gas estimation) is a failed signature,
        // not a revert.
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecoverCalldata(
            _quoteDigest(userOp, quote),
            data[_QUOTE_LENGTH:]
        );
        bool sigFailed = error != ECDSA.RecoverError.NoError || signer != _quoteSigner;
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
        (address sender, address token, uint256 price, uint256 maxTokenCost, bool deferred) = abi.decode(
            context,
            (address, address, uint256, uint256, bool)
        );
        uint256 gasCost = actualGasCost + uint256(_limits.postOpOverheadGas) * feePerGas;
        uint256 charge = _tokenCost(gasCost, price);
        if (charge > maxTokenCost) charge = maxTokenCost;

        SenderState memory state = _senders[sender];
        // unchecked: validation raised `pending` for this operation, and only this call lowers it.
        unchecked {
            --state.pending;
        }
        _countOutcome(sender, mode, state);

        if (!deferred) {
            uint256 refund = maxTokenCost - charge;
            // The refund must not be able to revert postOp: the sender would then get its
            // operation undone while the paymaster kept the whole pre-charge anyway.
            if (refund != 0 && !IERC20(token).trySafeTransfer(sender, refund)) {
                emit RefundFailed(sender, token, refund);
            }
            emit GasCharged(sender, token, charge, gasCost, price);
        } else if (IERC20(token).trySafeTransferFrom(sender, address(this), charge)) {
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
        _senders[sender] = state;
    }

    // ---------------------------------------------------------------- Internal

    /// @dev The refusals that depend only on the quote and the limits.
    function _checkQuote(Quote memory quote, Limits memory lim, uint256 maxCost) private view {
        if (!_supported[quote.token]) revert PaymasterTokenNotSupported(quote.token);
        // A quote without an end would let a leaked signature price gas forever.
        if (
            quote.validUntil == 0
            || quote.validUntil <= quote.validAfter
            || quote.validUntil - quote.validAfter > lim.maxQuoteTtl
        ) revert PaymasterInvalidQuoteWindow(quote.validAfter, quote.validUntil, lim.maxQuoteTtl);
        if (maxCost > lim.maxCostPerOp) revert PaymasterOpCostTooHigh(maxCost, lim.maxCostPerOp);
        // maxCost includes the postOp gas limit, so the charge in postOp never exceeds this.
        uint256 required = _tokenCost(maxCost, quote.price);
        if (required > quote.maxTokenCost) revert PaymasterMaxTokenCostTooLow(required, quote.maxTokenCost);
    }

    /// @dev Checks the sender can pay and picks the way: pre-charges `maxTokenCost` when the
    /// allowance covers it, otherwise defers the charge to postOp if the deferred path is open.
    /// Reads only the token's balance and allowance of the sender, as ERC-7562 allows.
    function _reserve(
        address sender,
        Quote memory quote,
        Limits memory lim,
        SenderState memory state
    ) private returns (bool deferred) {
        IERC20 token = IERC20(quote.token);
        uint256 balance = token.balanceOf(sender);
        if (balance < quote.maxTokenCost) {
            revert PaymasterInsufficientBalance(sender, quote.token, balance, quote.maxTokenCost);
        }
        uint256 allowance = token.allowance(sender, address(this));
        if (allowance >= quote.maxTokenCost) {
            if (state.pending >= lim.maxPendingPerSender) revert PaymasterTooManyPending(sender, state.pending);
            token.safeTransferFrom(sender, address(this), quote.maxTokenCost);
            return false;
        }
        // One deferred operation at a time: a second one validated in the same bundle would see
        // the same balance, and only one of them could be paid.
        if (state.pending != 0 || state.unpaid >= lim.maxUnpaidPerSender) {
            revert PaymasterDeferredRefused(sender, allowance, state.pending, state.unpaid);
        }
        return true;
    }

    /// @dev Resets the failure run on success; a reverted operation extends it, and a run that
    /// reaches the threshold throttles the sender and starts over.
    function _countOutcome(address sender, PostOpMode mode, SenderState memory state) private {
        if (mode == PostOpMode.opSucceeded) {
            state.failures = 0;
            return;
        }
        // unchecked: `failures` is reset once it reaches the uint8 threshold.
        unchecked {
            ++state.failures;
        }
        if (state.failures >= _limits.failureThreshold) {
            state.failures = 0;
            state.throttledUntil = uint48(block.timestamp + _limits.throttleDuration);
            emit SenderThrottled(sender, state.throttledUntil);
        }
    }

    function _quoteDigest(PackedUserOperation calldata userOp, Quote memory quote) private view returns (bytes32) {
        bytes32 opHash = keccak256(
            abi.encode(
                _USER_OP_TYPEHASH,
                userOp.sender,
                userOp.nonce,
                keccak256(userOp.initCode),
                keccak256(userOp.callData),
                userOp.accountGasLimits,
                uint128(bytes16(userOp.paymasterAndData[PAYMASTER_VALIDATION_GAS_OFFSET:PAYMASTER_POSTOP_GAS_OFFSET])),
                uint128(bytes16(userOp.paymasterAndData[PAYMASTER_POSTOP_GAS_OFFSET:PAYMASTER_DATA_OFFSET])),
                userOp.preVerificationGas,
                userOp.gasFees
            )
        );
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        _QUOTE_TYPEHASH,
                        opHash,
                        quote.token,
                        quote.validUntil,
                        quote.validAfter,
                        quote.price,
                        quote.maxTokenCost
                    )
                )
            );
    }

    function _setQuoteSigner(address signer) private {
        if (signer == address(0)) revert PaymasterZeroAddress();
        emit QuoteSignerChanged(_quoteSigner, signer);
        _quoteSigner = signer;
    }

    function _setLimits(Limits memory newLimits) private {
        if (
            newLimits.maxCostPerOp == 0
            || newLimits.maxQuoteTtl == 0
            || newLimits.maxPendingPerSender == 0
            || newLimits.maxUnpaidPerSender == 0
            || newLimits.failureThreshold == 0
        ) revert PaymasterInvalidLimits();
        _limits = newLimits;
        emit LimitsChanged(newLimits);
    }

    function _tokenCost(uint256 gasCost, uint256 price) private pure returns (uint256) {
        // Rounded up, so that the paymaster never sells gas below the quoted price.
        return (gasCost * price + _PRICE_DENOMINATOR - 1) / _PRICE_DENOMINATOR;
    }
}
