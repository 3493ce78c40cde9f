package sales

import (
	"context"
	"fmt"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// A replacement delivery (换货补发) sends an exchange's goods again. It is
// not a new sale: the order's quantities, shipped_qty and status stay as
// they are, and nothing was reserved for it. It goes through the delivery
// steps like any delivery (pick, pack, ship, receipt, cancel before
// shipping); shipping posts a plain delivery movement from available
// stock (no reservation consumed), so not enough stock stops the ship
// with inventory.insufficient.

// replace makes the draft replacement delivery of an inspected exchange:
// its lines' quantities, from the order's warehouse, to the order's
// shipping address. It returns the delivery's number.
func (s *Service) replace(ctx context.Context, tx *db.Tx, sc tenant.Scope, r Return) (string, error) {
	q := db.Tenant(tx, sc.Tenant())
	var address string
	if err := q.Get(ctx, &address, `SELECT shipping_address FROM sales_orders WHERE tenant_id = ? AND id = ?`, q.Tenant, r.OrderID); err != nil {
		return "", err
	}
	lines := make([]DeliveryLine, len(r.Lines))
	for i, l := range r.Lines {
		lines[i] = DeliveryLine{LineNo: i + 1, OrderID: r.OrderID, OrderLineID: l.OrderLineID, ProductID: l.ProductID, Unit: l.Unit,
			Factor: l.Factor, Qty: l.Qty}
	}
	rid := r.ID
	id, number, err := s.insertDelivery(ctx, tx, sc, Delivery{CustomerID: r.CustomerID, WarehouseID: r.WarehouseID,
		ShippingAddress: address, Notes: r.Number, ReturnID: &rid, OwnerID: r.OwnerID, DepartmentID: r.DepartmentID}, lines)
	if err != nil {
		return "", err
	}
	return number, audit.Record(ctx, tx, sc, DocDelivery+".create", DocDelivery, id,
		audit.Change{Field: "number", After: number}, audit.Change{Field: "return", After: r.Number},
		audit.Change{Field: "lines", After: deliveryLinesText(lines)})
}

// shipReplacement posts a replacement's goods out of stock as delivery
// movements of its return, without a reservation and without touching the
// order.
func (s *Service) shipReplacement(ctx context.Context, tx *db.Tx, sc tenant.Scope, d Delivery) error {
	moves := make([]inventory.Move, 0, len(d.Lines))
	for _, l := range d.Lines {
		base, err := money.MulDiv(l.Qty, l.Factor, 10000)
		if err != nil {
			return errs.Invalid(errs.Field(fmt.Sprintf("lines[%d].qty", l.LineNo-1), "sales.too_large"))
		}
		moves = append(moves, inventory.Move{Kind: inventory.Delivery, ProductID: l.ProductID, WarehouseID: d.WarehouseID, Qty: base,
			DocType: DocReturn, DocID: *d.ReturnID, DocLine: l.OrderLineID, Note: d.Number})
	}
	_, err := s.stock.PostTx(ctx, tx, sc, moves...)
	return err
}

// ReplacementFor is the return a replacement delivery sends goods for (0:
// an ordinary delivery).
func (d Delivery) ReplacementFor() int64 {
	if d.ReturnID == nil {
		return 0
	}
	return *d.ReturnID
}
