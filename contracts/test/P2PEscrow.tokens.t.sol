// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ArbitratorPool} from "../src/ArbitratorPool.sol";
import {IArbitratorPool} from "../src/interfaces/IArbitratorPool.sol";
import {IP2PEscrow} from "../src/interfaces/IP2PEscrow.sol";
import {IRNG} from "../src/interfaces/IRNG.sol";
import {MockBlocklistToken} from "../src/mocks/MockBlocklistToken.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";
import {MockFeeOnTransferToken} from "../src/mocks/MockFeeOnTransferToken.sol";
import {MockUSDT} from "../src/mocks/MockUSDT.sol";
import {OrderStatus, Ruling} from "../src/types/Types.sol";
import {EscrowTestBase} from "./utils/EscrowTestBase.sol";

/// @notice A token that delivers more than was sent (a rebasing or buggy token).
contract MockInflatingToken is ERC20 {
    constructor() ERC20("Inflating", "INF") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from != address(0) && to != address(0)) _mint(to, 1);
    }
}

// ==================================================================== USDT

/// @notice Tether-style token: no return values and the approve-race guard, for orders and for
/// dispute deposits. (What its blocklist does to a payout is the real-token suite's subject.)
contract P2PEscrowUsdtTest is EscrowTestBase {
    MockUSDT internal usdt;

    function setUp() public override {
        super.setUp();
        usdt = new MockUSDT(6);
        _configure(address(usdt));
        _registerArbitrators(2);
    }

    /// @dev Approves through zero first, as Tether's approve-race guard requires.
    function _approveUsdt(address who, uint256 amount) internal {
        usdt.mint(who, amount);
        vm.startPrank(who);
        usdt.approve(address(escrow), 0);
        usdt.approve(address(escrow), amount);
        vm.stopPrank();
    }

    function _createUsdtOrder(uint256 amount) internal returns (uint256 id) {
        _approveUsdt(buyer, amount);
        uint256 maxFeeBps = _currentFeeBps();
        vm.prank(buyer);
        id = escrow.createOrder(seller, address(usdt), amount, PRODUCT, maxFeeBps);
    }

    function _disputeInUsdt(uint256 id) internal {
        uint256 fee = escrow.arbitrationFeeOf(id);
        _approveUsdt(buyer, fee);
        vm.prank(buyer);
        escrow.openDispute(id);
        _approveUsdt(seller, fee);
        vm.prank(seller);
        escrow.payDisputeFee(id);
    }

    function test_createOrder_usdtNeedsApproveThroughZero() public {
        usdt.mint(buyer, 2 * AMOUNT);
        vm.prank(buyer);
        usdt.approve(address(escrow), 2 * AMOUNT);
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdt), AMOUNT, PRODUCT, 0);
        // AMOUNT of allowance is left: changing it straight to another non-zero value reverts.
        assertEq(usdt.allowance(buyer, address(escrow)), AMOUNT);
        vm.expectRevert();
        vm.prank(buyer);
        usdt.approve(address(escrow), AMOUNT / 2);
        vm.startPrank(buyer);
        usdt.approve(address(escrow), 0);
        usdt.approve(address(escrow), AMOUNT / 2);
        uint256 id = escrow.createOrder(seller, address(usdt), AMOUNT / 2, PRODUCT, 0);
        vm.stopPrank();
        assertEq(escrow.getOrder(id).amount, AMOUNT / 2);
        assertEq(usdt.balanceOf(address(escrow)), AMOUNT + AMOUNT / 2);
    }

    function test_createOrder_usdtRevertsWithoutAllowance() public {
        usdt.mint(buyer, AMOUNT);
        vm.expectRevert();
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdt), AMOUNT, PRODUCT, 0);
    }

    function test_buyerConfirmReceived_paysInUsdt() public {
        vm.prank(owner);
        escrow.setProtocolFee(100, feeRecipient);
        uint256 id = _createUsdtOrder(AMOUNT);
        _toSellerConfirmed(id);
        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);
        assertEq(usdt.balanceOf(seller), AMOUNT - AMOUNT / 100);
        assertEq(usdt.balanceOf(feeRecipient), AMOUNT / 100);
        assertEq(usdt.balanceOf(address(escrow)), 0);
    }

    function test_cancelOrder_refundsInUsdt() public {
        uint256 id = _createUsdtOrder(AMOUNT);
        vm.prank(seller);
        escrow.cancelOrder(id);
        assertEq(usdt.balanceOf(buyer), AMOUNT);
    }

    function test_openDispute_usdtDepositsRevertWithoutAllowance() public {
        uint256 id = _createUsdtOrder(AMOUNT);
        usdt.mint(buyer, FEE);
        vm.expectRevert();
        vm.prank(buyer);
        escrow.openDispute(id);
    }

    function test_resolveDispute_paysInUsdt() public {
        uint256 id = _createUsdtOrder(AMOUNT);
        _disputeInUsdt(id);
        assertEq(usdt.balanceOf(address(escrow)), AMOUNT + 2 * FEE);
        address arbitrator = _draw(id);
        _resolve(id, Ruling.Seller);
        assertEq(usdt.balanceOf(seller), AMOUNT + FEE);
        assertEq(usdt.balanceOf(arbitrator), FEE);
        assertEq(usdt.balanceOf(buyer), 0);
        assertEq(usdt.balanceOf(address(escrow)), 0);
    }

    function test_acceptSettlement_paysInUsdt() public {
        uint256 id = _createUsdtOrder(AMOUNT);
        _disputeInUsdt(id);
        _settle(id, 300 * UNIT);
        assertEq(usdt.balanceOf(buyer), 300 * UNIT + FEE);
        assertEq(usdt.balanceOf(seller), AMOUNT - 300 * UNIT + FEE);
        assertEq(usdt.balanceOf(address(escrow)), 0);
    }

    function test_register_stakesUsdtThroughZeroApprovals() public {
        (ArbitratorPool p, , ) = _deploy(IERC20(address(usdt)), MIN_STAKE, IRNG(address(rng)), false);
        address arb = address(0xA4B1);
        usdt.mint(arb, 3 * MIN_STAKE);
        vm.startPrank(arb);
        usdt.approve(address(p), 2 * MIN_STAKE);
        p.register(MIN_STAKE);
        // MIN_STAKE of allowance is left; a non-zero to non-zero approve reverts.
        vm.expectRevert();
        usdt.approve(address(p), 2 * MIN_STAKE);
        usdt.approve(address(p), 0);
        usdt.approve(address(p), 2 * MIN_STAKE);
        p.increaseStake(2 * MIN_STAKE);
        p.requestUnstake();
        vm.stopPrank();
        assertEq(p.getArbitrator(arb).stake, 3 * MIN_STAKE);
        assertEq(p.totalStaked(), 3 * MIN_STAKE);
        vm.warp(block.timestamp + COOLDOWN);
        vm.prank(arb);
        p.withdrawStake();
        assertEq(usdt.balanceOf(arb), 3 * MIN_STAKE);
        assertEq(usdt.balanceOf(address(p)), 0);
    }
}

