// Package sales is quotations (报价) with process routes, sales orders
// (销售订单) with promotions and coupons, their deliveries (发货单), returns
// and exchanges (退换货), order statistics and order import.
//
// An order moves through the statuses of PRODUCT.md §4.1: draft → submit →
// pending_review → approve → approved → (deliveries) partially_shipped →
// shipped → completed; cancel (with a reason) from draft, pending_review or
// approved; close a partially shipped order that will ship no more.
//
// Invariants:
//   - Submit refuses a blacklisted customer and tells the approval rules
//     the amount, the customer, its groups and whether the customer's open
//     orders and this one exceed its credit limit. No rule → approved at
//     once; a rejection sends the order back to draft with the comment.
//   - Approval (the last level, or a submit no rule stops) reserves every
//     line's quantity in base units in the order's warehouse inside the
//     same transaction (inventory.ReserveTx, lines in product order so two
//     approvals cannot deadlock). Not enough available stock fails the
//     approval with inventory.insufficient and nothing changes.
//   - Cancel and close give back whatever is still reserved.
//   - What may be edited depends on the status: a draft everything; an
//     approved order only its notes, handler and shipping address; nothing
//     otherwise. Only a draft may be deleted.
//   - Every change is audited as sales_order.<action> and moves the
//     version (optimistic lock).
//
// A delivery moves through §4.4: draft → pick → picking → pack → packed →
// ship → shipped → deliver → delivered, or exception when a line arrived
// short or damaged; cancel before shipping. Invariants:
//   - One delivery holds lines of approved or partially shipped orders of
//     one customer and one warehouse; a line's quantity is at most what is
//     still open (ordered − shipped − held by other open deliveries). The
//     orders are locked in id order while it is made, so two deliveries
//     cannot take the same open quantity.
//   - Shipping posts the goods out through inventory (consuming the order
//     lines' reservations), raises shipped_qty and moves the order to
//     partially_shipped or shipped, in the delivery's transaction. Locks go
//     delivery → orders (id order) → stock.
//   - Receipt of the last delivery of a shipped order completes the order.
//   - Every step is audited as sales_delivery.<action>.
//
// Promotions (促销):
//   - Promotions (促销, a record type: promo_types.go) are applied by the
//     engine (promo_engine.go) whenever a draft is saved and again on
//     submit, on the day of the save or submit: the lines' discounts
//     include what promotions took (promo_discount), the order keeps which
//     promotion took what from which line (sales_order_promotions), and the
//     lines' amounts and taxes still add up to the total.
//   - A coupon is redeemed on submit (counted uses, coupon.go), never beyond
//     its limits even under parallel submits; cancel, delete or a changed
//     coupon gives the use back.
//
// A return or exchange (退换货) moves through §4.7: requested → approve |
// reject → approved → receive → received → inspect → refunded (return) or
// exchanged (exchange) → close → closed. Invariants:
//   - A line returns at most what its order line shipped less what the
//     order's other returns (all but rejected) took; the order is locked
//     while a request is made, so two cannot take the same quantity.
//   - Inspection restocks (customer_return movement at the moving average)
//     or scraps each line's quantity, and in the same transaction makes
//     the refund request (Σ qty × net price incl. tax, MulDiv per line) or
//     the replacement delivery. A replacement (sales_deliveries.return_id)
//     holds none of the order's open quantity and ships without its
//     reservation, leaving shipped_qty and the order's status alone.
//   - Locks go return → stock; a replacement's, delivery → stock.
//   - Every step is audited as sales_return.<action>.
//
// A quotation moves through PRODUCT.md §4.3: draft → submit →
// pending_review → approve → approved → send → sent → accept → accepted
// (its order made) | decline → declined; approved and sent quotations past
// valid_until become expired (ExpireDue, run hourly by the app's schedule).
// A rejection in review sends it back to draft, as with orders.
//
// Quotation invariants:
//   - A line is a product (priced like an order line: the price lists when
//     no price is typed; cost = the product's standard cost unless typed)
//     or a process route (工艺流程) making one unit of its product: unit
//     cost = Σ steps hours × hourly rate + Σ materials qty × unit cost
//     (the standard cost unless typed); price typed, or unit cost × (1 +
//     markup %). Every line and the quotation carry cost, margin (amount
//     after discount, before tax, − cost) and margin % — all computed in Go
//     from scaled integers (money.MulDiv), rounded half up once each.
//   - Submit tells the approval rules (报价审核) the amount, margin and
//     margin %, the largest line discount, the customer and its groups and
//     whether a route is quoted; no rule → approved at once. A quotation
//     whose validity passed cannot be submitted, sent or accepted.
//   - Only a draft may be edited or deleted.
//   - Accept makes a draft sales order in the same transaction (CreateTx;
//     the user needs sales.create too): one order line per quotation line
//     at the quoted unit, quantity, price, discount and tax rate — a route
//     line becomes a line of the product the route makes, at the route's
//     price (its steps and materials stay on the quotation). The order
//     ships from the warehouse given on acceptance, else the quotation's;
//     sales_orders.quote_id and sales_quotes.order_id link the two.
//   - Every change is audited as sales_quote.<action>; the expiry is
//     audited as "system".
package sales
