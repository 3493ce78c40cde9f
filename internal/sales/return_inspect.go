package sales

import (
	"context"
	"fmt"
	"strings"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/docflow"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// InspectReturn records the inspection (验收) of received goods
// (sales_returns.edit): per line what goes back into stock and what is
// scrapped (with a note), adding up to the line's quantity. In the same
// transaction the restocked goods enter the order's warehouse as a
// customer_return movement at the current moving average (scrapped goods
// enter nothing; the line keeps the record), and then
//   - a return makes its refund request (Σ lines' amounts incl. tax) for
//     finance and becomes refunded;
//   - an exchange makes its replacement delivery (a draft of the returned
//     quantities, see shipReplacement) and becomes exchanged.
//
// lines[i] of the input name return lines by id; every line must be
// inspected at once.
func (s *Service) InspectReturn(ctx context.Context, sc tenant.Scope, id int64, in InspectInput) (Return, error) {
	return s.returnAction(ctx, sc, tenant.Edit, id, in.Version, "inspect", func(tx *db.Tx, r Return) error {
		type outcome struct {
			restock, scrap int64
			note           string
		}
		got := map[int64]outcome{}
		var c errs.Collector
		for i, l := range in.Lines {
			f := func(name string) string { return fmt.Sprintf("lines[%d].%s", i, name) }
			line, ok := returnLineOf(r, l.LineID)
			if !ok {
				c.Add(f("line_id"), "field.unknown_ref")
				continue
			}
			if _, dup := got[l.LineID]; dup {
				c.Add(f("line_id"), "sales.delivery.duplicate_line")
				continue
			}
			o := outcome{money.ParseField(&c, f("restock_qty"), l.Restock, false, true),
				money.ParseField(&c, f("scrap_qty"), l.Scrap, false, true), strings.TrimSpace(l.Note)}
			if o.restock+o.scrap != line.Qty {
				c.Add(f("restock_qty"), "sales.return.inspect_sum", "Qty", money.FromScaled(line.Qty).Decimal().Trim(0).String())
			}
			if o.scrap > 0 && o.note == "" {
				c.Add(f("note"), "sales.return.scrap_note")
			}
			maxLen(&c, f("note"), o.note, 300)
			got[l.LineID] = o
		}
		if len(got) < len(r.Lines) && c.Err() == nil {
			c.Add("lines", "sales.return.inspect_all")
		}
		if err := c.Err(); err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		var moves []inventory.Move
		changes := []audit.Change{}
		for _, l := range r.Lines {
			o := got[l.ID]
			if _, err := q.Exec(ctx, `UPDATE sales_return_lines SET restock_qty = ?, scrap_qty = ?, inspect_note = ? WHERE tenant_id = ? AND id = ?`,
				o.restock, o.scrap, o.note, q.Tenant, l.ID); err != nil {
				return err
			}
			changes = append(changes, audit.Change{Field: fmt.Sprintf("lines[%d]", l.LineNo-1),
				After: fmt.Sprintf("restock %s, scrap %s %s", money.FromScaled(o.restock), money.FromScaled(o.scrap), o.note)})
			if o.restock == 0 {
				continue
			}
			base, err := money.MulDiv(o.restock, l.Factor, 10000)
			if err != nil {
				return errs.Invalid(errs.Field(fmt.Sprintf("lines[%d].restock_qty", l.LineNo-1), "sales.too_large"))
			}
			// UnitCost 0: back in at the moving average, so returning goods
			// never changes what the stock is worth per unit.
			moves = append(moves, inventory.Move{Kind: inventory.CustomerReturn, ProductID: l.ProductID, WarehouseID: r.WarehouseID,
				Qty: base, DocType: DocReturn, DocID: r.ID, DocLine: l.ID, Note: r.Number})
		}
		if len(moves) > 0 {
			if _, err := s.stock.PostTx(ctx, tx, sc, moves...); err != nil {
				return err
			}
		}
		if _, err := q.Exec(ctx, `UPDATE sales_returns SET inspected_at = ? WHERE tenant_id = ? AND id = ?`, db.Now(), q.Tenant, r.ID); err != nil {
			return err
		}
		if r.Kind == KindExchange {
			number, err := s.replace(ctx, tx, sc, r)
			if err != nil {
				return err
			}
			return docflow.Move(ctx, tx, sc, r.doc(), ReturnExchanged, "inspect",
				append(changes, audit.Change{Field: "replacement", After: number})...)
		}
		now := db.Now()
		if _, err := db.Insert(ctx, q, `INSERT INTO sales_refund_requests (tenant_id, return_id, order_id, customer_id, amount, currency,
			status, owner_id, department_id, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			q.Tenant, r.ID, r.OrderID, r.CustomerID, r.Amount, "CNY", RefundRequested, r.OwnerID, r.DepartmentID,
			db.NullID(sc.Actor()), now, now); err != nil {
			return err
		}
		return docflow.Move(ctx, tx, sc, r.doc(), ReturnRefunded, "inspect",
			append(changes, audit.Change{Field: "refund", After: money.FromScaled(r.Amount).String()})...)
	})
}

func returnLineOf(r Return, id int64) (ReturnLine, bool) {
	for _, l := range r.Lines {
		if l.ID == id {
			return l, true
		}
	}
	return ReturnLine{}, false
}
