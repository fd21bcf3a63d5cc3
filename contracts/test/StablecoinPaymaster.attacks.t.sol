// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SimpleAccount} from "@account-abstraction/contracts/accounts/SimpleAccount.sol";
import {BaseAccount} from "@account-abstraction/contracts/core/BaseAccount.sol";
import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IStablecoinPaymaster} from "../src/interfaces/IStablecoinPaymaster.sol";
import {MockBlocklistToken} from "../src/mocks/MockBlocklistToken.sol";
import {StablecoinPaymasterTestBase} from "./utils/StablecoinPaymasterTestBase.sol";

// Each test plays an attack on the paymaster and measures what it gains: the attacker's tokens
// and what its operation achieved, against what the paymaster's EntryPoint deposit spent and the
// tokens it took. Gas at 1 gwei, the native coin at 3,000 tokens: an operation costs the deposit
// roughly 0.0002-0.0003 native coin, under 1 token.

/// @notice An attacker's account: holds only tokens, its owner key is the test's.
abstract contract PaymasterAttackBase is StablecoinPaymasterTestBase {
    SimpleAccount internal attacker;
    address internal accomplice = address(0xACC0);

    function setUp() public virtual override {
        super.setUp();
        attacker = _account(ACCOUNT_OWNER_KEY, 0);
        vm.label(address(attacker), "attacker");
    }

    function _approvePaymaster(address token) internal {
        vm.prank(address(attacker));
        IERC20(token).approve(address(paymaster), type(uint256).max);
    }

    /// @dev A buy the escrow refuses (more than the account holds): the operation reverts.
    function _failingBuy(address token) internal view returns (BaseAccount.Call[] memory) {
        return _buyCalls(token, 1_000_000 * UNIT);
    }
}

// ==================================================================== A reverted operation pays

/// @notice An operation that reverts after validation still pays for its gas, at the quoted price.
contract StablecoinPaymasterRevertedOpAttackTest is PaymasterAttackBase {
    function test_postOp_chargesAnOperationThatReverts() public {
        usdc.mint(address(attacker), 100 * UNIT);
        _approvePaymaster(address(usdc));
        uint256 walletBefore = usdc.balanceOf(address(attacker));
        uint256 depositBefore = paymaster.getDeposit();
        uint256 orders = escrow.nextOrderId();

        vm.recordLogs();
        _handle(_sponsor(_op(address(attacker), _batch(_failingBuy(address(usdc)))), _quote(address(usdc))));
        (uint256 chargedWei, , uint256 failed) = _chargedWei();

        assertEq(failed, 1, "the operation reverted");
        assertEq(escrow.nextOrderId(), orders, "no order");
        uint256 paid = walletBefore - usdc.balanceOf(address(attacker));
        assertEq(usdc.balanceOf(address(paymaster)), paid, "the paymaster took the payment");
        assertEq(depositBefore - paymaster.getDeposit(), chargedWei, "the deposit paid the gas");
        // What the attack gains: nothing, at a price of `paid` tokens.
        assertGe(paid, paymaster.tokenCost(chargedWei, PRICE), "paid at least the deposit's cost");
        assertEq(paymaster.senderState(address(attacker)).failures, 1, "counted as a failure");
    }

    function test_postOp_keepsThePreChargeWhenTheRefundCannotBeSent() public {
        MockBlocklistToken token = new MockBlocklistToken("Blocklist USD", "bUSD", DECIMALS);
        vm.prank(paymasterOwner);
        paymaster.setToken(address(token), true);
        token.mint(address(attacker), 100 * UNIT);
        vm.prank(address(attacker));
        token.approve(address(paymaster), type(uint256).max);

        // The operation gets its own account blocklisted, so that the refund in postOp reverts.
        BaseAccount.Call[] memory calls = new BaseAccount.Call[](1);
        calls[0] = _call(address(token), abi.encodeCall(token.setBlocklisted, (address(attacker), true)));
        vm.recordLogs();
        _handle(_sponsor(_op(address(attacker), _batch(calls)), _quote(address(token))));
        (, uint256 succeeded, ) = _chargedWei();

        assertEq(succeeded, 1, "the operation itself stands");
        assertEq(token.balanceOf(address(paymaster)), MAX_TOKEN_COST, "the whole pre-charge stayed");
        assertEq(paymaster.senderState(address(attacker)).pending, 0, "settled");
    }
}

