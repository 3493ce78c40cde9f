package sales

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/docflow"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Ship sends a packed delivery off with its carrier and waybill number (a
// number is needed unless it is our own van). In the same transaction the
// goods leave the ledger — each line consumes its order line's reservation
// (inventory.Move Reserved) — the order lines' shipped quantities go up and
// each order becomes partially_shipped or shipped. An order cancelled or
// closed since the delivery was made stops it (409).
func (s *Service) Ship(ctx context.Context, sc tenant.Scope, id int64, in ShipInput) (Delivery, error) {
	in.Carrier, in.TrackingNo = strings.TrimSpace(in.Carrier), strings.TrimSpace(in.TrackingNo)
	return s.deliveryAction(ctx, sc, int(id), in.Version, "ship", func(tx *db.Tx, d Delivery) error {
		if in.Carrier == "" {
			in.Carrier = d.Carrier
		}
		if in.TrackingNo == "" {
			in.TrackingNo = d.TrackingNo
		}
		var c errs.Collector
		carrier, ok := CarrierByCode(in.Carrier)
		switch {
		case in.Carrier == "":
			c.Add("carrier", "field.required")
		case !ok:
			c.Add("carrier", "field.invalid")
		case in.TrackingNo == "" && carrier.TrackingURL != "":
			c.Add("tracking_no", "field.required")
		}
		maxLen(&c, "tracking_no", in.TrackingNo, 64)
		if err := c.Err(); err != nil {
			return err
		}
		if err := s.shipLines(ctx, tx, sc, d); err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		if _, err := q.Exec(ctx, `UPDATE sales_deliveries SET carrier = ?, tracking_no = ?, shipped_at = ? WHERE tenant_id = ? AND id = ?`,
			in.Carrier, in.TrackingNo, db.Now(), q.Tenant, d.ID); err != nil {
			return err
		}
		return docflow.Move(ctx, tx, sc, d.doc(), DeliveryShipped, "ship", audit.Change{Field: "carrier", After: in.Carrier},
			audit.Change{Field: "tracking_no", After: in.TrackingNo})
	})
}

// shipLines posts the delivery's stock movements and moves its orders on.
// Orders are locked in id order after the delivery (deliveries → orders,
// the one lock order every delivery action keeps).
func (s *Service) shipLines(ctx context.Context, tx *db.Tx, sc tenant.Scope, d Delivery) error {
	if d.ReturnID != nil {
		return s.shipReplacement(ctx, tx, sc, d)
	}
	orders, err := s.lockOrders(ctx, tx, sc, d)
	if err != nil {
		return err
	}
	q := db.Tenant(tx, sc.Tenant())
	moves := make([]inventory.Move, 0, len(d.Lines))
	for _, l := range d.Lines {
		o := orders[l.OrderID]
		if !slices.Contains(shippable, o.Status) {
			return errs.Conflict("sales.delivery.order_status", "Number", o.Number, "Status", o.Status)
		}
		if ol := lineOf(o, l.OrderLineID); l.Qty > ol.Open() {
			return errs.Conflict("sales.delivery.over_open_ship", "Number", o.Number, "Line", ol.LineNo)
		}
		base, err := money.MulDiv(l.Qty, l.Factor, 10000)
		if err != nil {
			return errs.Invalid(errs.Field(fmt.Sprintf("lines[%d].qty", l.LineNo-1), "sales.too_large"))
		}
		moves = append(moves, inventory.Move{Kind: inventory.Delivery, ProductID: l.ProductID, WarehouseID: d.WarehouseID, Qty: base,
			Reserved: true, DocType: DocOrder, DocID: l.OrderID, DocLine: l.OrderLineID, Note: d.Number})
		res, err := q.Exec(ctx, `UPDATE sales_order_lines SET shipped_qty = shipped_qty + ? WHERE tenant_id = ? AND id = ?
			AND shipped_qty + ? <= qty`, l.Qty, q.Tenant, l.OrderLineID, l.Qty)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.Stale("stale")
		}
		// The order is locked: its lines as read plus what ships now are
		// what the table holds, so the new status needs no second read.
		for i := range o.Lines {
			if o.Lines[i].ID == l.OrderLineID {
				o.Lines[i].ShippedQty += l.Qty
			}
		}
	}
	if _, err := s.stock.PostTx(ctx, tx, sc, moves...); err != nil {
		return err
	}
	for _, oid := range slices.Sorted(maps.Keys(orders)) {
		o := orders[oid]
		to := Shipped
		for _, l := range o.Lines {
			if l.Open() > 0 {
				to = PartiallyShipped
			}
		}
		if to != o.Status {
			if err := s.move(ctx, tx, sc, o, to, "ship", audit.Change{Field: "delivery", After: d.Number}); err != nil {
				return err
			}
		}
	}
	return nil
}

// lockOrders locks the delivery's orders in id order.
func (s *Service) lockOrders(ctx context.Context, tx *db.Tx, sc tenant.Scope, d Delivery) (map[int64]Order, error) {
	orders := map[int64]Order{}
	var ids []int64
	for _, l := range d.Lines {
		if !slices.Contains(ids, l.OrderID) {
			ids = append(ids, l.OrderID)
		}
	}
	slices.Sort(ids)
	q := db.Tenant(tx, sc.Tenant())
	for _, id := range ids {
		// The caller acts on a delivery it may see; its orders are read as
		// the delivery's, not through the sales data scope.
		var os []Order
		if err := q.Select(ctx, &os, `SELECT `+orderCols+` FROM sales_orders WHERE tenant_id = ? AND id = ?`+db.ForUpdate(q), q.Tenant, id); err != nil {
			return nil, err
		}
		if len(os) == 0 {
			return nil, errs.NotFound("not_found")
		}
		o := os[0]
		if err := q.Select(ctx, &o.Lines, `SELECT `+lineCols+` FROM sales_order_lines WHERE tenant_id = ? AND order_id = ? ORDER BY line_no`,
			q.Tenant, id); err != nil {
			return nil, err
		}
		orders[id] = o
	}
	return orders, nil
}
