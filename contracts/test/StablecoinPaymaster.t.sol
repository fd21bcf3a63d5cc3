// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SimpleAccount} from "@account-abstraction/contracts/accounts/SimpleAccount.sol";
import {BaseAccount} from "@account-abstraction/contracts/core/BaseAccount.sol";
import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPaymaster} from "@account-abstraction/contracts/interfaces/IPaymaster.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {StablecoinPaymaster} from "../src/StablecoinPaymaster.sol";
import {IStablecoinPaymaster} from "../src/interfaces/IStablecoinPaymaster.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";
import {OrderStatus} from "../src/types/Types.sol";
import {IFiatToken} from "./utils/FiatTokens.sol";
import {StablecoinPaymasterTestBase} from "./utils/StablecoinPaymasterTestBase.sol";

/// @notice A wallet holding only a stablecoin buys through the EntryPoint with the paymaster
/// paying its gas: with MockUSDC (pre-charged), with MockUSDT approving inside its first
/// operation (deferred), and with Circle's real FiatToken v2.2. Each checks that the order exists,
/// the wallet never held the native coin, and what it paid: at most its maximum, and at the quoted
/// price at least what the paymaster's deposit spent.
contract StablecoinPaymasterHappyPathTest is StablecoinPaymasterTestBase {
    SimpleAccount internal account;

    function setUp() public override {
        super.setUp();
        account = _account(ACCOUNT_OWNER_KEY, 0);
    }

    function test_handleOps_buysWithUsdcPreCharged() public {
        usdc.mint(address(account), AMOUNT + MAX_TOKEN_COST);
        // As an earlier operation (or a permit) would have left it.
        vm.prank(address(account));
        usdc.approve(address(paymaster), type(uint256).max);

        uint256 id = escrow.nextOrderId();
        _buyAndCheck(address(usdc), _buyCalls(address(usdc), AMOUNT), id);
        assertFalse(paymaster.senderState(address(account)).pending != 0, "nothing left pending");
    }

    function test_handleOps_buysWithUsdtApprovingInTheSameOperation() public {
        usdt.mint(address(account), AMOUNT + 2 * MAX_TOKEN_COST);
        assertEq(usdt.allowance(address(account), address(paymaster)), 0, "no allowance before");

        uint256 id = escrow.nextOrderId();
        _buyAndCheck(address(usdt), _approveAndBuyCalls(address(usdt), AMOUNT), id);
        // USDT never spends an unlimited allowance, so every later operation is pre-charged.
        assertEq(usdt.allowance(address(account), address(paymaster)), type(uint256).max, "allowance kept");

        // The second purchase takes the pre-charged path.
        usdt.mint(address(account), AMOUNT);
        _buyAndCheck(address(usdt), _buyCalls(address(usdt), AMOUNT), id + 1);
    }

    function test_handleOps_buysWithFiatTokenV2_2() public {
        address fiat = _deployFiatToken();
        _configure(fiat);
        vm.prank(paymasterOwner);
        paymaster.setToken(fiat, true);
        IFiatToken(fiat).mint(address(account), AMOUNT + 2 * MAX_TOKEN_COST);

        uint256 id = escrow.nextOrderId();
        _buyAndCheck(fiat, _approveAndBuyCalls(fiat, AMOUNT), id);
        IFiatToken(fiat).mint(address(account), AMOUNT);
        _buyAndCheck(fiat, _buyCalls(fiat, AMOUNT), id + 1);
    }

    function test_handleOps_createsTheAccountFromInitCode() public {
        address owner2 = vm.addr(ACCOUNT_OWNER_KEY);
        address counterfactual = factory.getAddress(owner2, 7);
        usdt.mint(counterfactual, AMOUNT + MAX_TOKEN_COST);

        PackedUserOperation memory op = _op(counterfactual, _batch(_approveAndBuyCalls(address(usdt), AMOUNT)));
        op.initCode = abi.encodePacked(address(factory), abi.encodeCall(factory.createAccount, (owner2, 7)));
        uint256 id = escrow.nextOrderId();
        _handle(_sponsor(op, _quote(address(usdt))));

        assertTrue(counterfactual.code.length > 0, "account deployed");
        assertEq(escrow.getOrder(id).buyer, counterfactual, "order's buyer");
    }

    /// @dev Runs one sponsored operation of `account` with `calls` and checks the order and the payment.
    function _buyAndCheck(address token, BaseAccount.Call[] memory calls, uint256 id) internal {
        uint256 walletBefore = IERC20(token).balanceOf(address(account));
        uint256 earningsBefore = IERC20(token).balanceOf(address(paymaster));
        uint256 depositBefore = entryPoint.balanceOf(address(paymaster));

        vm.recordLogs();
        _handle(_sponsor(_op(address(account), _batch(calls)), _quote(token)));
        (uint256 chargedWei, uint256 succeeded, ) = _chargedWei();

        assertEq(succeeded, 1, "operation succeeded");
        assertEq(escrow.getOrder(id).buyer, address(account), "order's buyer");
        assertEq(uint256(escrow.getOrder(id).status), uint256(OrderStatus.Created), "order created");
        assertEq(address(account).balance, 0, "never held the native coin");

        uint256 paid = walletBefore - IERC20(token).balanceOf(address(account)) - AMOUNT;
        assertEq(IERC20(token).balanceOf(address(paymaster)) - earningsBefore, paid, "paymaster got the payment");
        assertEq(depositBefore - entryPoint.balanceOf(address(paymaster)), chargedWei, "deposit paid the gas");
        assertLe(paid, MAX_TOKEN_COST, "within the signed maximum");
        assertGe(paid, paymaster.tokenCost(chargedWei, PRICE), "covers the deposit at the quoted price");
        assertGt(paid, 0, "paid something");
    }
}

