package purchasing

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Receive books a goods receipt against an approved order
// (receiving.create): per order line the quantity accepted into stock and
// the quantity refused at quality control (which stays open, for the
// supplier to deliver again). Accepted goods are posted to the ledger at
// the line's net price per base unit, in the same transaction; the order
// becomes partially_received, or received when nothing is open.
func (s *Service) Receive(ctx context.Context, sc tenant.Scope, orderID int64, in ReceiveInput) (Receipt, error) {
	return s.settle(ctx, sc, orderID, DocReceipt, in)
}

// Return sends accepted goods back to the supplier (receiving.create):
// the ledger posts a supplier return at the moving average, the line's
// kept quantity goes down and is open again (the supplier owes it, or the
// order is closed without it).
func (s *Service) Return(ctx context.Context, sc tenant.Scope, orderID int64, in ReceiveInput) (Receipt, error) {
	return s.settle(ctx, sc, orderID, DocReturn, in)
}

func (s *Service) settle(ctx context.Context, sc tenant.Scope, orderID int64, kind string, in ReceiveInput) (Receipt, error) {
	if !sc.Can(tenant.P(Receiving, tenant.Create)) {
		return Receipt{}, errs.Forbidden("forbidden")
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		o, err := s.load(ctx, q, sc, orderID, true, false)
		if err != nil {
			return err
		}
		action := "receive"
		if kind == DocReturn {
			action = "return"
		}
		if err := expect(o, 0, action); err != nil {
			return err
		}
		r, err := settleLines(o, kind, in)
		if err != nil {
			return err
		}
		now := db.Now()
		if r.Number, err = s.numbers.Next(ctx, tx, sc.Tenant(), kind, now); err != nil {
			return err
		}
		if id, err = db.Insert(ctx, q, `INSERT INTO purchase_receipts (tenant_id, number, kind, order_id, warehouse_id, doc_date, notes,
			created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, q.Tenant, r.Number, kind, o.ID, o.WarehouseID, r.DocDate,
			r.Notes, db.NullID(sc.Actor()), now); err != nil {
			return err
		}
		moves, err := s.apply(ctx, q, o, kind, id, r.Lines)
		if err != nil {
			return err
		}
		// A delivery refused whole at quality control moves no stock.
		if len(moves) > 0 {
			if _, err := s.stock.PostTx(ctx, tx, sc, moves...); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, sc, kind+".create", kind, id, audit.Change{Field: "number", After: r.Number},
			audit.Change{Field: "order", After: o.Number}, audit.Change{Field: "lines", After: len(r.Lines)}); err != nil {
			return err
		}
		return s.afterSettle(ctx, tx, sc, o, kind, r.Number)
	})
	if err != nil {
		return Receipt{}, err
	}
	return s.receipt(ctx, sc, id)
}

// settleLines checks a receipt or return as typed against the order's
// lines: quantities are decimals ≥ 0 in the line's unit, a receipt takes
// at most what is open (accepted + refused), a return at most what was
// kept, and something must move.
func settleLines(o Order, kind string, in ReceiveInput) (Receipt, error) {
	var c errs.Collector
	r := Receipt{Kind: kind, DocDate: strings.TrimSpace(in.DocDate), Notes: strings.TrimSpace(in.Notes)}
	if r.DocDate == "" {
		r.DocDate = time.Now().In(i18n.Location).Format(time.DateOnly)
	} else if _, err := time.Parse(time.DateOnly, r.DocDate); err != nil {
		c.Add("doc_date", "field.invalid")
	}
	byID := map[int64]Line{}
	for _, l := range o.Lines {
		byID[l.ID] = l
	}
	seen := map[int64]bool{}
	for i, in := range in.Lines {
		f := func(name string) string { return fmt.Sprintf("lines[%d].%s", i, name) }
		l, ok := byID[in.OrderLineID]
		if !ok || seen[in.OrderLineID] {
			c.Add(f("order_line_id"), "field.invalid")
			continue
		}
		seen[in.OrderLineID] = true
		qty := money.ParseField(&c, f("qty"), orZero(in.Qty), false, true)
		var rejected int64
		if kind == DocReceipt {
			rejected = money.ParseField(&c, f("rejected"), orZero(in.Rejected), false, true)
			if qty+rejected > l.Open() {
				c.Add(f("qty"), "purchasing.over_open", "Open", money.FromScaled(l.Open()).String())
			}
		} else if qty > l.Kept() {
			c.Add(f("qty"), "purchasing.over_kept", "Kept", money.FromScaled(l.Kept()).String())
		}
		if qty == 0 && rejected == 0 {
			continue
		}
		r.Lines = append(r.Lines, ReceiptLine{OrderLineID: l.ID, ProductID: l.ProductID, Qty: qty, RejectedQty: rejected,
			Reason: strings.TrimSpace(in.Reason)})
	}
	if err := c.Err(); err != nil {
		return r, err
	}
	if len(r.Lines) == 0 {
		return r, errs.Invalid(errs.Field("lines", "purchasing.nothing_to_receive"))
	}
	return r, nil
}

func orZero(s string) string {
	if strings.TrimSpace(s) == "" {
		return "0"
	}
	return s
}

// apply writes the receipt's lines, moves the order lines' quantities and
// returns the ledger movements.
func (s *Service) apply(ctx context.Context, q db.Scoped, o Order, kind string, receiptID int64, lines []ReceiptLine) ([]inventory.Move, error) {
	byID := map[int64]Line{}
	for _, l := range o.Lines {
		byID[l.ID] = l
	}
	var moves []inventory.Move
	for _, rl := range lines {
		l := byID[rl.OrderLineID]
		if _, err := q.Exec(ctx, `INSERT INTO purchase_receipt_lines (tenant_id, receipt_id, order_line_id, product_id, qty, rejected_qty,
			reason) VALUES (?, ?, ?, ?, ?, ?, ?)`, q.Tenant, receiptID, l.ID, l.ProductID, rl.Qty, rl.RejectedQty, rl.Reason); err != nil {
			return nil, err
		}
		after := l
		set := `received_qty = received_qty + ?, rejected_qty = rejected_qty + ?`
		args := []any{rl.Qty, rl.RejectedQty}
		after.ReceivedQty += rl.Qty
		if kind == DocReturn {
			set, args = `returned_qty = returned_qty + ?`, []any{rl.Qty}
			after.ReceivedQty, after.ReturnedQty = l.ReceivedQty, l.ReturnedQty+rl.Qty
		}
		value, err := money.MulDiv(after.Kept(), l.Price, 10000)
		if err != nil {
			return nil, err
		}
		set, args = set+`, received_amount = ?`, append(args, value)
		if _, err := q.Exec(ctx, `UPDATE purchase_order_lines SET `+set+` WHERE tenant_id = ? AND id = ?`,
			append(args, q.Tenant, l.ID)...); err != nil {
			return nil, err
		}
		if rl.Qty == 0 {
			continue
		}
		base, err := l.baseQty(rl.Qty)
		if err != nil {
			return nil, err
		}
		m := inventory.Move{Kind: inventory.Receipt, ProductID: l.ProductID, WarehouseID: o.WarehouseID, Qty: base,
			DocType: kind, DocID: receiptID, DocLine: l.ID, Note: o.Number}
		if kind == DocReturn {
			m.Kind = inventory.SupplierReturn
		} else if m.UnitCost, err = l.baseCost(); err != nil {
			return nil, err
		}
		moves = append(moves, m)
	}
	return moves, nil
}

// afterSettle moves the order to what its lines now say: received when
// nothing is open, partially received otherwise (a closed order stays
// closed).
func (s *Service) afterSettle(ctx context.Context, tx *db.Tx, sc tenant.Scope, before Order, kind, number string) error {
	o, err := s.load(ctx, db.Tenant(tx, sc.Tenant()), sc, before.ID, false, false)
	if err != nil {
		return err
	}
	// Received when nothing is open; partially received once anything was
	// accepted; a delivery refused whole leaves it approved.
	to, accepted := Received, false
	for _, l := range o.Lines {
		if l.Open() > 0 {
			to = PartiallyReceived
		}
		accepted = accepted || l.ReceivedQty > 0
	}
	if to == PartiallyReceived && !accepted {
		to = Approved
	}
	if o.Status == Closed || o.Status == to {
		return nil
	}
	action := "receive"
	if kind == DocReturn {
		action = "return"
	}
	return s.move(ctx, tx, sc, o, to, action, audit.Change{Field: kind, After: number})
}

const receiptCols = `id, number, kind, order_id, warehouse_id, doc_date, notes, created_by, created_at`

// Receipts are an order's receipts and returns, oldest first
// (receiving.view, or purchasing.view of the order).
func (s *Service) Receipts(ctx context.Context, sc tenant.Scope, orderID int64) ([]Receipt, error) {
	q := db.Tenant(s.db.Read(), sc.Tenant())
	// The order must be the tenant's (and visible to a caller who only
	// buys): an unknown id is a 404, never an empty list.
	if _, err := s.load(ctx, q, sc, orderID, false, !sc.Can(tenant.P(Receiving, tenant.View))); err != nil {
		return nil, err
	}
	var out []Receipt
	if err := q.Select(ctx, &out, `SELECT `+receiptCols+` FROM purchase_receipts WHERE tenant_id = ? AND order_id = ? ORDER BY id`,
		q.Tenant, orderID); err != nil {
		return nil, err
	}
	// Every receipt's lines in one query, not one per receipt.
	var lines []struct {
		ReceiptID int64 `db:"receipt_id"`
		ReceiptLine
	}
	if err := q.Select(ctx, &lines, `SELECT l.receipt_id, l.id, l.order_line_id, l.product_id, l.qty, l.rejected_qty, l.reason
		FROM purchase_receipt_lines l JOIN purchase_receipts r ON r.tenant_id = l.tenant_id AND r.id = l.receipt_id
		WHERE l.tenant_id = ? AND r.order_id = ? ORDER BY l.id`, q.Tenant, orderID); err != nil {
		return nil, err
	}
	at := make(map[int64]int, len(out))
	for i, r := range out {
		at[r.ID] = i
	}
	for _, l := range lines {
		if i, ok := at[l.ReceiptID]; ok {
			out[i].Lines = append(out[i].Lines, l.ReceiptLine)
		}
	}
	return out, nil
}

// receipt reads one receipt or return with its lines.
func (s *Service) receipt(ctx context.Context, sc tenant.Scope, id int64) (Receipt, error) {
	q := db.Tenant(s.db.Read(), sc.Tenant())
	var r Receipt
	if err := q.Get(ctx, &r, `SELECT `+receiptCols+` FROM purchase_receipts WHERE tenant_id = ? AND id = ?`, q.Tenant, id); err != nil {
		return r, err
	}
	err := q.Select(ctx, &r.Lines, `SELECT id, order_line_id, product_id, qty, rejected_qty, reason FROM purchase_receipt_lines
		WHERE tenant_id = ? AND receipt_id = ? ORDER BY id`, q.Tenant, id)
	return r, err
}
