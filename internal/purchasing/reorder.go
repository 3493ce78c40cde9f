package purchasing

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Reorder makes the draft order a low-stock alert asks for
// (purchasing.create): the product's reorder quantity for the warehouse,
// from the supplier its reorder rule names (else the supplier it was last
// ordered from), at the product's standard cost. An order of the product
// for that warehouse still open (draft to partially received) is a
// conflict naming it, so a second click orders nothing twice.
func (s *Service) Reorder(ctx context.Context, sc tenant.Scope, productID, warehouseID int64) (Order, error) {
	if !sc.Can(tenant.P(Module, tenant.Create)) {
		return Order{}, errs.Forbidden("forbidden")
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		rule, ok, err := s.stock.ReorderRule(ctx, tx, sc.Tenant(), productID, warehouseID)
		if err != nil {
			return err
		}
		if !ok {
			return errs.NotFound("purchasing.no_reorder_rule")
		}
		open, err := openOrders(ctx, q, productID, warehouseID)
		if err != nil {
			return err
		}
		if len(open) > 0 {
			return errs.Conflict("purchasing.reorder_open", "Number", open[0].Number)
		}
		var supplier int64
		if rule.SupplierID != nil {
			supplier = *rule.SupplierID
		} else if err := q.Get(ctx, &supplier, `SELECT coalesce(max(o.supplier_id), 0) FROM purchase_orders o WHERE o.tenant_id = ?
			AND o.id = (SELECT max(l.order_id) FROM purchase_order_lines l WHERE l.tenant_id = ? AND l.product_id = ?)`,
			q.Tenant, q.Tenant, productID); err != nil {
			return err
		}
		if supplier == 0 {
			return errs.Conflict("purchasing.no_supplier")
		}
		qty := rule.ReorderQty
		if need := rule.ReorderPoint - rule.Available; need > qty {
			qty = need
		}
		if id, err = s.CreateTx(ctx, tx, sc, OrderInput{SupplierID: supplier, WarehouseID: warehouseID,
			Lines: []LineInput{{ProductID: productID, Qty: money.FromScaled(qty).String()}}}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocOrder+".reorder", DocOrder, id, audit.Change{Field: "product_id", After: productID},
			audit.Change{Field: "available", After: money.FromScaled(rule.Available).String()},
			audit.Change{Field: "reorder_point", After: money.FromScaled(rule.ReorderPoint).String()})
	})
	if err != nil {
		return Order{}, err
	}
	return s.Get(ctx, sc, id)
}

// openOrders are the orders of a product for a warehouse that still
// expect goods (draft to partially received), oldest first.
func openOrders(ctx context.Context, q db.Scoped, productID, warehouseID int64) ([]Order, error) {
	var out []Order
	err := q.Select(ctx, &out, `SELECT o.id, o.number FROM purchase_orders o WHERE o.tenant_id = ? AND o.warehouse_id = ?
		AND o.status IN (?, ?, ?, ?) AND EXISTS (SELECT 1 FROM purchase_order_lines l WHERE l.tenant_id = o.tenant_id
		AND l.order_id = o.id AND l.product_id = ?) ORDER BY o.id LIMIT 1`, q.Tenant, warehouseID, Draft, PendingReview, Approved,
		PartiallyReceived, productID)
	return out, err
}

// OpenOrder is the open order of a product for a warehouse that the
// caller may see (0 when none): where the low-stock click leads when the
// product is already on order.
func (s *Service) OpenOrder(ctx context.Context, sc tenant.Scope, productID, warehouseID int64) (int64, error) {
	os, err := openOrders(ctx, db.Tenant(s.db.Read(), sc.Tenant()), productID, warehouseID)
	if err != nil || len(os) == 0 {
		return 0, err
	}
	if _, err := s.Get(ctx, sc, os[0].ID); err != nil {
		return 0, nil
	}
	return os[0].ID, nil
}