/// @notice Every refusal at validation, each with the EntryPoint's error and the paymaster's own.
contract StablecoinPaymasterRefusalTest is StablecoinPaymasterTestBase {
    SimpleAccount internal account;

    function setUp() public override {
        super.setUp();
        account = _account(ACCOUNT_OWNER_KEY, 0);
        usdc.mint(address(account), AMOUNT + MAX_TOKEN_COST);
        vm.prank(address(account));
        usdc.approve(address(paymaster), type(uint256).max);
    }

    function _buyOp() internal view returns (PackedUserOperation memory) {
        return _op(address(account), _batch(_buyCalls(address(usdc), AMOUNT)));
    }

    /// @dev The EntryPoint's maxCost for the test's gas limits at `maxFeePerGas`.
    function _maxCost(uint256 maxFeePerGas) internal pure returns (uint256) {
        return
            (uint256(VERIFICATION_GAS) + CALL_GAS + PM_VERIFICATION_GAS + PM_POSTOP_GAS + PRE_VERIFICATION_GAS)
            * maxFeePerGas;
    }

    function test_validatePaymasterUserOp_refusesUnknownToken() public {
        MockERC20 other = new MockERC20("Other USD", "oUSD", DECIMALS);
        PackedUserOperation memory op = _sponsor(_buyOp(), _quote(address(other)));
        vm.expectRevert(
            _aa33(0, abi.encodeWithSelector(IStablecoinPaymaster.PaymasterTokenNotSupported.selector, address(other)))
        );
        _handle(op);
    }

    function test_validatePaymasterUserOp_refusesTokenNoLongerSupported() public {
        PackedUserOperation memory op = _sponsor(_buyOp(), _quote(address(usdc)));
        vm.prank(paymasterOwner);
        paymaster.setToken(address(usdc), false);
        vm.expectRevert(
            _aa33(0, abi.encodeWithSelector(IStablecoinPaymaster.PaymasterTokenNotSupported.selector, address(usdc)))
        );
        _handle(op);
    }

    function test_validatePaymasterUserOp_refusesExpiredQuote() public {
        IStablecoinPaymaster.Quote memory quote = _quote(address(usdc));
        PackedUserOperation memory op = _sponsor(_buyOp(), quote);
        vm.warp(uint256(quote.validUntil) + 1);
        vm.expectRevert(_failedOp(0, "AA32 paymaster expired or not due"));
        _handle(op);
    }

    function test_validatePaymasterUserOp_acceptsQuoteAtItsLastSecond() public {
        IStablecoinPaymaster.Quote memory quote = _quote(address(usdc));
        PackedUserOperation memory op = _sponsor(_buyOp(), quote);
        vm.warp(quote.validUntil);
        uint256 id = escrow.nextOrderId();
        _handle(op);
        assertEq(escrow.getOrder(id).buyer, address(account), "bought");
    }

    function test_validatePaymasterUserOp_refusesQuoteNotYetValid() public {
        IStablecoinPaymaster.Quote memory quote = _quote(address(usdc));
        quote.validAfter = uint48(block.timestamp + 60);
        quote.validUntil = uint48(block.timestamp + 120);
        PackedUserOperation memory signed = _sponsor(_buyOp(), quote);
        vm.expectRevert(_failedOp(0, "AA32 paymaster expired or not due"));
        _handle(signed);
    }

    function test_validatePaymasterUserOp_refusesQuoteSignedByAnotherKey() public {
        PackedUserOperation memory signed = _sponsor(_buyOp(), _quote(address(usdc)), 0xBAD);
        vm.expectRevert(_failedOp(0, "AA34 signature error"));
        _handle(signed);
    }

    function test_validatePaymasterUserOp_refusesQuoteOfAReplacedSigner() public {
        PackedUserOperation memory op = _sponsor(_buyOp(), _quote(address(usdc)));
        vm.prank(paymasterOwner);
        paymaster.setQuoteSigner(vm.addr(0x2E11));
        vm.expectRevert(_failedOp(0, "AA34 signature error"));
        _handle(op);
    }

    function test_validatePaymasterUserOp_refusesMalformedSignature() public {
        PackedUserOperation memory op = _buyOp();
        IStablecoinPaymaster.Quote memory quote = _quote(address(usdc));
        // 65 bytes that recover no address (v = 0): a failed signature, not a revert, so that
        // gas estimation with a stub signature works.
        op.paymasterAndData = _paymasterAndData(quote, new bytes(65));
        PackedUserOperation memory signed = _signOp(op);
        vm.expectRevert(_failedOp(0, "AA34 signature error"));
        _handle(signed);
    }

    function test_validatePaymasterUserOp_refusesDataOfTheWrongLength() public {
        PackedUserOperation memory op = _buyOp();
        op.paymasterAndData = _paymasterAndData(_quote(address(usdc)), new bytes(64));
        PackedUserOperation memory signed = _signOp(op);
        vm.expectRevert(_aa33(0, abi.encodeWithSelector(IStablecoinPaymaster.PaymasterInvalidData.selector, 128)));
        _handle(signed);
    }

    function test_validatePaymasterUserOp_refusesQuoteWithoutExpiry() public {
        IStablecoinPaymaster.Quote memory quote = _quote(address(usdc));
        quote.validUntil = 0;
        PackedUserOperation memory signed = _sponsor(_buyOp(), quote);
        vm.expectRevert(
            _aa33(
                0,
                abi.encodeWithSelector(
                    IStablecoinPaymaster.PaymasterInvalidQuoteWindow.selector,
                    quote.validAfter,
                    0,
                    uint32(QUOTE_TTL)
                )
            )
        );
        _handle(signed);
    }

    function test_validatePaymasterUserOp_refusesQuoteLongerThanTheLimit() public {
        IStablecoinPaymaster.Quote memory quote = _quote(address(usdc));
        quote.validUntil = uint48(quote.validAfter + QUOTE_TTL + 1);
        PackedUserOperation memory signed = _sponsor(_buyOp(), quote);
        vm.expectRevert(
            _aa33(
                0,
                abi.encodeWithSelector(
                    IStablecoinPaymaster.PaymasterInvalidQuoteWindow.selector,
                    quote.validAfter,
                    quote.validUntil,
                    uint32(QUOTE_TTL)
                )
            )
        );
        _handle(signed);
    }

    function test_validatePaymasterUserOp_refusesOperationCostingMoreThanTheLimit() public {
        PackedUserOperation memory op = _buyOp();
        op.gasFees = bytes32((uint256(100 gwei) << 128) | 100 gwei);
        IStablecoinPaymaster.Quote memory quote = _quote(address(usdc));
        quote.maxTokenCost = 1_000 * 1e6;
        usdc.mint(address(account), quote.maxTokenCost);
        PackedUserOperation memory signed = _sponsor(op, quote);
        vm.expectRevert(
            _aa33(
                0,
                abi.encodeWithSelector(
                    IStablecoinPaymaster.PaymasterOpCostTooHigh.selector,
                    _maxCost(100 gwei),
                    0.01 ether
                )
            )
        );
        _handle(signed);
    }

    function test_validatePaymasterUserOp_refusesMaximumBelowTheWorstCase() public {
        IStablecoinPaymaster.Quote memory quote = _quote(address(usdc));
        uint256 required = paymaster.tokenCost(_maxCost(GAS_PRICE), PRICE);
        quote.maxTokenCost = uint128(required - 1);
        PackedUserOperation memory signed = _sponsor(_buyOp(), quote);
        vm.expectRevert(
            _aa33(
                0,
                abi.encodeWithSelector(
                    IStablecoinPaymaster.PaymasterMaxTokenCostTooLow.selector,
                    required,
                    required - 1
                )
            )
        );
        _handle(signed);
    }

    function test_validatePaymasterUserOp_refusesTooSmallBalance() public {
        SimpleAccount poor = _account(ACCOUNT_OWNER_KEY, 1);
        usdc.mint(address(poor), MAX_TOKEN_COST - 1);
        vm.prank(address(poor));
        usdc.approve(address(paymaster), type(uint256).max);
        PackedUserOperation memory op = _op(address(poor), _batch(_buyCalls(address(usdc), AMOUNT)));
        PackedUserOperation memory signed = _sponsor(op, _quote(address(usdc)));
        vm.expectRevert(
            _aa33(
                0,
                abi.encodeWithSelector(
                    IStablecoinPaymaster.PaymasterInsufficientBalance.selector,
                    address(poor),
                    address(usdc),
                    MAX_TOKEN_COST - 1,
                    MAX_TOKEN_COST
                )
            )
        );
        _handle(signed);
    }

    function test_validatePaymasterUserOp_refusesSmallAllowanceOfASenderThatMissedAPayment() public {
        // A deferred operation that reverted unpaid (see the attack tests), then a second try.
        SimpleAccount other = _account(ACCOUNT_OWNER_KEY, 2);
        usdt.mint(address(other), MAX_TOKEN_COST);
        _handle(
            _sponsor(_op(address(other), _batch(_approveAndBuyCalls(address(usdt), AMOUNT))), _quote(address(usdt)))
        );
        assertEq(paymaster.senderState(address(other)).unpaid, 1, "missed one payment");

        PackedUserOperation memory op = _op(address(other), _batch(_approveAndBuyCalls(address(usdt), AMOUNT)));
        PackedUserOperation memory signed = _sponsor(op, _quote(address(usdt)));
        vm.expectRevert(
            _aa33(
                0,
                abi.encodeWithSelector(IStablecoinPaymaster.PaymasterDeferredRefused.selector, address(other), 0, 0, 1)
            )
        );
        _handle(signed);
    }

    function test_validatePaymasterUserOp_revertsIfNotEntryPoint() public {
        PackedUserOperation memory op = _sponsor(_buyOp(), _quote(address(usdc)));
        vm.expectRevert(bytes("Sender not EntryPoint"));
        paymaster.validatePaymasterUserOp(op, bytes32(0), 1 ether);
    }

    function test_postOp_revertsIfNotEntryPoint() public {
        vm.prank(address(account));
        vm.expectRevert(bytes("Sender not EntryPoint"));
        paymaster.postOp(
            IPaymaster.PostOpMode.opSucceeded,
            abi.encode(address(account), address(usdc), uint256(PRICE), uint256(MAX_TOKEN_COST), true),
            1,
            1
        );
    }
}