// ==================================================================== The deferred path

/// @notice The deferred path (no allowance at validation) cannot be turned into free operations.
contract StablecoinPaymasterDeferredAttackTest is PaymasterAttackBase {
    function test_postOp_undoesADeferredOperationThatMovesTheTokensAway() public {
        usdt.mint(address(attacker), 100 * UNIT);
        BaseAccount.Call[] memory calls = new BaseAccount.Call[](2);
        calls[0] = _call(address(usdt), abi.encodeCall(IERC20.approve, (address(paymaster), type(uint256).max)));
        calls[1] = _call(address(usdt), abi.encodeCall(IERC20.transfer, (accomplice, 100 * UNIT)));
        uint256 depositBefore = paymaster.getDeposit();

        vm.recordLogs();
        _handle(_sponsor(_op(address(attacker), _batch(calls)), _quote(address(usdt))));
        (uint256 chargedWei, , uint256 failed) = _chargedWei();

        // What the attack gains: nothing moved, the approval is undone too.
        assertEq(failed, 1, "the operation was undone");
        assertEq(usdt.balanceOf(accomplice), 0, "nothing reached the accomplice");
        assertEq(usdt.balanceOf(address(attacker)), 100 * UNIT, "the tokens stayed");
        assertEq(usdt.allowance(address(attacker), address(paymaster)), 0, "approval undone");
        // What it cost the paymaster: one operation's gas, once.
        assertEq(depositBefore - paymaster.getDeposit(), chargedWei, "one operation's gas");
        assertLe(chargedWei, paymaster.limits().maxCostPerOp, "within the per-operation cap");
        assertEq(paymaster.senderState(address(attacker)).pending, 1, "the pending mark stayed");

        // The deferred path is closed to this sender for good.
        PackedUserOperation memory again = _sponsor(_op(address(attacker), _batch(calls)), _quote(address(usdt)));
        vm.expectRevert(
            _aa33(
                0,
                abi.encodeWithSelector(
                    IStablecoinPaymaster.PaymasterDeferredRefused.selector,
                    address(attacker),
                    0,
                    1,
                    0
                )
            )
        );
        _handle(again);
    }

    function test_postOp_undoesADeferredOperationThatRevokesItsApproval() public {
        usdt.mint(address(attacker), AMOUNT + MAX_TOKEN_COST);
        BaseAccount.Call[] memory buy = _approveAndBuyCalls(address(usdt), AMOUNT);
        BaseAccount.Call[] memory calls = new BaseAccount.Call[](4);
        (calls[0], calls[1], calls[2]) = (buy[0], buy[1], buy[2]);
        calls[3] = _call(address(usdt), abi.encodeCall(IERC20.approve, (address(paymaster), 0)));
        uint256 orders = escrow.nextOrderId();

        _handle(_sponsor(_op(address(attacker), _batch(calls)), _quote(address(usdt))));

        assertEq(escrow.nextOrderId(), orders, "the purchase was undone");
        assertEq(usdt.balanceOf(address(attacker)), AMOUNT + MAX_TOKEN_COST, "nothing spent");
        assertEq(usdt.balanceOf(address(paymaster)), 0, "nothing earned");
    }

    function test_postOp_recordsAMissWhenADeferredOperationReverts() public {
        // Sybils: each fresh account holding the maximum tries the cheapest attack left, an
        // operation whose batched approval reverts with it. Each costs the paymaster one operation.
        uint256 lost;
        for (uint256 salt = 10; salt < 13; salt++) {
            SimpleAccount sybil = _account(ACCOUNT_OWNER_KEY, salt);
            usdt.mint(address(sybil), MAX_TOKEN_COST);
            vm.expectEmit(true, true, false, false, address(paymaster));
            emit IStablecoinPaymaster.ChargeMissed(address(sybil), address(usdt), 0, 1);
            vm.recordLogs();
            _handle(
                _sponsor(_op(address(sybil), _batch(_approveAndBuyCalls(address(usdt), AMOUNT))), _quote(address(usdt)))
            );
            (uint256 chargedWei, , uint256 failed) = _chargedWei();
            assertEq(failed, 1, "the operation reverted");
            lost += chargedWei;

            IStablecoinPaymaster.SenderState memory state = paymaster.senderState(address(sybil));
            assertEq(state.unpaid, 1, "the miss is remembered");
            assertEq(state.pending, 0, "settled");
            // A second try from the same account is refused.
            PackedUserOperation memory again = _sponsor(
                _op(address(sybil), _batch(_approveAndBuyCalls(address(usdt), AMOUNT))),
                _quote(address(usdt))
            );
            vm.expectRevert(
                _aa33(
                    0,
                    abi.encodeWithSelector(
                        IStablecoinPaymaster.PaymasterDeferredRefused.selector,
                        address(sybil),
                        0,
                        0,
                        1
                    )
                )
            );
            _handle(again);
        }
        // What three sybils cost the paymaster: three operations, each within the per-operation cap
        // (and each sybil needed the maximum token cost in its wallet at validation).
        assertLe(lost, 3 * paymaster.limits().maxCostPerOp, "bounded by the cap");
        assertEq(DEPOSIT - paymaster.getDeposit(), lost, "the deposit's loss");
    }

    function test_handleOps_refusesASecondDeferredOperationInTheSameBundle() public {
        // Both operations would see the same balance at validation; only one could be paid.
        usdt.mint(address(attacker), MAX_TOKEN_COST);
        PackedUserOperation[] memory ops = _sponsoredBundle(
            address(attacker),
            _batch(_approveAndBuyCalls(address(usdt), 1)),
            address(usdt),
            2
        );
        vm.expectRevert(
            _aa33(
                1,
                abi.encodeWithSelector(
                    IStablecoinPaymaster.PaymasterDeferredRefused.selector,
                    address(attacker),
                    0,
                    1,
                    0
                )
            )
        );
        _handleAll(ops);
    }
}

