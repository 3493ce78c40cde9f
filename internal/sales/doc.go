// Package sales is sales orders (销售订单) and quotations (报价);
// promotions, deliveries, returns and statistics come later.
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
