package sales

import (
	"context"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/docflow"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

const deliveryCols = `id, number, customer_id, warehouse_id, status, shipping_address, carrier, tracking_no, notes, shipped_at,
	delivered_at, received_by, cancel_reason, return_id, owner_id, department_id, created_by, created_at, updated_at, version`

const deliveryLineCols = `id, line_no, order_id, order_line_id, product_id, unit, factor, qty, short_qty, damaged_qty, exception_note`

// GetDelivery reads a delivery with its lines, orders and tracking events
// (deliveries.view within the data scope).
func (s *Service) GetDelivery(ctx context.Context, sc tenant.Scope, id int64) (Delivery, error) {
	if !sc.Can(tenant.P(DeliveriesModule, tenant.View)) {
		return Delivery{}, errs.Forbidden("forbidden")
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	d, err := loadDelivery(ctx, q, sc, id, false)
	if err != nil {
		return d, err
	}
	if err := q.Select(ctx, &d.Events, `SELECT id, happened_at, location, description, created_at FROM sales_delivery_events
		WHERE tenant_id = ? AND delivery_id = ? ORDER BY happened_at DESC, id DESC`, q.Tenant, id); err != nil {
		return d, err
	}
	// The orders are those of the lines just read: an IN over the lines'
	// subquery let SQLite walk every order of the tenant instead.
	args := []any{q.Tenant}
	seen := map[int64]bool{}
	for _, l := range d.Lines {
		if !seen[l.OrderID] {
			seen[l.OrderID] = true
			args = append(args, l.OrderID)
		}
	}
	if len(args) == 1 {
		return d, nil
	}
	err = q.Select(ctx, &d.Orders, `SELECT id, number FROM sales_orders WHERE tenant_id = ? AND id IN (`+db.Placeholders(len(args)-1)+`)
		ORDER BY id`, args...)
	return d, err
}

// lockDelivery reads a delivery for an action inside tx (deliveries.edit
// checked by the caller; the row is locked on PostgreSQL).
func (s *Service) lockDelivery(ctx context.Context, tx *db.Tx, sc tenant.Scope, id int64) (Delivery, error) {
	return loadDelivery(ctx, db.Tenant(tx, sc.Tenant()), sc, id, true)
}

func loadDelivery(ctx context.Context, q db.Scoped, sc tenant.Scope, id int64, forUpdate bool) (Delivery, error) {
	vis, vargs := sc.Visibility(DeliveriesModule, "owner_id", "department_id")
	lockSQL := ""
	if forUpdate {
		lockSQL = db.ForUpdate(q)
	}
	var ds []Delivery
	if err := q.Select(ctx, &ds, `SELECT `+deliveryCols+` FROM sales_deliveries WHERE tenant_id = ? AND id = ?`+vis+lockSQL,
		append([]any{q.Tenant, id}, vargs...)...); err != nil {
		return Delivery{}, err
	}
	if len(ds) == 0 {
		return Delivery{}, errs.NotFound("not_found")
	}
	d := ds[0]
	err := q.Select(ctx, &d.Lines, `SELECT `+deliveryLineCols+` FROM sales_delivery_lines WHERE tenant_id = ? AND delivery_id = ?
		ORDER BY line_no`, q.Tenant, id)
	return d, err
}

// DeliveryListSpec is what the delivery list may sort and filter by.
var DeliveryListSpec = list.Spec{
	Sorts:       map[string]string{"id": "id", "number": "number"},
	DefaultSort: "-id",
	Filters: map[string]string{"status": "status", "customer_id": "customer_id", "warehouse_id": "warehouse_id",
		"carrier": "carrier", "owner_id": "owner_id"},
	Search: []string{"number", "tracking_no"},
}

var deliveries = docflow.Listing[Delivery]{Module: DeliveriesModule, Table: "sales_deliveries", Cols: deliveryCols,
	Spec: DeliveryListSpec, Key: func(sort string, d Delivery) (any, int64) {
		if strings.TrimPrefix(sort, "-") == "number" {
			return d.Number, d.ID
		}
		return d.ID, d.ID
	}}

// ListDeliveries is a page of deliveries (deliveries.view within the data
// scope) without their lines.
func (s *Service) ListDeliveries(ctx context.Context, sc tenant.Scope, lq list.Query) (list.Page[Delivery], error) {
	return deliveries.Page(ctx, s.db.Read(), sc, lq)
}

// OrderDeliveries are the deliveries of an order the caller may see,
// newest first (the order page lists them).
func (s *Service) OrderDeliveries(ctx context.Context, sc tenant.Scope, orderID int64) ([]Delivery, error) {
	if !sc.Can(tenant.P(DeliveriesModule, tenant.View)) {
		return nil, nil
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	vis, vargs := sc.Visibility(DeliveriesModule, "owner_id", "department_id")
	var out []Delivery
	// Driven from the order's delivery lines (an IN over them let SQLite
	// walk every delivery of the tenant).
	var ids []int64
	if err := q.Select(ctx, &ids, `SELECT DISTINCT delivery_id FROM sales_delivery_lines WHERE tenant_id = ? AND order_id = ?`,
		q.Tenant, orderID); err != nil || len(ids) == 0 {
		return nil, err
	}
	args := []any{q.Tenant}
	for _, id := range ids {
		args = append(args, id)
	}
	err := q.Select(ctx, &out, `SELECT `+deliveryCols+` FROM sales_deliveries WHERE tenant_id = ? AND id IN (`+db.Placeholders(len(ids))+`)`+
		vis+` ORDER BY id DESC`, append(args, vargs...)...)
	return out, err
}
