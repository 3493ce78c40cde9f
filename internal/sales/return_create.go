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

// CreateReturn records a customer's return or exchange request
// (sales_returns.create) against lines of one of its shipped orders the
// caller may see. A line's quantity is at most what shipped less what
// other returns (any but rejected ones) already took back; the order is
// locked for the check, so two requests racing for the last returnable
// quantity cannot both be made.
func (s *Service) CreateReturn(ctx context.Context, sc tenant.Scope, in ReturnInput) (Return, error) {
	if !sc.Can(tenant.P(ReturnsModule, tenant.Create)) {
		return Return{}, errs.Forbidden("forbidden")
	}
	var c errs.Collector
	in.Kind, in.Reason, in.ReasonNote = strings.TrimSpace(in.Kind), strings.TrimSpace(in.Reason), strings.TrimSpace(in.ReasonNote)
	if in.Kind == "" {
		in.Kind = KindReturn
	}
	if !slices.Contains(ReturnKinds, in.Kind) {
		c.Add("kind", "field.invalid")
	}
	switch {
	case in.Reason == "":
		c.Add("reason", "field.required")
	case !slices.Contains(ReturnReasons, in.Reason):
		c.Add("reason", "field.invalid")
	case in.Reason == "other" && in.ReasonNote == "":
		c.Add("reason_note", "field.required")
	}
	maxLen(&c, "reason_note", in.ReasonNote, 1000)
	if in.OrderID <= 0 {
		c.Add("order_id", "field.required")
	}
	switch {
	case len(in.Lines) == 0:
		c.Add("lines", "sales.lines_required")
	case len(in.Lines) > maxDeliveryLines:
		c.Add("lines", "sales.too_many_lines", "Max", maxDeliveryLines)
	}
	qtys := make([]int64, len(in.Lines))
	seen := map[int64]bool{}
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
	if err := c.Err(); err != nil {
		return Return{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = s.createReturn(ctx, tx, sc, in, qtys)
		return err
	})
	if err != nil {
		return Return{}, err
	}
	return s.GetReturn(ctx, sc, id)
}

