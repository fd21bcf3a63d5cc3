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

/// @notice Tether-style token: no return values, approve-race guard and a blacklist.
contract P2PEscrowUsdtTest is EscrowTestBase {
    MockUSDT internal usdt;

    function setUp() public override {
        super.setUp();
        usdt = new MockUSDT(6);
        vm.prank(owner);
        escrow.configureToken(address(usdt), true, 0);
        _registerArbitrators(2);
    }

    function _createUsdtOrder(uint256 amount) internal returns (uint256 id) {
        usdt.mint(buyer, amount);
        vm.startPrank(buyer);
        // The approve-race guard: go through zero.
        usdt.approve(address(escrow), 0);
        usdt.approve(address(escrow), amount);
        id = escrow.createOrder(seller, address(usdt), amount, PRODUCT);
        vm.stopPrank();
    }

    function test_createOrder_usdtNeedsApproveThroughZero() public {
        usdt.mint(buyer, 2 * AMOUNT);
        vm.prank(buyer);
        usdt.approve(address(escrow), 2 * AMOUNT);
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdt), AMOUNT, PRODUCT);
        // AMOUNT of allowance is left: changing it straight to another non-zero value reverts.
        assertEq(usdt.allowance(buyer, address(escrow)), AMOUNT);
        vm.expectRevert();
        vm.prank(buyer);
        usdt.approve(address(escrow), AMOUNT / 2);
        vm.startPrank(buyer);
        usdt.approve(address(escrow), 0);
        usdt.approve(address(escrow), AMOUNT / 2);
        uint256 id = escrow.createOrder(seller, address(usdt), AMOUNT / 2, PRODUCT);
        vm.stopPrank();
        assertEq(escrow.getOrder(id).amount, AMOUNT / 2);
        assertEq(usdt.balanceOf(address(escrow)), AMOUNT + AMOUNT / 2);
    }

    function test_createOrder_usdtRevertsWithoutAllowance() public {
        usdt.mint(buyer, AMOUNT);
        vm.expectRevert();
        vm.prank(buyer);
        escrow.createOrder(seller, address(usdt), AMOUNT, PRODUCT);
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

    function test_resolveDispute_paysInUsdt() public {
        uint256 id = _createUsdtOrder(AMOUNT);
        _toDisputed(id);
        address arbitrator = _draw(id);
        _resolve(id, Ruling.Seller);
        uint256 fee = (AMOUNT * ARBITRATOR_FEE_BPS) / BPS;
        assertEq(usdt.balanceOf(seller), AMOUNT - fee);
        assertEq(usdt.balanceOf(arbitrator), fee);
        assertEq(usdt.balanceOf(address(escrow)), 0);
    }

    function test_buyerConfirmReceived_creditsBlacklistedSellerInUsdt() public {
        uint256 id = _createUsdtOrder(AMOUNT);
        _toSellerConfirmed(id);
        usdt.setBlackListed(seller, true);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.PaymentCredited(id, seller, address(usdt), AMOUNT);
        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);
        _assertStatus(id, OrderStatus.Completed);
        assertEq(escrow.creditOf(address(usdt), seller), AMOUNT);
        assertEq(usdt.balanceOf(address(escrow)), AMOUNT);

        vm.prank(seller);
        assertEq(escrow.withdraw(address(usdt), stranger), AMOUNT);
        assertEq(usdt.balanceOf(stranger), AMOUNT);
        assertEq(usdt.balanceOf(address(escrow)), 0);
    }

    function test_register_stakesUsdtThroughZeroApprovals() public {
        (ArbitratorPool p, ) = _deploy(IERC20(address(usdt)), MIN_STAKE, IRNG(address(rng)));
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

/// @notice A token that burns 1% of every transfer: orders record what arrived.
contract P2PEscrowFeeOnTransferTest is EscrowTestBase {
    uint256 internal constant TOKEN_FEE_BPS = 100;
    MockFeeOnTransferToken internal fot;

    function setUp() public override {
        super.setUp();
        fot = new MockFeeOnTransferToken("Fee USD", "fUSD", 6, TOKEN_FEE_BPS);
        vm.prank(owner);
        escrow.configureToken(address(fot), true, 0);
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
        uint256 id = escrow.createOrder(seller, address(fot), AMOUNT, PRODUCT);
        assertEq(escrow.getOrder(id).amount, received);
        assertEq(fot.balanceOf(address(escrow)), received);
    }

    function testFuzz_createOrder_feeOnTransferRecordsReceived(uint256 amount, uint256 feeBps) public {
        feeBps = bound(feeBps, 0, 9_999);
        amount = bound(amount, 1, type(uint96).max);
        MockFeeOnTransferToken token = new MockFeeOnTransferToken("F", "F", 6, feeBps);
        vm.prank(owner);
        escrow.configureToken(address(token), true, 0);
        uint256 received = amount - (amount * feeBps) / BPS;
        _mintAndApprove(token, buyer, amount);
        if (received == 0) {
            vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidAmount.selector, 0));
            vm.prank(buyer);
            escrow.createOrder(seller, address(token), amount, PRODUCT);
            return;
        }
        vm.prank(buyer);
        uint256 id = escrow.createOrder(seller, address(token), amount, PRODUCT);
        assertEq(escrow.getOrder(id).amount, received);
        // Paying out the recorded amount empties the escrow exactly.
        _toSellerConfirmed(id);
        vm.prank(buyer);
        escrow.buyerConfirmReceived(id);
        assertEq(token.balanceOf(address(escrow)), 0);
        assertEq(token.balanceOf(seller), received - (received * feeBps) / BPS);
    }

    function test_createOrder_revertsIfNothingArrives() public {
        MockFeeOnTransferToken all = new MockFeeOnTransferToken("All", "ALL", 6, BPS);
        vm.prank(owner);
        escrow.configureToken(address(all), true, 0);
        _mintAndApprove(all, buyer, AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidAmount.selector, 0));
        vm.prank(buyer);
        escrow.createOrder(seller, address(all), AMOUNT, PRODUCT);
    }

    function test_createOrder_revertsIfMoreArrivesThanSent() public {
        MockInflatingToken inf = new MockInflatingToken();
        vm.prank(owner);
        escrow.configureToken(address(inf), true, 0);
        inf.mint(buyer, AMOUNT);
        vm.prank(buyer);
        inf.approve(address(escrow), AMOUNT);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidAmount.selector, AMOUNT + 1));
        vm.prank(buyer);
        escrow.createOrder(seller, address(inf), AMOUNT, PRODUCT);
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

        // b: ruled for the buyer.
        _toDisputed(b);
        _draw(b);
        _resolve(b, Ruling.Buyer);
        open -= _received(2 * AMOUNT);
        assertEq(fot.balanceOf(address(escrow)), open);

        // c: settled; the split is bounded by the recorded amount, not the amount sent.
        uint256 recorded = escrow.getOrder(c).amount;
        _toDisputed(c);
        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowInvalidSplit.selector, c, 3 * AMOUNT, recorded));
        vm.prank(buyer);
        escrow.proposeSettlement(c, 3 * AMOUNT);
        _settle(c, recorded / 3);
        open -= recorded;
        assertEq(fot.balanceOf(address(escrow)), open);

        // d: expired.
        vm.warp(block.timestamp + SELLER_WINDOW + 1);
        escrow.expireOrder(d);
        assertEq(fot.balanceOf(address(escrow)), 0);
    }

    function test_resolveDispute_feeOnTransferSplitsRecordedAmount() public {
        uint256 id = _createFotOrder(AMOUNT);
        uint256 recorded = _received(AMOUNT);
        _toDisputed(id);
        address arbitrator = _draw(id);
        uint256 fee = (recorded * ARBITRATOR_FEE_BPS) / BPS;
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.DisputeResolved(id, buyer, seller, arbitrator, Ruling.Seller, recorded - fee, fee);
        _resolve(id, Ruling.Seller);
        assertEq(fot.balanceOf(arbitrator), _received(fee));
        assertEq(fot.balanceOf(seller), _received(recorded - fee));
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
        vm.prank(owner);
        escrow.configureToken(address(bl), true, 0);
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
        uint256 id = escrow.createOrderWithPermit(seller, address(bl), AMOUNT, PRODUCT, deadline, v, r, s);
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
        uint256 id = escrow.createOrderWithPermit(seller, address(bl), AMOUNT, PRODUCT, deadline, v, r, s);
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
        escrow.createOrderWithPermit(seller, address(bl), AMOUNT, PRODUCT, deadline, v, r, s);
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

        // The seller cannot take it to its own blocklisted address, but can to another one.
        vm.expectRevert(abi.encodeWithSelector(MockBlocklistToken.Blocklisted.selector, seller));
        vm.prank(seller);
        escrow.withdraw(address(bl), seller);
        assertEq(escrow.creditOf(address(bl), seller), AMOUNT - fee);

        address fresh = address(0x5E11F2);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IP2PEscrow.Withdrawn(seller, address(bl), fresh, AMOUNT - fee);
        vm.prank(seller);
        assertEq(escrow.withdraw(address(bl), fresh), AMOUNT - fee);
        assertEq(bl.balanceOf(fresh), AMOUNT - fee);
        assertEq(escrow.creditOf(address(bl), seller), 0);
        assertEq(bl.balanceOf(address(escrow)), 0);

        vm.expectRevert(abi.encodeWithSelector(IP2PEscrow.EscrowNothingToWithdraw.selector, address(bl), seller));
        vm.prank(seller);
        escrow.withdraw(address(bl), fresh);
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
        escrow.withdraw(address(bl), buyer);
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
        uint256 fee = (AMOUNT * ARBITRATOR_FEE_BPS) / BPS;
        _resolve(id, Ruling.Buyer);
        assertEq(bl.balanceOf(buyer), AMOUNT - fee, "winner paid");
        assertEq(escrow.creditOf(address(bl), arbitrator), fee);
        assertEq(bl.balanceOf(address(escrow)), fee);
    }

    function test_resolveDispute_creditsBlocklistedWinnerAndPaysArbitrator() public {
        uint256 id = _createBlOrder();
        _toDisputed(id);
        address arbitrator = _draw(id);
        bl.setBlocklisted(seller, true);
        uint256 fee = (AMOUNT * ARBITRATOR_FEE_BPS) / BPS;
        _resolve(id, Ruling.Seller);
        assertEq(escrow.creditOf(address(bl), seller), AMOUNT - fee);
        assertEq(bl.balanceOf(arbitrator), fee, "arbitrator paid");
    }

    function test_acceptSettlement_creditsBlocklistedParty() public {
        uint256 id = _createBlOrder();
        _toDisputed(id);
        bl.setBlocklisted(buyer, true);
        _settle(id, 400 * UNIT);
        assertEq(escrow.creditOf(address(bl), buyer), 400 * UNIT);
        assertEq(bl.balanceOf(seller), AMOUNT - 400 * UNIT);
    }
}