// ==================================================================== Bundles and per-sender limits

/// @notice Several operations of one sender in one bundle cannot spend its balance twice.
contract StablecoinPaymasterBundleAttackTest is PaymasterAttackBase {
    function test_handleOps_preChargesEachOperationOfABundle() public {
        usdc.mint(address(attacker), 2 * MAX_TOKEN_COST + 1);
        _approvePaymaster(address(usdc));
        BaseAccount.Call[] memory nothing = new BaseAccount.Call[](0);
        PackedUserOperation[] memory ops = _sponsoredBundle(address(attacker), _batch(nothing), address(usdc), 3);
        vm.expectRevert(
            _aa33(
                2,
                abi.encodeWithSelector(
                    IStablecoinPaymaster.PaymasterInsufficientBalance.selector,
                    address(attacker),
                    address(usdc),
                    1,
                    MAX_TOKEN_COST
                )
            )
        );
        _handleAll(ops);
    }

    function test_handleOps_capsPendingOperationsPerSender() public {
        usdc.mint(address(attacker), 100 * UNIT);
        _approvePaymaster(address(usdc));
        BaseAccount.Call[] memory nothing = new BaseAccount.Call[](0);
        PackedUserOperation[] memory ops = _sponsoredBundle(address(attacker), _batch(nothing), address(usdc), 5);
        vm.expectRevert(
            _aa33(
                4,
                abi.encodeWithSelector(IStablecoinPaymaster.PaymasterTooManyPending.selector, address(attacker), 4)
            )
        );
        _handleAll(ops);
    }

    function test_handleOps_settlesEveryOperationOfABundleWithinTheCap() public {
        usdc.mint(address(attacker), 100 * UNIT);
        _approvePaymaster(address(usdc));
        BaseAccount.Call[] memory nothing = new BaseAccount.Call[](0);
        vm.recordLogs();
        _handleAll(_sponsoredBundle(address(attacker), _batch(nothing), address(usdc), 4));
        (uint256 chargedWei, uint256 succeeded, ) = _chargedWei();
        assertEq(succeeded, 4, "four operations");
        assertEq(paymaster.senderState(address(attacker)).pending, 0, "all settled");
        assertGe(usdc.balanceOf(address(paymaster)), paymaster.tokenCost(chargedWei, PRICE), "covered");
    }
}

