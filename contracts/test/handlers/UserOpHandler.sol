// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseAccount} from "@account-abstraction/contracts/core/BaseAccount.sol";
import {IEntryPoint} from "@account-abstraction/contracts/interfaces/IEntryPoint.sol";
import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {StablecoinPaymaster} from "../../src/StablecoinPaymaster.sol";
import {IStablecoinPaymaster} from "../../src/interfaces/IStablecoinPaymaster.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {Order, OrderStatus} from "../../src/types/Types.sol";
import {UserOpParams, UserOps} from "../utils/UserOps.sol";
import {Vm} from "../utils/Vm.sol";
import {HandlerBase} from "./HandlerBase.sol";

/// @notice Invariant handler for orders made and settled through ERC-4337: two SimpleAccounts send
/// user operations through the EntryPoint v0.8 to buy (approve and createOrder in one
/// executeBatch), confirm delivery, confirm receipt, cancel and open disputes, in USDC or USDT.
/// The StablecoinPaymaster pays the gas in the order's token at a quote this handler signs, unless
/// the call asks the account to pay from its EntryPoint deposit (or the paymaster would refuse the
/// account: blocklisted, or throttled). Each call books what it did in EscrowBooks as OrderHandler
/// does, so the escrow's invariants cover these orders; the paymaster's token charges go between
/// the account and the paymaster, never through the escrow.
/// @dev Each bundle also checks its gas payment (GAS_PAYMENT): the payer's EntryPoint deposit
/// fell by exactly what the EntryPoint charged, and the paymaster gained in the token at least that
/// gas at the quoted price and at most the signed maximum (nothing when the account paid).
/// An account may revoke the paymaster's allowance (`revokePaymaster`); its next sponsored
/// operation then takes the deferred path, approving the paymaster as its first call as a wallet's
/// first operation does, and pays at the end, or, if it fails, pays nothing: the paymaster's one
/// loss for that sender, after which the path is closed to it (the quote service refuses, and the
/// wallet pays its own gas).
contract UserOpHandler is HandlerBase, UserOpParams {
    uint256 internal constant MAX_ORDERS = 40; // OrderHandler's cap, shared: both count the escrow's orders
    uint256 internal constant MIN_ORDER_AMOUNT = 10e6;
    uint256 internal constant MAX_ORDER_AMOUNT = 1_000_000e6;
    address payable internal constant BUNDLER = payable(address(0xB0D1E));

    IEntryPoint internal _entryPoint;
    StablecoinPaymaster internal _paymaster;
    address[] internal _wallets;
    uint256 internal _ownerKey;
    uint256 internal _signerKey;

    /// @notice Wires the ERC-4337 side up once: the EntryPoint, the paymaster, the accounts (owned
    /// by `ownerKey`, each having approved the paymaster for USDC and USDT) and the quote signer.
    function wire(
        IEntryPoint entryPoint,
        StablecoinPaymaster paymaster,
        address[] calldata wallets,
        uint256 ownerKey,
        uint256 signerKey
    ) external {
        require(address(_entryPoint) == address(0), "wired");
        _entryPoint = entryPoint;
        _paymaster = paymaster;
        _wallets = wallets;
        _ownerKey = ownerKey;
        _signerKey = signerKey;
    }

    function buy(
        uint256 buyerSeed,
        uint256 sellerSeed,
        uint256 tokenSeed,
        uint256 amount,
        bool selfPaid
    ) external step {
        if (_escrow.nextOrderId() - 1 >= MAX_ORDERS) return;
        address buyer = _wallets[buyerSeed % _wallets.length];
        // The seller is the other account or a plain actor, which then acts through OrderHandler.
        address seller = books.actors(sellerSeed % books.actorCount());
        if (sellerSeed % 3 == 0) seller = _wallets[(buyerSeed + 1) % _wallets.length];
        address token = books.tokens(tokenSeed % 2); // USDC or USDT
        if (books.blocked(token, buyer)) return;
        amount = _bound(amount, MIN_ORDER_AMOUNT, MAX_ORDER_AMOUNT);
        MockERC20(token).mint(buyer, amount);
        (uint256 feeBps, ) = _escrow.protocolFee();
        BaseAccount.Call[] memory calls = new BaseAccount.Call[](2);
        calls[0] = UserOps.accountCall(token, abi.encodeCall(IERC20.approve, (address(_escrow), amount)));
        calls[1] = UserOps.accountCall(
            address(_escrow),
            abi.encodeCall(_escrow.createOrder, (seller, token, amount, keccak256(abi.encode(amount)), feeBps))
        );
        uint256 id = _escrow.nextOrderId();
        _send(buyer, token, calls, selfPaid);
        if (_escrow.nextOrderId() > id) books.opened(id);
    }

    function sellerConfirmDelivery(uint256 seed, bool selfPaid) external step {
        (uint256 id, address seller) = _pick(seed, _mask(OrderStatus.Created), true);
        if (id == 0) return;
        _send(
            seller,
            _escrow.orderToken(id),
            _escrowCall(abi.encodeCall(_escrow.sellerConfirmDelivery, (id, keccak256(abi.encode("delivery", id))))),
            selfPaid
        );
        // The next transaction is in a later block, as on a real chain.
        books.advanceTo(_time() + 12);
    }

    function buyerConfirmReceived(uint256 seed, bool selfPaid) external step {
        if (seed % 2 == 0) return; // keep orders around long enough to be disputed
        (uint256 id, address buyer) = _pick(seed >> 1, _mask(OrderStatus.SellerConfirmed), false);
        if (id == 0) return;
        (uint256 bal, uint256 credits) = books.pre(id);
        _send(buyer, _escrow.orderToken(id), _escrowCall(abi.encodeCall(_escrow.buyerConfirmReceived, (id))), selfPaid);
        books.post(id, bal, credits);
    }

    function cancelOrder(uint256 seed, bool bySeller, bool selfPaid) external step {
        if (seed % 4 != 0) return; // keep orders around long enough to be disputed
        (uint256 id, address party) = _pick(seed >> 2, _mask(OrderStatus.Created), bySeller);
        if (id == 0) return;
        (uint256 bal, uint256 credits) = books.pre(id);
        _send(party, _escrow.orderToken(id), _escrowCall(abi.encodeCall(_escrow.cancelOrder, (id))), selfPaid);
        books.post(id, bal, credits);
    }

    /// @dev The buyer disputes, paying its deposit in the same batch as its approval; after
    /// delivery the seller may too.
    function openDispute(uint256 seed, bool bySeller, bool selfPaid) external step {
        uint256 mask =
            bySeller
                ? _mask(OrderStatus.SellerConfirmed)
                : _mask(OrderStatus.Created) | _mask(OrderStatus.SellerConfirmed);
        (uint256 id, address opener) = _pick(seed, mask, bySeller);
        if (id == 0) return;
        address token = _escrow.orderToken(id);
        if (books.blocked(token, opener)) return;
        uint256 fee = _escrow.arbitrationFeeOf(id);
        MockERC20(token).mint(opener, fee);
        BaseAccount.Call[] memory calls = new BaseAccount.Call[](2);
        calls[0] = UserOps.accountCall(token, abi.encodeCall(IERC20.approve, (address(_escrow), fee)));
        calls[1] = UserOps.accountCall(address(_escrow), abi.encodeCall(_escrow.openDispute, (id)));
        uint256 balanceBefore = IERC20(token).balanceOf(address(_escrow));
        _send(opener, token, calls, selfPaid);
        if (_escrow.getOrder(id).status == OrderStatus.Disputed) {
            books.deposited(id, IERC20(token).balanceOf(address(_escrow)) - balanceBefore);
        }
    }

    /// @dev The account withdraws the paymaster's allowance (as a wallet that never approved it is):
    /// its next sponsored operation in `token` takes the deferred path.
    function revokePaymaster(uint256 walletSeed, uint256 tokenSeed) external step {
        address wallet = _wallets[walletSeed % _wallets.length];
        address token = books.tokens(tokenSeed % 2);
        vm.prank(wallet);
        // USDT's approve returns nothing.
        SafeERC20.forceApprove(IERC20(token), address(_paymaster), 0);
    }

    // ================================================================ Internals

    /// @dev An open order, its window still open, whose seller (or buyer) is one of the accounts.
    function _pick(uint256 seed, uint256 mask, bool seller) internal view returns (uint256 id, address party) {
        uint256 n = books.openCount();
        uint256[] memory found = new uint256[](n);
        uint256 count;
        for (uint256 i; i < n; ++i) {
            uint256 candidate = books.openIdAt(i);
            Order memory o = _escrow.getOrder(candidate);
            if (mask & _mask(o.status) == 0 || _time() > _escrow.deadlineOf(candidate)) continue;
            if (_isWallet(seller ? o.seller : o.buyer)) found[count++] = candidate;
        }
        if (count == 0) return (0, address(0));
        id = found[seed % count];
        Order memory picked = _escrow.getOrder(id);
        party = seller ? picked.seller : picked.buyer;
    }

    function _isWallet(address who) internal view returns (bool) {
        for (uint256 i; i < _wallets.length; ++i) {
            if (_wallets[i] == who) return true;
        }
        return false;
    }

    function _escrowCall(bytes memory data) internal view returns (BaseAccount.Call[] memory calls) {
        calls = new BaseAccount.Call[](1);
        calls[0] = UserOps.accountCall(address(_escrow), data);
    }

    /// @dev Whether `wallet`'s sponsored operation in `token` must approve the paymaster inside
    /// itself (the deferred path), and whether the paymaster would take it that way given the
    /// sender's `state` there: one deferred operation at a time, and none for a sender that has
    /// missed its limit of payments.
    function _deferral(
        address wallet,
        address token,
        IStablecoinPaymaster.SenderState memory state
    ) internal view returns (bool deferred, bool refused) {
        if (IERC20(token).allowance(wallet, address(_paymaster)) >= MAX_TOKEN_COST) return (false, false);
        return (true, state.pending != 0 || state.unpaid >= _paymaster.limits().maxUnpaidPerSender);
    }

    /// @dev `calls` as one operation's call data, after an unlimited approval of the paymaster when `approve`.
    function _callData(
        BaseAccount.Call[] memory calls,
        address token,
        bool approve
    ) internal view returns (bytes memory) {
        if (!approve) {
            if (calls.length > 1) return UserOps.batch(calls);
            return abi.encodeCall(BaseAccount.execute, (calls[0].target, calls[0].value, calls[0].data));
        }
        BaseAccount.Call[] memory all = new BaseAccount.Call[](calls.length + 1);
        all[0] = UserOps.accountCall(token, abi.encodeCall(IERC20.approve, (address(_paymaster), type(uint256).max)));
        for (uint256 i; i < calls.length; ++i) all[i + 1] = calls[i];
        return UserOps.batch(all);
    }

    /// @dev Sends one operation of `wallet` making `calls` in its own bundle, paid by the paymaster
    /// in `token` (approving it first on the deferred path) or from the wallet's deposit, and
    /// checks the payment.
    function _send(address wallet, address token, BaseAccount.Call[] memory calls, bool selfPaid) internal {
        // The paymaster cannot charge a blocklisted wallet, and refuses a throttled one until its
        // throttle ends, or one whose deferred path is closed: such a wallet pays its own gas.
        bool deferred;
        {
            // In a block of its own: the sender's state is read once, and _send has no stack slot to spare.
            IStablecoinPaymaster.SenderState memory state = _paymaster.senderState(wallet);
            bool refused;
            (deferred, refused) = _deferral(wallet, token, state);
            selfPaid = selfPaid || refused || books.blocked(token, wallet) || _time() <= state.throttledUntil;
        }
        deferred = deferred && !selfPaid;
        PackedUserOperation[] memory ops = new PackedUserOperation[](1);
        ops[0] = _signedOp(wallet, token, _callData(calls, token, deferred), selfPaid);

        address payer = selfPaid ? wallet : address(_paymaster);
        uint256 depositBefore = _entryPoint.balanceOf(payer);
        uint256 earnedBefore = IERC20(token).balanceOf(address(_paymaster));
        vm.recordLogs();
        _entryPoint.handleOps(ops, BUNDLER);

        (uint256 charged, bool succeeded) = _outcome();
        uint256 earned = IERC20(token).balanceOf(address(_paymaster)) - earnedBefore;
        bool paidRight = depositBefore - _entryPoint.balanceOf(payer) == charged;
        if (selfPaid) paidRight = paidRight && earned == 0;
        else if (deferred && !succeeded) {
            // The approval was undone with the operation: nothing to take, and the sender's path closes.
            paidRight = paidRight && earned == 0 && _paymaster.senderState(wallet).unpaid != 0;
        } else paidRight = paidRight && earned >= _paymaster.tokenCost(charged, PRICE) && earned <= MAX_TOKEN_COST;
        if (!paidRight) books.violate(books.GAS_PAYMENT(), 0);
        if (succeeded) books.count(selfPaid ? books.SELF_PAID_OPS() : books.SPONSORED_OPS());
        if (succeeded && deferred) books.count(books.DEFERRED_OPS());
    }

    /// @dev `wallet`'s operation with `callData`, signed by its owner: funded from its deposit when
    /// `selfPaid`, or else sponsored at a quote in `token` (whose maximum the wallet is given).
    function _signedOp(
        address wallet,
        address token,
        bytes memory callData,
        bool selfPaid
    ) internal returns (PackedUserOperation memory op) {
        op.sender = wallet;
        op.nonce = _entryPoint.getNonce(wallet, 0);
        op.callData = callData;
        op.accountGasLimits = bytes32((uint256(VERIFICATION_GAS) << 128) | CALL_GAS);
        op.preVerificationGas = PRE_VERIFICATION_GAS;
        op.gasFees = bytes32((GAS_PRICE << 128) | GAS_PRICE);
        if (selfPaid) {
            if (_entryPoint.balanceOf(wallet) < 0.01 ether) {
                vm.deal(address(this), 1 ether);
                _entryPoint.depositTo{value: 1 ether}(wallet);
            }
        } else {
            MockERC20(token).mint(wallet, MAX_TOKEN_COST);
            _sponsor(op, token);
        }
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_ownerKey, _entryPoint.getUserOpHash(op));
        op.signature = abi.encodePacked(r, s, v);
    }

    /// @dev Puts a quote in `token`, valid from now, signed by the quote signer, into `op`.
    function _sponsor(PackedUserOperation memory op, address token) internal view {
        IStablecoinPaymaster.Quote memory quote = IStablecoinPaymaster.Quote({
            token: token,
            validUntil: uint48(_time() - 1 + QUOTE_TTL),
            // The EntryPoint treats validAfter as exclusive, so a quote service backdates it.
            validAfter: uint48(_time() - 1),
            price: PRICE,
            maxTokenCost: MAX_TOKEN_COST
        });
        address pm = address(_paymaster);
        op.paymasterAndData = UserOps.paymasterAndData(pm, PM_VERIFICATION_GAS, PM_POSTOP_GAS, quote, "");
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_signerKey, _paymaster.quoteDigest(op, quote));
        op.paymasterAndData = UserOps.paymasterAndData(
            pm,
            PM_VERIFICATION_GAS,
            PM_POSTOP_GAS,
            quote,
            abi.encodePacked(r, s, v)
        );
    }

    /// @dev The wei the EntryPoint charged for the bundle just handled, and whether its operation
    /// succeeded, from its UserOperationEvent.
    function _outcome() internal returns (uint256 charged, bool succeeded) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(_entryPoint)) continue;
            if (logs[i].topics[0] != IEntryPoint.UserOperationEvent.selector) continue;
            (, succeeded, charged, ) = abi.decode(logs[i].data, (uint256, bool, uint256, uint256));
        }
    }
}
