// Package inventory keeps the stock ledger (出入库记录): every movement an
// immutable row, with on-hand, reserved and available per product ×
// warehouse in a balance table changed in the same transaction, so
// reading stock is one indexed lookup and always agrees with the ledger.
//
// Other modules post through the *Tx methods inside their own
// transaction (a goods receipt, a delivery, an approved order's
// reservation); their service checks its own permission. Rules kept here:
//
//   - available (on_hand − reserved) never goes below zero: outbound
//     movements and reservations are conditional updates of the balance
//     row, so concurrent requests cannot oversell on either database;
//   - moving-average cost per product (company-wide): inbound adds qty and
//     value at its unit cost, outbound removes value in proportion to the
//     quantity (the last unit out takes the rest, no residue), transfers
//     leave it alone;
//   - goods in transit: a transfer's out leg may post when it ships and
//     its in leg when it arrives; in between the goods are the company's
//     (counted in stock_costs, in no warehouse's balance), and no receipt
//     leg takes more than its transfer document has in transit;
//   - rows are locked in (product, warehouse) order, so two postings
//     cannot deadlock.
//
// Quantities are base units × 10^4 and money × 10^4 (Qty, money scaled
// integers), never floats.
package inventory
