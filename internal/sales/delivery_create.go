package sales

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// maxDeliveryLines bounds one delivery note.
const maxDeliveryLines = 200

// shippable are the order statuses deliveries may ship from.
var shippable = []string{Approved, PartiallyShipped}

// CreateDelivery makes a draft delivery (deliveries.create) of lines of
// approved or partially shipped orders of one customer and one warehouse.
// Each quantity may be less than the line's open quantity — what is
// ordered, less what shipped, less what other open deliveries hold — never
// more. The orders are locked (in id order) for the check, so two
// deliveries racing for the last open quantity cannot both be made.
func (s *Service) CreateDelivery(ctx context.Context, sc tenant.Scope, in DeliveryInput) (Delivery, error) {
	if !sc.Can(tenant.P(DeliveriesModule, tenant.Create)) {
		return Delivery{}, errs.Forbidden("forbidden")
	}
	var c errs.Collector
	qtys := make([]int64, len(in.Lines))
	seen := map[int64]bool{}
	switch {
	case len(in.Lines) == 0:
		c.Add("lines", "sales.lines_required")
	case len(in.Lines) > maxDeliveryLines:
		c.Add("lines", "sales.too_many_lines", "Max", maxDeliveryLines)
	}
	for i, l := range in.Lines {
		f := func(name string) string { return fmt.Sprintf("lines[%d].%s", i, name) }
		qtys[i] = money.ParseField(&c, f("qty"), l.Qty, true, false)
		switch {
		case l.OrderLineID <= 0:
			c.Add(f("order_line_id"), "field.required")
		case seen[l.OrderLineID]:
			c.Add(f("order_line_id"), "sales.delivery.duplicate_line")
		}
		seen[l.OrderLineID] = true
	}
	in.Carrier = strings.TrimSpace(in.Carrier)
	if _, ok := CarrierByCode(in.Carrier); in.Carrier != "" && !ok {
		c.Add("carrier", "field.invalid")
	}
	in.ShippingAddress, in.Notes = strings.TrimSpace(in.ShippingAddress), strings.TrimSpace(in.Notes)
	maxLen(&c, "shipping_address", in.ShippingAddress, 300)
	maxLen(&c, "notes", in.Notes, 1000)
	if err := c.Err(); err != nil {
		return Delivery{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = s.createDelivery(ctx, tx, sc, in, qtys)
		return err
	})
	if err != nil {
		return Delivery{}, err
	}
	return s.GetDelivery(ctx, sc, id)
}

func (s *Service) createDelivery(ctx context.Context, tx *db.Tx, sc tenant.Scope, in DeliveryInput, qtys []int64) (int64, error) {
	q := db.Tenant(tx, sc.Tenant())
	ids := make([]any, len(in.Lines))
	for i, l := range in.Lines {
		ids[i] = l.OrderLineID
	}
	var found []struct {
		Line
		OrderID int64 `db:"order_id"`
	}
	if err := q.Select(ctx, &found, `SELECT order_id, `+lineCols+` FROM sales_order_lines WHERE tenant_id = ? AND id IN (`+
		db.Placeholders(len(ids))+`)`, append([]any{q.Tenant}, ids...)...); err != nil {
		return 0, err
	}
	orderOf := map[int64]int64{}
	var orderIDs []int64
	for _, f := range found {
		orderOf[f.ID] = f.OrderID
		if !slices.Contains(orderIDs, f.OrderID) {
			orderIDs = append(orderIDs, f.OrderID)
		}
	}
	slices.Sort(orderIDs)
	orders := map[int64]Order{}
	for _, oid := range orderIDs { // in id order: two creations never wait in a circle
		o, err := s.lock(ctx, tx, sc, oid)
		if errs.KindOf(err) == errs.KindNotFound {
			continue // outside the caller's scope: as unknown as a line that does not exist
		}
		if err != nil {
			return 0, err
		}
		orders[oid] = o
	}
	pending, err := pendingQty(ctx, q, ids)
	if err != nil {
		return 0, err
	}
	var c errs.Collector
	var first *Order
	lines := make([]DeliveryLine, 0, len(in.Lines))
	for i, l := range in.Lines {
		f := func(name string) string { return fmt.Sprintf("lines[%d].%s", i, name) }
		o, ok := orders[orderOf[l.OrderLineID]]
		if !ok {
			c.Add(f("order_line_id"), "field.unknown_ref")
			continue
		}
		if !slices.Contains(shippable, o.Status) {
			return 0, errs.Conflict("sales.delivery.order_status", "Number", o.Number, "Status", o.Status)
		}
		if first == nil {
			first = &o
		} else if o.CustomerID != first.CustomerID || o.WarehouseID != first.WarehouseID {
			c.Add(f("order_line_id"), "sales.delivery.mixed_orders")
			continue
		}
		ol := lineOf(o, l.OrderLineID)
		open := ol.Open() - pending[ol.ID]
		if qtys[i] > open {
			c.Add(f("qty"), "sales.delivery.over_open", "Open", money.FromScaled(max(open, 0)).Decimal().Trim(0).String())
			continue
		}
		lines = append(lines, DeliveryLine{LineNo: len(lines) + 1, OrderID: o.ID, OrderLineID: ol.ID, ProductID: ol.ProductID,
			Unit: ol.Unit, Factor: ol.Factor, Qty: qtys[i]})
	}
	if err := c.Err(); err != nil {
		return 0, err
	}
	if in.ShippingAddress == "" {
		in.ShippingAddress = first.ShippingAddress
	}
	id, number, err := s.insertDelivery(ctx, tx, sc, Delivery{CustomerID: first.CustomerID, WarehouseID: first.WarehouseID,
		ShippingAddress: in.ShippingAddress, Carrier: in.Carrier, Notes: in.Notes, OwnerID: first.OwnerID,
		DepartmentID: first.DepartmentID}, lines)
	if err != nil {
		return 0, err
	}
	numbers := make([]string, 0, len(orders))
	for _, oid := range orderIDs {
		numbers = append(numbers, orders[oid].Number)
	}
	return id, audit.Record(ctx, tx, sc, DocDelivery+".create", DocDelivery, id,
		audit.Change{Field: "number", After: number}, audit.Change{Field: "orders", After: strings.Join(numbers, ", ")},
		audit.Change{Field: "lines", After: deliveryLinesText(lines)})
}