// ==================================================================== Fee on transfer

/// @notice A token that burns 1% of every transfer: orders record what arrived; a dispute deposit
/// must arrive whole, so such a token cannot be disputed over (the escrow would owe more than it
/// holds).
contract P2PEscrowFeeOnTransferTest is EscrowTestBase {
    uint256 internal constant TOKEN_FEE_BPS = 100;
    MockFeeOnTransferToken internal fot;

    function setUp() public override {
        super.setUp();
        fot = new MockFeeOnTransferToken("Fee USD", "fUSD", 6, TOKEN_FEE_BPS);
        _configure(address(fot));
        _registerArbitrators(2);
    }

    function _received(uint256 sent) internal pure returns (uint256) {
        return sent - (sent * TOKEN_FEE_BPS) / BPS;
    }

    function _createFotOrder(uint256 amount) internal returns (uint256) {
        return _createOrder(MockERC20(address(fot)), buyer, seller, amount);
    }

    function test_createOrder_recordsReceivedAmount() public {
        uint256 received = _received(AMOUNT);
        _mintAndApprove(fot, buyer, AMOUNT);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.OrderCreated(1, buyer, seller, address(fot), received, PRODUCT, 0);
        vm.prank(buyer);
        uint256 id = escrow.createOrder(seller, address(fot), AMOUNT, PRODUCT, 0);
        assertEq(escrow.getOrder(id).amount, received);
        assertEq(fot.balanceOf(address(escrow)), received);
    }

    function testFuzz_createOrder_feeOnTransferRecordsReceived(uint256 amount, uint256 feeBps) public {
        feeBps = bound(feeBps, 0, 9_999);
        amount = bound(amount, 1, type(uint96).max);
        MockFeeOnTransferToken token = new MockFeeOnTransferToken("F", "F", 6, feeBps);
        vm.prank(owner);
        escrow.configureToken(address(token), true, 0, 0, 0);
        uint256 received = amount - (amount * feeBps) / BPS;
        _mintAndApprove(token, buyer, amount);
        if (received == 0) {
            vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidAmount.selector, 0));
            vm.prank(buyer);
            escrow.createOrder(seller, address(token), amount, PRODUCT, 0);
            return;
        }
        vm.prank(buyer);
        uint256 id = escrow.createOrder(seller, address(token), amount, PRODUCT, 0);
        assertEq(escrow.getOrder(id).amount, received);
        // Paying out the recorded amount empties the escrow exactly.
        _toSellerConfirmed(id);
        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);
        assertEq(token.balanceOf(address(escrow)), 0);
        assertEq(token.balanceOf(seller), received - (received * feeBps) / BPS);
    }

    function test_createOrder_revertsIfWhatArrivesIsBelowTheMinimum() public {
        // 10 tokens sent, 9.9 arrive: under the 10-token minimum.
        _mintAndApprove(fot, buyer, MIN_ORDER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IP2PEscrow.EscrowAmountBelowMinimum.selector,
                address(fot),
                _received(MIN_ORDER),
                MIN_ORDER
            )
        );
        vm.prank(buyer);
        escrow.createOrder(seller, address(fot), MIN_ORDER, PRODUCT, 0);
    }

    function test_createOrder_revertsIfNothingArrives() public {
        MockFeeOnTransferToken all = new MockFeeOnTransferToken("All", "ALL", 6, BPS);
        vm.prank(owner);
        escrow.configureToken(address(all), true, 0, 0, 0);
        _mintAndApprove(all, buyer, AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidAmount.selector, 0));
        vm.prank(buyer);
        escrow.createOrder(seller, address(all), AMOUNT, PRODUCT, 0);
    }

    function test_createOrder_revertsIfMoreArrivesThanSent() public {
        MockInflatingToken inf = new MockInflatingToken();
        vm.prank(owner);
        escrow.configureToken(address(inf), true, 0, 0, 0);
        inf.mint(buyer, AMOUNT);
        vm.prank(buyer);
        inf.approve(address(escrow), AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidAmount.selector, AMOUNT + 1));
        vm.prank(buyer);
        escrow.createOrder(seller, address(inf), AMOUNT, PRODUCT, 0);
    }

    function test_openDispute_revertsIfTheDepositArrivesShort() public {
        uint256 id = _createFotOrder(AMOUNT);
        uint256 fee = escrow.arbitrationFeeOf(id);
        _mintAndApprove(fot, buyer, fee);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidAmount.selector, _received(fee)));
        vm.prank(buyer);
        escrow.openDispute(id);
        _assertStatus(id, OrderStatus.Created);
    }

    function test_payouts_sumToRecordedAmountsAndNeverUnderfund() public {
        vm.prank(owner);
        escrow.setProtocolFee(100, feeRecipient);
        uint256 a = _createFotOrder(AMOUNT);
        uint256 b = _createFotOrder(2 * AMOUNT);
        uint256 c = _createFotOrder(3 * AMOUNT);
        uint256 d = _createFotOrder(4 * AMOUNT);
        uint256 open = _received(AMOUNT) + _received(2 * AMOUNT) + _received(3 * AMOUNT) + _received(4 * AMOUNT);
        assertEq(fot.balanceOf(address(escrow)), open);

        // a: completed with a protocol fee.
        _toSellerConfirmed(a);
        vm.prank(buyer);
        escrow.buyerConfirmReceived(a);
        open -= _received(AMOUNT);
        assertEq(fot.balanceOf(address(escrow)), open);

        // b: cancelled.
        vm.prank(seller);
        escrow.cancelOrder(b);
        open -= _received(2 * AMOUNT);
        assertEq(fot.balanceOf(address(escrow)), open);

        // c: released after the buyer window.
        _toSellerConfirmed(c);
        vm.warp(block.timestamp + BUYER_WINDOW + 1);
        escrow.autoRelease(c);
        open -= _received(3 * AMOUNT);
        assertEq(fot.balanceOf(address(escrow)), open);

        // d: expired.
        escrow.expireOrder(d);
        assertEq(fot.balanceOf(address(escrow)), 0);
    }
}