// ==================================================================== Quotes

/// @notice A quote serves one operation, for a short time, at most at the signed maximum.
contract StablecoinPaymasterQuoteAttackTest is PaymasterAttackBase {
    function setUp() public override {
        super.setUp();
        usdc.mint(address(attacker), AMOUNT + 100 * UNIT);
        _approvePaymaster(address(usdc));
    }

    function test_validatePaymasterUserOp_refusesAQuoteMovedToAnotherOperation() public {
        PackedUserOperation memory quoted = _sponsor(
            _op(address(attacker), _batch(_buyCalls(address(usdc), AMOUNT))),
            _quote(address(usdc))
        );
        // Same quote, other calls, re-signed by the account's owner.
        BaseAccount.Call[] memory calls = new BaseAccount.Call[](1);
        calls[0] = _call(address(usdc), abi.encodeCall(IERC20.transfer, (accomplice, AMOUNT)));
        PackedUserOperation memory moved = _op(address(attacker), _batch(calls));
        moved.paymasterAndData = quoted.paymasterAndData;
        moved = _signOp(moved);
        vm.expectRevert(_failedOp(0, "AA34 signature error"));
        _handle(moved);
    }

    function test_validatePaymasterUserOp_refusesAQuoteReplayedOnTheNextNonce() public {
        PackedUserOperation memory op = _sponsor(
            _op(address(attacker), _batch(_buyCalls(address(usdc), 10 * UNIT))),
            _quote(address(usdc))
        );
        _handle(op);
        op.nonce += 1;
        op = _signOp(op);
        vm.expectRevert(_failedOp(0, "AA34 signature error"));
        _handle(op);
    }

    function test_validatePaymasterUserOp_refusesACheapQuoteOnceItExpired() public {
        // An attacker who kept a quote signed at a low price, hoping the native coin rises.
        IStablecoinPaymaster.Quote memory cheap = _quote(address(usdc));
        cheap.price = PRICE / 10;
        cheap.maxTokenCost = MAX_TOKEN_COST / 10;
        PackedUserOperation memory op = _sponsor(
            _op(address(attacker), _batch(_buyCalls(address(usdc), AMOUNT))),
            cheap
        );
        vm.warp(block.timestamp + QUOTE_TTL);
        vm.expectRevert(_failedOp(0, "AA32 paymaster expired or not due"));
        _handle(op);
    }

    /// @dev Whatever the price, the sender pays no more than its maximum, and the paymaster no
    /// less than its deposit spent (the maximum must cover the operation's worst case).
    function testFuzz_postOp_chargesBetweenTheCostAndTheMaximum(uint256 price) public {
        price = bound(price, 1e3, 1e10);
        uint256 maxCost =
            (uint256(VERIFICATION_GAS) + CALL_GAS + PM_VERIFICATION_GAS + PM_POSTOP_GAS + PRE_VERIFICATION_GAS)
                * GAS_PRICE;
        IStablecoinPaymaster.Quote memory quote = _quote(address(usdc));
        quote.price = uint128(price);
        quote.maxTokenCost = uint128(paymaster.tokenCost(maxCost, price));
        usdc.mint(address(attacker), quote.maxTokenCost);
        uint256 before = usdc.balanceOf(address(attacker));

        vm.recordLogs();
        _handle(_sponsor(_op(address(attacker), _batch(_buyCalls(address(usdc), 10 * UNIT))), quote));
        (uint256 chargedWei, uint256 succeeded, ) = _chargedWei();

        assertEq(succeeded, 1, "bought");
        uint256 paid = before - usdc.balanceOf(address(attacker)) - 10 * UNIT;
        assertLe(paid, quote.maxTokenCost, "at most the maximum");
        assertGe(paid, paymaster.tokenCost(chargedWei, price), "at least the deposit's cost");
    }
}