func (s *Service) createReturn(ctx context.Context, tx *db.Tx, sc tenant.Scope, in ReturnInput, qtys []int64) (int64, error) {
	o, err := s.lock(ctx, tx, sc, in.OrderID)
	if errs.KindOf(err) == errs.KindNotFound {
		return 0, errs.Invalid(errs.Field("order_id", "field.unknown_ref")) // not visible: as if it did not exist
	}
	if err != nil {
		return 0, err
	}
	if !slices.Contains(returnableOrders, o.Status) {
		return 0, errs.Conflict("sales.return.order_status", "Number", o.Number, "Status", o.Status)
	}
	q := db.Tenant(tx, sc.Tenant())
	taken, err := returnedQty(ctx, q, o)
	if err != nil {
		return 0, err
	}
	var c errs.Collector
	lines := make([]ReturnLine, 0, len(in.Lines))
	var total int64
	for i, l := range in.Lines {
		f := func(name string) string { return fmt.Sprintf("lines[%d].%s", i, name) }
		ol := lineOf(o, l.OrderLineID)
		if ol.ID == 0 {
			c.Add(f("order_line_id"), "field.unknown_ref")
			continue
		}
		if left := ol.ShippedQty - taken[ol.ID]; qtys[i] > left {
			c.Add(f("qty"), "sales.return.over_shipped", "Left", money.FromScaled(max(left, 0)).Decimal().Trim(0).String())
			continue
		}
		amount, err := lineRefund(ol, qtys[i])
		if err != nil {
			c.Add(f("qty"), "sales.too_large")
			continue
		}
		total += amount
		lines = append(lines, ReturnLine{LineNo: len(lines) + 1, OrderLineID: ol.ID, ProductID: ol.ProductID, Unit: ol.Unit,
			Factor: ol.Factor, Qty: qtys[i], Amount: amount})
	}
	if err := c.Err(); err != nil {
		return 0, err
	}
	now := db.Now()
	number, err := s.numbers.Next(ctx, tx, sc.Tenant(), DocReturn, now)
	if err != nil {
		return 0, err
	}
	id, err := db.Insert(ctx, q, `INSERT INTO sales_returns (tenant_id, number, order_id, customer_id, warehouse_id, kind, status, reason,
		reason_note, amount, owner_id, department_id, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, q.Tenant, number, o.ID, o.CustomerID, o.WarehouseID, in.Kind,
		ReturnRequested, in.Reason, in.ReasonNote, total, o.OwnerID, o.DepartmentID, db.NullID(sc.Actor()), now, now)
	if err != nil {
		return 0, err
	}
	const cols = 10
	args := make([]any, 0, len(lines)*cols)
	for _, l := range lines {
		args = append(args, q.Tenant, id, l.LineNo, l.OrderLineID, l.ProductID, l.Unit, l.Factor, l.Qty, l.Amount, "")
	}
	if err := db.InsertRows(ctx, q, `INSERT INTO sales_return_lines (tenant_id, return_id, line_no, order_line_id, product_id, unit,
		factor, qty, amount, inspect_note)`, "("+db.Placeholders(cols)+")", len(lines), args); err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, sc, DocReturn+".create", DocReturn, id,
		audit.Change{Field: "number", After: number}, audit.Change{Field: "order", After: o.Number},
		audit.Change{Field: "kind", After: in.Kind}, audit.Change{Field: "reason", After: in.Reason},
		audit.Change{Field: "amount", After: money.FromScaled(total).String()}, audit.Change{Field: "lines", After: returnLinesText(lines)})
}

// lineRefund is qty of an order line at its net price incl. tax: the
// line's share of (amount + tax), rounded once, so returning the whole
// line gives back exactly what it cost.
func lineRefund(ol Line, qty int64) (int64, error) {
	return money.MulDiv(qty, ol.Amount+ol.Tax, ol.Qty)
}

// returnedQty is what the order's returns (any but rejected ones) took of
// each of its lines.
func returnedQty(ctx context.Context, q db.Scoped, o Order) (map[int64]int64, error) {
	var rows []struct {
		Line int64 `db:"order_line_id"`
		Qty  int64 `db:"qty"`
	}
	if err := q.Select(ctx, &rows, `SELECT l.order_line_id, l.qty FROM sales_return_lines l
		JOIN sales_returns r ON r.tenant_id = l.tenant_id AND r.id = l.return_id
		WHERE l.tenant_id = ? AND r.order_id = ? AND r.status <> ?`, q.Tenant, o.ID, ReturnRejected); err != nil {
		return nil, err
	}
	out := map[int64]int64{}
	for _, r := range rows { // summed in Go: no SUM over scaled columns
		out[r.Line] += r.Qty
	}
	return out, nil
}

// Returnable is what of each line of an order a new return may still take:
// shipped less what other returns took (sales_returns.create; the order
// as sales.view shows it).
func (s *Service) Returnable(ctx context.Context, sc tenant.Scope, orderID int64) (Order, map[int64]int64, error) {
	if !sc.Can(tenant.P(ReturnsModule, tenant.Create)) {
		return Order{}, nil, errs.Forbidden("forbidden")
	}
	o, err := s.Get(ctx, sc, orderID)
	if err != nil {
		return o, nil, err
	}
	taken, err := returnedQty(ctx, db.Tenant(s.db.Read(), sc.Tenant()), o)
	if err != nil {
		return o, nil, err
	}
	left := map[int64]int64{}
	for _, l := range o.Lines {
		left[l.ID] = max(l.ShippedQty-taken[l.ID], 0)
	}
	return o, left, nil
}

// returnLinesText is the lines in one line of audit: "#product×qty unit; …".
func returnLinesText(ls []ReturnLine) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = fmt.Sprintf("#%d×%s%s", l.ProductID, money.FromScaled(l.Qty), l.Unit)
	}
	return strings.Join(parts, "; ")
}