/// @notice The owner's controls: tokens, quote signer, limits, earnings, senders, deposit and stake.
contract StablecoinPaymasterAdminTest is StablecoinPaymasterTestBase {
    function test_constructor_revertsOnZeroOwner() public {
        vm.expectRevert(IStablecoinPaymaster.PaymasterZeroAddress.selector);
        new StablecoinPaymaster(entryPoint, address(0), quoteSignerAddr, _defaultLimits());
    }

    function test_constructor_revertsOnZeroSigner() public {
        vm.expectRevert(IStablecoinPaymaster.PaymasterZeroAddress.selector);
        new StablecoinPaymaster(entryPoint, paymasterOwner, address(0), _defaultLimits());
    }

    function test_constructor_setsOwnerSignerAndLimits() public view {
        assertEq(paymaster.owner(), paymasterOwner, "owner");
        assertEq(paymaster.quoteSigner(), quoteSignerAddr, "signer");
        assertEq(paymaster.limits().maxCostPerOp, 0.01 ether, "limits");
        assertEq(address(paymaster.entryPoint()), address(entryPoint), "entry point");
        assertTrue(paymaster.isTokenSupported(address(usdc)), "usdc");
    }

    function test_setToken_revertsIfNotOwner() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        paymaster.setToken(address(usdc), false);
    }

    function test_setToken_revertsOnZeroAddress() public {
        vm.prank(paymasterOwner);
        vm.expectRevert(IStablecoinPaymaster.PaymasterZeroAddress.selector);
        paymaster.setToken(address(0), true);
    }

    function test_setToken_emitsTokenConfigured() public {
        vm.expectEmit(address(paymaster));
        emit IStablecoinPaymaster.TokenConfigured(address(usdt), false);
        vm.prank(paymasterOwner);
        paymaster.setToken(address(usdt), false);
        assertFalse(paymaster.isTokenSupported(address(usdt)), "no longer supported");
    }

    function test_setQuoteSigner_replacesTheSigner() public {
        address next = vm.addr(0x2E11);
        vm.expectEmit(address(paymaster));
        emit IStablecoinPaymaster.QuoteSignerChanged(quoteSignerAddr, next);
        vm.prank(paymasterOwner);
        paymaster.setQuoteSigner(next);
        assertEq(paymaster.quoteSigner(), next, "signer");
    }

    function test_setQuoteSigner_revertsIfNotOwnerOrZero() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        paymaster.setQuoteSigner(stranger);
        vm.prank(paymasterOwner);
        vm.expectRevert(IStablecoinPaymaster.PaymasterZeroAddress.selector);
        paymaster.setQuoteSigner(address(0));
    }

    function test_setLimits_replacesTheLimits() public {
        IStablecoinPaymaster.Limits memory next = _defaultLimits();
        next.maxCostPerOp = 1 ether;
        next.throttleDuration = 0;
        vm.prank(paymasterOwner);
        paymaster.setLimits(next);
        assertEq(paymaster.limits().maxCostPerOp, 1 ether, "max cost");
        assertEq(paymaster.limits().throttleDuration, 0, "throttle may be zero");
    }

    function test_setLimits_revertsOnAZeroLimit() public {
        for (uint256 field = 0; field < 5; field++) {
            IStablecoinPaymaster.Limits memory next = _defaultLimits();
            if (field == 0) next.maxCostPerOp = 0;
            if (field == 1) next.maxQuoteTtl = 0;
            if (field == 2) next.maxPendingPerSender = 0;
            if (field == 3) next.maxUnpaidPerSender = 0;
            if (field == 4) next.failureThreshold = 0;
            vm.prank(paymasterOwner);
            vm.expectRevert(IStablecoinPaymaster.PaymasterInvalidLimits.selector);
            paymaster.setLimits(next);
        }
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        paymaster.setLimits(_defaultLimits());
    }

    function test_setLimits_revertsOnLimitsOutsideTheirPackedUnits() public {
        for (uint256 field = 0; field < 4; field++) {
            IStablecoinPaymaster.Limits memory next = _defaultLimits();
            if (field == 0) next.maxCostPerOp = 0.01 ether + 1; // not a whole number of gwei
            if (field == 1) next.maxCostPerOp = uint128(2 ** 40) * 1 gwei; // 2^40 gwei
            if (field == 2) next.maxQuoteTtl = 2 ** 16;
            if (field == 3) next.postOpOverheadGas = 2 ** 24;
            vm.prank(paymasterOwner);
            vm.expectRevert(IStablecoinPaymaster.PaymasterInvalidLimits.selector);
            paymaster.setLimits(next);
        }
        // The largest values that fit are accepted and read back as set.
        IStablecoinPaymaster.Limits memory widest = _defaultLimits();
        widest.maxCostPerOp = uint128(2 ** 40 - 1) * 1 gwei;
        widest.maxQuoteTtl = 2 ** 16 - 1;
        widest.postOpOverheadGas = 2 ** 24 - 1;
        vm.prank(paymasterOwner);
        paymaster.setLimits(widest);
        assertEq(paymaster.limits().maxCostPerOp, widest.maxCostPerOp, "max cost");
        assertEq(paymaster.limits().maxQuoteTtl, widest.maxQuoteTtl, "ttl");
        assertEq(paymaster.limits().postOpOverheadGas, widest.postOpOverheadGas, "overhead");
    }

    function test_withdrawToken_sendsEarningsToTheRecipient() public {
        usdc.mint(address(paymaster), 7 * UNIT);
        vm.expectEmit(address(paymaster));
        emit IStablecoinPaymaster.TokensWithdrawn(address(usdc), treasury, 7 * UNIT);
        vm.prank(paymasterOwner);
        paymaster.withdrawToken(IERC20(address(usdc)), treasury, 7 * UNIT);
        assertEq(usdc.balanceOf(treasury), 7 * UNIT, "treasury");
    }

    function test_withdrawToken_worksForATokenWithoutReturnValue() public {
        usdt.mint(address(paymaster), 7 * UNIT);
        vm.prank(paymasterOwner);
        paymaster.withdrawToken(IERC20(address(usdt)), treasury, 7 * UNIT);
        assertEq(usdt.balanceOf(treasury), 7 * UNIT, "treasury");
    }

    function test_withdrawToken_revertsIfNotOwnerOrZeroRecipient() public {
        usdc.mint(address(paymaster), 7 * UNIT);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        paymaster.withdrawToken(IERC20(address(usdc)), stranger, 7 * UNIT);
        vm.prank(paymasterOwner);
        vm.expectRevert(IStablecoinPaymaster.PaymasterZeroAddress.selector);
        paymaster.withdrawToken(IERC20(address(usdc)), address(0), 7 * UNIT);
    }

    function test_clearSender_forgetsWhatThePaymasterRemembers() public {
        SimpleAccount account = _account(ACCOUNT_OWNER_KEY, 0);
        usdt.mint(address(account), MAX_TOKEN_COST);
        // A deferred operation that reverts unpaid: one missed payment.
        _handle(
            _sponsor(_op(address(account), _batch(_approveAndBuyCalls(address(usdt), AMOUNT))), _quote(address(usdt)))
        );
        assertEq(paymaster.senderState(address(account)).unpaid, 1, "missed");

        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        paymaster.clearSender(address(account));

        vm.expectEmit(address(paymaster));
        emit IStablecoinPaymaster.SenderCleared(address(account));
        vm.prank(paymasterOwner);
        paymaster.clearSender(address(account));
        IStablecoinPaymaster.SenderState memory state = paymaster.senderState(address(account));
        assertEq(state.unpaid, 0, "unpaid");
        assertEq(state.failures, 0, "failures");
        assertTrue(state.known, "slot kept non-zero");
    }

    function test_withdrawTo_takesFromTheDeposit() public {
        vm.prank(paymasterOwner);
        paymaster.withdrawTo(payable(treasury), 1 ether);
        assertEq(paymaster.getDeposit(), DEPOSIT - 1 ether, "deposit");
        assertEq(treasury.balance, 1 ether, "treasury");

        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        paymaster.withdrawTo(payable(stranger), 1 ether);
    }

    function test_withdrawStake_returnsTheStakeAfterTheDelay() public {
        assertTrue(entryPoint.getDepositInfo(address(paymaster)).staked, "staked");
        vm.prank(paymasterOwner);
        paymaster.unlockStake();
        vm.warp(block.timestamp + 1 days);
        vm.prank(paymasterOwner);
        paymaster.withdrawStake(payable(treasury));
        assertEq(treasury.balance, 1 ether, "stake back");
        assertFalse(entryPoint.getDepositInfo(address(paymaster)).staked, "unstaked");
    }

    function test_tokenCost_roundsUp() public view {
        assertEq(paymaster.tokenCost(0, PRICE), 0, "nothing");
        assertEq(paymaster.tokenCost(1, 1), 1, "a fraction rounds up");
        assertEq(paymaster.tokenCost(1 ether, PRICE), PRICE, "one native coin");
        assertEq(paymaster.tokenCost(300_000 gwei, PRICE), 900_000, "300k gas at 1 gwei is 0.9 token");
    }
}