// insertDelivery writes a draft delivery and its lines with the next
// number: an order's delivery, or an exchange's replacement (d.ReturnID).
func (s *Service) insertDelivery(ctx context.Context, tx *db.Tx, sc tenant.Scope, d Delivery, lines []DeliveryLine) (int64, string, error) {
	q := db.Tenant(tx, sc.Tenant())
	now := db.Now()
	number, err := s.numbers.Next(ctx, tx, sc.Tenant(), DocDelivery, now)
	if err != nil {
		return 0, "", err
	}
	id, err := db.Insert(ctx, q, `INSERT INTO sales_deliveries (tenant_id, number, customer_id, warehouse_id, status, shipping_address,
		carrier, notes, return_id, owner_id, department_id, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		q.Tenant, number, d.CustomerID, d.WarehouseID, DeliveryDraft, d.ShippingAddress, d.Carrier, d.Notes, d.ReturnID,
		d.OwnerID, d.DepartmentID, db.NullID(sc.Actor()), now, now)
	if err != nil {
		return 0, "", err
	}
	const cols = 9
	args := make([]any, 0, len(lines)*cols)
	for _, l := range lines {
		args = append(args, q.Tenant, id, l.LineNo, l.OrderID, l.OrderLineID, l.ProductID, l.Unit, l.Factor, l.Qty)
	}
	err = db.InsertRows(ctx, q, `INSERT INTO sales_delivery_lines (tenant_id, delivery_id, line_no, order_id, order_line_id,
		product_id, unit, factor, qty)`, "("+db.Placeholders(cols)+")", len(lines), args)
	return id, number, err
}

// pendingQty is what open deliveries hold of each order line (not yet
// shipped, so not yet in shipped_qty). Replacements of exchanges are not
// the order's quantity and hold none of it.
func pendingQty(ctx context.Context, q db.Scoped, orderLines []any) (map[int64]int64, error) {
	var rows []struct {
		Line int64 `db:"order_line_id"`
		Qty  int64 `db:"qty"`
	}
	args := append([]any{q.Tenant}, orderLines...)
	for _, st := range openDeliveries {
		args = append(args, st)
	}
	if err := q.Select(ctx, &rows, `SELECT l.order_line_id, l.qty FROM sales_delivery_lines l
		JOIN sales_deliveries d ON d.tenant_id = l.tenant_id AND d.id = l.delivery_id
		WHERE l.tenant_id = ? AND l.order_line_id IN (`+db.Placeholders(len(orderLines))+`)
		AND d.status IN (`+db.Placeholders(len(openDeliveries))+`) AND d.return_id IS NULL`, args...); err != nil {
		return nil, err
	}
	out := map[int64]int64{}
	for _, r := range rows { // summed in Go: no SUM over scaled columns
		out[r.Line] += r.Qty
	}
	return out, nil
}

func lineOf(o Order, lineID int64) Line {
	for _, l := range o.Lines {
		if l.ID == lineID {
			return l
		}
	}
	return Line{}
}

// deliveryLinesText is the lines in one line of audit: "#product×qty unit; …".
func deliveryLinesText(ls []DeliveryLine) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = fmt.Sprintf("#%d×%s%s", l.ProductID, money.FromScaled(l.Qty), l.Unit)
	}
	return strings.Join(parts, "; ")
}

func maxLen(c *errs.Collector, field, v string, n int) {
	if len([]rune(v)) > n {
		c.Add(field, "field.too_long", "Max", n)
	}
}