// ==================================================================== Throttle

/// @notice A sender whose operations keep reverting is throttled, through the EntryPoint's time check.
contract StablecoinPaymasterThrottleAttackTest is PaymasterAttackBase {
    function setUp() public override {
        super.setUp();
        usdc.mint(address(attacker), 100 * UNIT);
        _approvePaymaster(address(usdc));
    }

    function _fail() internal {
        _handle(_sponsor(_op(address(attacker), _batch(_failingBuy(address(usdc)))), _quote(address(usdc))));
    }

    function test_postOp_throttlesASenderWhoseOperationsKeepFailing() public {
        uint256 walletBefore = usdc.balanceOf(address(attacker));
        _fail();
        _fail();
        vm.expectEmit(address(paymaster));
        emit IStablecoinPaymaster.SenderThrottled(address(attacker), block.timestamp + THROTTLE);
        _fail();
        // What the attack cost the attacker: three paid operations.
        assertLt(usdc.balanceOf(address(attacker)), walletBefore, "it paid for every failure");

        PackedUserOperation memory next = _sponsor(
            _op(address(attacker), _batch(_buyCalls(address(usdc), 10 * UNIT))),
            _quote(address(usdc))
        );
        vm.expectRevert(_failedOp(0, "AA32 paymaster expired or not due"));
        _handle(next);

        // Once the throttle is over, the sender may act again.
        vm.warp(block.timestamp + THROTTLE + 1);
        uint256 id = escrow.nextOrderId();
        _handle(_sponsor(_op(address(attacker), _batch(_buyCalls(address(usdc), 10 * UNIT))), _quote(address(usdc))));
        assertEq(escrow.getOrder(id).buyer, address(attacker), "bought after the throttle");
    }

    function test_postOp_resetsTheFailureRunOnSuccess() public {
        _fail();
        _fail();
        _handle(_sponsor(_op(address(attacker), _batch(_buyCalls(address(usdc), 10 * UNIT))), _quote(address(usdc))));
        assertEq(paymaster.senderState(address(attacker)).failures, 0, "reset");
        _fail();
        _fail();
        IStablecoinPaymaster.SenderState memory state = paymaster.senderState(address(attacker));
        assertEq(state.failures, 2, "two in a row");
        assertEq(state.throttledUntil, 0, "not throttled");
    }

    function test_clearSender_liftsAThrottle() public {
        _fail();
        _fail();
        _fail();
        vm.prank(paymasterOwner);
        paymaster.clearSender(address(attacker));
        uint256 id = escrow.nextOrderId();
        _handle(_sponsor(_op(address(attacker), _batch(_buyCalls(address(usdc), 10 * UNIT))), _quote(address(usdc))));
        assertEq(escrow.getOrder(id).buyer, address(attacker), "bought");
    }
}

// ==================================================================== The cheaper bookkeeping

