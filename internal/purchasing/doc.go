// Package purchasing is purchase orders (采购订单) and what settles them:
// goods receipts (入库, partial, with quality rejects) and returns to the
// supplier (采购退货).
//
// An order moves through the statuses of PRODUCT.md §4.2: draft → submit →
// pending_review → approve → approved → receive → partially_received →
// received → close → closed; cancel before anything was received. Submit
// asks the tenant's approval rules (platform/approval): no rule → approved
// at once; a rule → pending_review until every level approved, and a
// rejection sends it back to draft with the comment in the audit trail.
//
// Receipts post Receipt movements to the stock ledger at the order's net
// price per base unit (which moves the moving-average cost); returns post
// SupplierReturn movements at the average. Both happen in the receipt's
// transaction with the order line's quantities, so an order never shows
// goods the ledger does not hold.
package purchasing