// ==================================================================== Decimals

/// @notice 6- and 18-decimal stablecoins, as order token and as stake token (min stake 500 tokens).
contract P2PEscrowDecimalsTest is EscrowTestBase {
    function _run(uint8 decimals) internal {
        uint256 unit = 10 ** decimals;
        uint256 minStake = 500 * unit;
        MockERC20 token = new MockERC20("Stable", "STB", decimals);
        (pool, escrow) = _deploy(IERC20(address(token)), minStake, IRNG(address(rng)));
        vm.prank(owner);
        escrow.configureToken(address(token), true, 1_000_000 * unit);
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
        assertEq(pool.weightOf(arb), 50);

        // An order at the cap, taken through a dispute the arbitrator misses, then a ruling.
        uint256 amount = 1_000_000 * unit;
        address arb2 = address(0xA4B2);
        token.mint(arb2, 2 * minStake);
        vm.startPrank(arb2);
        token.approve(address(pool), 2 * minStake);
        pool.register(2 * minStake);
        vm.stopPrank();

        uint256 id = _createOrder(token, buyer, seller, amount);
        _toDisputed(id);
        address first = _draw(id);
        uint256 firstStake = pool.getArbitrator(first).stake;
        vm.warp(block.timestamp + ARBITRATION_WINDOW + 1);
        escrow.replaceArbitrator(id);
        uint256 slashed = (firstStake * SLASH_BPS) / BPS;
        assertEq(token.balanceOf(buyer), slashed / 2);
        address second = _draw(id);
        assertTrue(second != first);
        _resolve(id, Ruling.Seller);
        uint256 fee = (amount * ARBITRATOR_FEE_BPS) / BPS;
        assertEq(token.balanceOf(seller), amount - fee + slashed - slashed / 2);
        assertEq(token.balanceOf(second), fee);
        assertEq(token.balanceOf(address(escrow)), 0);
        assertEq(token.balanceOf(address(pool)), pool.totalStaked());
    }

    function test_createOrder_sixDecimals() public {
        _run(6);
    }

    function test_createOrder_eighteenDecimals() public {
        _run(18);
    }

    function testFuzz_createOrder_eighteenDecimalAmounts(uint256 amount) public {
        MockERC20 dai = new MockERC20("Dai", "DAI", 18);
        vm.prank(owner);
        escrow.configureToken(address(dai), true, 0);
        amount = bound(amount, 1, type(uint96).max);
        uint256 id = _createOrder(dai, buyer, seller, amount);
        assertEq(escrow.getOrder(id).amount, amount);
        vm.prank(seller);
        escrow.cancelOrder(id);
        assertEq(dai.balanceOf(buyer), amount);
    }
}