/// @notice The gas cuts keep the paymaster paid: a pre-charged operation's pending mark lives in
/// transient storage, the pre-charge is tried before the balance and the allowance are read, and
/// the sender's record is written only when it changes.
contract StablecoinPaymasterBookkeepingAttackTest is PaymasterAttackBase {
    function test_postOp_keepsThePreChargeWhenPostOpRunsOutOfGas() public {
        usdc.mint(address(attacker), AMOUNT + 100 * UNIT);
        _approvePaymaster(address(usdc));
        uint256 walletBefore = usdc.balanceOf(address(attacker));
        uint256 orders = escrow.nextOrderId();

        // The sender sets a postOp gas limit too small for postOp: it reverts, and the EntryPoint
        // undoes the operation and charges the paymaster's deposit without calling postOp again.
        vm.recordLogs();
        _handle(_sponsorWithPostOpGas(_op(address(attacker), _batch(_buyCalls(address(usdc), AMOUNT))), 3_000));
        (uint256 chargedWei, , uint256 failed) = _chargedWei();

        assertEq(failed, 1, "undone");
        assertEq(escrow.nextOrderId(), orders, "no order");
        // What the attack gains: nothing; it paid its whole maximum, more than the gas cost.
        assertEq(walletBefore - usdc.balanceOf(address(attacker)), MAX_TOKEN_COST, "paid the maximum");
        assertGe(MAX_TOKEN_COST, paymaster.tokenCost(chargedWei, PRICE), "covers the deposit's cost");
        // The pending mark of a pre-charged operation ended with the transaction: the sender is
        // not locked out, and its next operation goes through.
        assertEq(paymaster.senderState(address(attacker)).pending, 0, "nothing pending");
        _handle(_sponsor(_op(address(attacker), _batch(_buyCalls(address(usdc), AMOUNT))), _quote(address(usdc))));
        assertEq(escrow.nextOrderId(), orders + 1, "the next buy went through");
    }

    function test_handleOps_refusesADeferredOperationAfterAPreChargedOneInTheSameBundle() public {
        // An allowance for exactly one pre-charge: the second operation finds none and asks for
        // the deferred path, which would see the balance the first one already counted on.
        usdc.mint(address(attacker), 100 * UNIT);
        vm.prank(address(attacker));
        usdc.approve(address(paymaster), MAX_TOKEN_COST);
        BaseAccount.Call[] memory nothing = new BaseAccount.Call[](0);
        PackedUserOperation[] memory ops = new PackedUserOperation[](2);
        ops[0] = _sponsor(_op(address(attacker), _batch(nothing)), _quote(address(usdc)));
        PackedUserOperation memory second = _op(address(attacker), _batch(_approveAndBuyCalls(address(usdc), 1)));
        second.nonce += 1;
        ops[1] = _sponsor(second, _quote(address(usdc)));
        vm.expectRevert(
            _aa33(
                1,
                abi.encodeWithSelector(
                    IStablecoinPaymaster.PaymasterDeferredRefused.selector,
                    address(attacker),
                    0,
                    1,
                    0
                )
            )
        );
        _handleAll(ops);
    }

    function test_validatePaymasterUserOp_refusesASenderTheTokenBlocks() public {
        // Balance and allowance suffice, but the token refuses the pre-charge: the operation is
        // refused with the token's error, not sent down the deferred path (where the charge in
        // postOp would fail the same way).
        MockBlocklistToken token = new MockBlocklistToken("Blocklist USD", "bUSD", DECIMALS);
        vm.prank(paymasterOwner);
        paymaster.setToken(address(token), true);
        token.mint(address(attacker), 100 * UNIT);
        vm.prank(address(attacker));
        token.approve(address(paymaster), type(uint256).max);
        token.setBlocklisted(address(attacker), true);

        BaseAccount.Call[] memory nothing = new BaseAccount.Call[](0);
        PackedUserOperation memory op = _sponsor(_op(address(attacker), _batch(nothing)), _quote(address(token)));
        vm.expectRevert(_aa33(0, abi.encodeWithSelector(MockBlocklistToken.Blocklisted.selector, address(attacker))));
        _handle(op);
    }

    /// @dev `_sponsor` with another postOp gas limit (the quote signs the operation's limits).
    function _sponsorWithPostOpGas(
        PackedUserOperation memory op,
        uint128 postOpGas
    ) private view returns (PackedUserOperation memory) {
        IStablecoinPaymaster.Quote memory quote = _quote(address(usdc));
        bytes memory unsigned = abi.encodePacked(
            address(paymaster),
            PM_VERIFICATION_GAS,
            postOpGas,
            quote.token,
            quote.validUntil,
            quote.validAfter,
            quote.price,
            quote.maxTokenCost
        );
        op.paymasterAndData = unsigned;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(SIGNER_KEY, paymaster.quoteDigest(op, quote));
        op.paymasterAndData = abi.encodePacked(unsigned, r, s, v);
        return _signOp(op);
    }
}