// ==================================================================== Blocklist + permit

/// @notice USDC-style token with EIP-2612 permit and a blocklist.
contract P2PEscrowBlocklistTest is EscrowTestBase {
    MockBlocklistToken internal bl;
    uint256 internal constant BUYER_PK = 0xB1B1;
    address internal permitBuyer;

    function setUp() public override {
        super.setUp();
        bl = new MockBlocklistToken("USD Coin", "USDC", 6);
        _configure(address(bl));
        permitBuyer = vm.addr(BUYER_PK);
        vm.label(permitBuyer, "permitBuyer");
        _registerArbitrators(2);
    }

    function _createBlOrder() internal returns (uint256) {
        return _createOrder(MockERC20(address(bl)), buyer, seller, AMOUNT);
    }

    function test_createOrderWithPermit_signedPermit() public {
        bl.mint(permitBuyer, AMOUNT);
        uint256 deadline = block.timestamp + 1 days;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(MockERC20(address(bl)), BUYER_PK, AMOUNT, deadline);
        vm.prank(permitBuyer);
        uint256 id = escrow.createOrderWithPermit(seller, address(bl), AMOUNT, PRODUCT, 0, deadline, v, r, s);
        assertEq(escrow.getOrder(id).buyer, permitBuyer);
        assertEq(escrow.getOrder(id).amount, AMOUNT);
        assertEq(bl.nonces(permitBuyer), 1);
        assertEq(bl.balanceOf(address(escrow)), AMOUNT);
    }

    function test_createOrderWithPermit_proceedsAfterFrontRunPermit() public {
        bl.mint(permitBuyer, AMOUNT);
        uint256 deadline = block.timestamp + 1 days;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(MockERC20(address(bl)), BUYER_PK, AMOUNT, deadline);
        // Someone copies the permit out of the mempool and submits it first.
        vm.prank(stranger);
        bl.permit(permitBuyer, address(escrow), AMOUNT, deadline, v, r, s);
        assertEq(bl.allowance(permitBuyer, address(escrow)), AMOUNT);

        // The replayed permit now fails inside the escrow; the order still goes through.
        vm.prank(permitBuyer);
        uint256 id = escrow.createOrderWithPermit(seller, address(bl), AMOUNT, PRODUCT, 0, deadline, v, r, s);
        assertEq(escrow.getOrder(id).amount, AMOUNT);
        assertEq(bl.allowance(permitBuyer, address(escrow)), 0);
    }

    function test_createOrderWithPermit_revertsIfBuyerBlocklisted() public {
        bl.mint(permitBuyer, AMOUNT);
        uint256 deadline = block.timestamp + 1 days;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(MockERC20(address(bl)), BUYER_PK, AMOUNT, deadline);
        bl.setBlocklisted(permitBuyer, true);
        vm.expectRevert(abi.encodeWithSelector(MockBlocklistToken.Blocklisted.selector, permitBuyer));
        vm.prank(permitBuyer);
        escrow.createOrderWithPermit(seller, address(bl), AMOUNT, PRODUCT, 0, deadline, v, r, s);
    }

    function test_buyerConfirmReceived_creditsBlocklistedSeller() public {
        vm.prank(owner);
        escrow.setProtocolFee(100, feeRecipient);
        uint256 id = _createBlOrder();
        _toSellerConfirmed(id);
        bl.setBlocklisted(seller, true);
        uint256 fee = AMOUNT / 100;

        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.PaymentCredited(id, seller, address(bl), AMOUNT - fee);
        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);
        _assertStatus(id, OrderStatus.Completed);
        assertEq(escrow.creditOf(address(bl), seller), AMOUNT - fee);
        assertEq(bl.balanceOf(feeRecipient), fee, "fee recipient still paid");
        assertEq(bl.balanceOf(address(escrow)), AMOUNT - fee);

        // The credit goes only to the seller, and only once the token lets it receive.
        vm.expectRevert(abi.encodeWithSelector(MockBlocklistToken.Blocklisted.selector, seller));
        vm.prank(seller);
        escrow.withdraw(address(bl));
        assertEq(escrow.creditOf(address(bl), seller), AMOUNT - fee);

        bl.setBlocklisted(seller, false);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.Withdrawn(seller, address(bl), AMOUNT - fee);
        vm.prank(seller);
        assertEq(escrow.withdraw(address(bl)), AMOUNT - fee);
        assertEq(bl.balanceOf(seller), AMOUNT - fee);
        assertEq(escrow.creditOf(address(bl), seller), 0);
        assertEq(bl.balanceOf(address(escrow)), 0);

        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowNothingToWithdraw.selector, address(bl), seller));
        vm.prank(seller);
        escrow.withdraw(address(bl));
    }

    function test_autoRelease_creditsBlocklistedFeeRecipient() public {
        vm.prank(owner);
        escrow.setProtocolFee(100, feeRecipient);
        uint256 id = _createBlOrder();
        _toSellerConfirmed(id);
        bl.setBlocklisted(feeRecipient, true);
        vm.warp(block.timestamp + BUYER_WINDOW + 1);
        escrow.autoRelease(id);
        assertEq(bl.balanceOf(seller), AMOUNT - AMOUNT / 100);
        assertEq(escrow.creditOf(address(bl), feeRecipient), AMOUNT / 100);
    }

    function test_cancelOrder_creditsBlocklistedBuyer() public {
        uint256 id = _createBlOrder();
        bl.setBlocklisted(buyer, true);
        vm.prank(seller);
        escrow.cancelOrder(id);
        _assertStatus(id, OrderStatus.Cancelled);
        assertEq(escrow.creditOf(address(bl), buyer), AMOUNT);
        // Once unblocked, the buyer withdraws to itself.
        bl.setBlocklisted(buyer, false);
        vm.prank(buyer);
        escrow.withdraw(address(bl));
        assertEq(bl.balanceOf(buyer), AMOUNT);
    }

    function test_expireOrder_creditsBlocklistedBuyer() public {
        uint256 id = _createBlOrder();
        bl.setBlocklisted(buyer, true);
        vm.warp(block.timestamp + SELLER_WINDOW + 1);
        escrow.expireOrder(id);
        assertEq(escrow.creditOf(address(bl), buyer), AMOUNT);
    }

    function test_resolveDispute_creditsBlocklistedArbitratorAndPaysWinner() public {
        uint256 id = _createBlOrder();
        _toDisputed(id);
        address arbitrator = _draw(id);
        bl.setBlocklisted(arbitrator, true);
        _resolve(id, Ruling.Buyer);
        assertEq(bl.balanceOf(buyer), AMOUNT + FEE, "winner paid");
        assertEq(escrow.creditOf(address(bl), arbitrator), FEE);
        assertEq(bl.balanceOf(address(escrow)), FEE);
    }

    function test_resolveDispute_creditsBlocklistedWinnerAndPaysArbitrator() public {
        uint256 id = _createBlOrder();
        _toDisputed(id);
        address arbitrator = _draw(id);
        bl.setBlocklisted(seller, true);
        _resolve(id, Ruling.Seller);
        assertEq(escrow.creditOf(address(bl), seller), AMOUNT + FEE);
        assertEq(bl.balanceOf(arbitrator), FEE, "arbitrator paid");
    }

    function test_acceptSettlement_creditsBlocklistedParty() public {
        uint256 id = _createBlOrder();
        _toDisputed(id);
        bl.setBlocklisted(buyer, true);
        _settle(id, 400 * UNIT);
        assertEq(escrow.creditOf(address(bl), buyer), 400 * UNIT + FEE);
        assertEq(bl.balanceOf(seller), AMOUNT - 400 * UNIT + FEE);
    }

    function test_openDispute_revertsIfTheOpenerIsBlocklisted() public {
        uint256 id = _createBlOrder();
        _fundDeposit(id, buyer);
        bl.setBlocklisted(buyer, true);
        vm.expectRevert(abi.encodeWithSelector(MockBlocklistToken.Blocklisted.selector, buyer));
        vm.prank(buyer);
        escrow.openDispute(id);
    }
}