/// @notice The quote digest the paymaster computes (in assembly) is the EIP-712 typed data the
/// quote service signs (contracts/paymaster-quote.ts), rebuilt here with `abi.encode`.
contract StablecoinPaymasterDigestTest is StablecoinPaymasterTestBase {
    function testFuzz_quoteDigest_matchesTheTypedData(
        bytes calldata callData,
        bytes calldata initCode,
        uint256 nonce,
        uint128 postOpGas,
        uint128 price
    ) public view {
        PackedUserOperation memory op = _op(address(0xA11CE), callData);
        op.nonce = nonce;
        op.initCode = initCode;
        op.paymasterAndData = abi.encodePacked(address(paymaster), PM_VERIFICATION_GAS, postOpGas, "ignored");
        IStablecoinPaymaster.Quote memory quote = _quote(address(usdc));
        quote.price = price;
        assertEq(uint256(paymaster.quoteDigest(op, quote)), uint256(_typedDataDigest(op, postOpGas, quote)), "digest");
    }

    function _typedDataDigest(
        PackedUserOperation memory op,
        uint128 postOpGas,
        IStablecoinPaymaster.Quote memory quote
    ) private view returns (bytes32) {
        // solhint-disable gas-small-strings
        string memory userOpType =
            "UserOp(address sender,uint256 nonce,bytes initCode,bytes callData,"
            "bytes32 accountGasLimits,uint128 paymasterVerificationGasLimit,uint128 paymasterPostOpGasLimit,"
            "uint256 preVerificationGas,bytes32 gasFees)";
        bytes32 quoteTypehash = keccak256(
            abi.encodePacked(
                "Quote(UserOp op,address token,uint48 validUntil,uint48 validAfter,uint128 price,uint128 maxTokenCost)",
                userOpType
            )
        );
        bytes32 domainTypehash = keccak256(
            "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
        );
        // solhint-enable gas-small-strings
        bytes32 opHash = _userOpHash(keccak256(bytes(userOpType)), op, postOpGas);
        bytes32 structHash = keccak256(
            abi.encode(
                quoteTypehash,
                opHash,
                quote.token,
                quote.validUntil,
                quote.validAfter,
                quote.price,
                quote.maxTokenCost
            )
        );
        bytes32 domain = keccak256(
            abi.encode(
                domainTypehash,
                keccak256("StablecoinPaymaster"),
                keccak256("1"),
                block.chainid,
                address(paymaster)
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }

    function _userOpHash(
        bytes32 typehash,
        PackedUserOperation memory op,
        uint128 postOpGas
    ) private pure returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    typehash,
                    op.sender,
                    op.nonce,
                    keccak256(op.initCode),
                    keccak256(op.callData),
                    op.accountGasLimits,
                    PM_VERIFICATION_GAS,
                    postOpGas,
                    op.preVerificationGas,
                    op.gasFees
                )
            );
    }
}