// ==================================================================== Decimals

/// @notice 6- and 18-decimal stablecoins, as order token and as stake token (min stake 500 tokens).
contract P2PEscrowDecimalsTest is EscrowTestBase {
    function _run(uint8 decimals) internal {
        uint256 unit = 10 ** decimals;
        uint256 minStake = 500 * unit;
        MockERC20 token = new MockERC20("Stable", "STB", decimals);
        (pool, escrow, fallbackArb) = _deploy(IERC20(address(token)), minStake, IRNG(address(rng)), true);
        vm.prank(owner);
        escrow.configureToken(address(token), true, 10 * unit, 1_000_000 * unit, 2 * unit);
        assertEq(pool.minStake(), minStake);

        address arb = address(0xA4B1);
        token.mint(arb, minStake);
        vm.prank(arb);
        token.approve(address(pool), minStake);
        vm.expectRevert(abi.encodeWithSelector(IArbitratorPool.PoolStakeTooLow.selector, minStake - 1, minStake));
        vm.prank(arb);
        pool.register(minStake - 1);
        vm.prank(arb);
        pool.register(minStake);
        assertEq(pool.weightOf(arb), minStake / 2, "stake x reputation 50 / 100");

        // An order at the cap, taken through a dispute the arbitrator misses, then a ruling.
        uint256 amount = 1_000_000 * unit;
        uint256 fee = (amount * ARBITRATOR_FEE_BPS) / BPS;
        address arb2 = address(0xA4B2);
        token.mint(arb2, 2 * minStake);
        vm.startPrank(arb2);
        token.approve(address(pool), 2 * minStake);
        pool.register(2 * minStake);
        vm.stopPrank();

        uint256 id = _createOrder(token, buyer, seller, amount);
        _toSellerConfirmed(id);
        _toDisputed(id);
        assertEq(escrow.getDispute(id).fee, fee);
        address first = _draw(id);
        uint256 firstStake = pool.getArbitrator(first).stake;
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        // The case's fee (50,000 tokens) is far above the cap: 10% of the stake is slashed.
        uint256 slashed = (firstStake * SLASH_BPS) / BPS;
        assertEq(token.balanceOf(treasury), slashed, "slash in the stake token's own decimals");
        address second = _draw(id);
        assertTrue(second != first);
        _resolve(id, Ruling.Seller);
        assertEq(token.balanceOf(seller), amount + fee);
        assertEq(token.balanceOf(second), fee);
        assertEq(token.balanceOf(buyer), 0);
        assertEq(token.balanceOf(address(escrow)), 0);
        assertEq(token.balanceOf(address(pool)), pool.totalStaked());
    }

    function test_createOrder_sixDecimals() public {
        _run(6);
    }

    function test_createOrder_eighteenDecimals() public {
        _run(18);
    }

    /// @dev The pool slashes twice the case's fee, converted to the stake token's decimals: a
    /// 6-decimal order's fee must not become 10^12 times larger or smaller in an 18-decimal pool.
    function test_replaceArbitrator_convertsTheCaseFeeAcrossDecimals() public {
        MockERC20 stake18 = new MockERC20("Stake Dai", "sDAI", 18);
        (pool, escrow, fallbackArb) = _deploy(IERC20(address(stake18)), 500e18, IRNG(address(rng)), true);
        _configure(address(usdc));
        _register(pool, stake18, address(0xA4B1), 1_000e18);
        _register(pool, stake18, address(0xA4B2), 1_000e18);
        uint256 id = _createOrder(MIN_ORDER);
        _toSellerConfirmed(id);
        _toDisputed(id);
        address first = _draw(id);
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        // The fee is 2 tokens (the minimum): 4 tokens, in 18 decimals.
        assertEq(stake18.balanceOf(treasury), 4e18);
        assertEq(pool.getArbitrator(first).stake, 996e18);
    }

    function testFuzz_createOrder_eighteenDecimalAmounts(uint256 amount) public {
        MockERC20 dai = new MockERC20("Dai", "DAI", 18);
        _configure(address(dai));
        amount = bound(amount, 10e18, type(uint96).max);
        uint256 id = _createOrder(dai, buyer, seller, amount);
        assertEq(escrow.getOrder(id).amount, amount);
        vm.prank(seller);
        escrow.cancelOrder(id);
        assertEq(dai.balanceOf(buyer), amount);
    }
}
