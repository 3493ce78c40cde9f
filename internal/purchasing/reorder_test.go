package purchasing_test

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/purchasing"
)

// A low-stock line becomes a draft order for the rule's supplier and
// quantity (more when stock is further below the point); a second click
// names the open order instead of ordering twice; no rule, or no supplier
// to ask, is said plainly.
func TestReorder(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		p, w := e.products[0], e.whs[0]
		if _, err := e.svc.Reorder(e.ctx, e.buyer, p, w); errs.KindOf(err) != errs.KindNotFound {
			t.Fatalf("no reorder rule: %v", err)
		}
		if _, err := e.w.Records.Create(e.ctx, e.admin, inventory.ReorderRules, records.Input{"product_id": p, "warehouse_id": w,
			"reorder_point": "30", "reorder_qty": "20"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Reorder(e.ctx, e.buyer, p, w); errs.KindOf(err) != errs.KindConflict {
			t.Fatalf("no supplier on the rule nor an earlier order: %v", err)
		}
		rule, err := e.w.Records.List(e.ctx, e.admin, inventory.ReorderRules, listAll())
		if err != nil || len(rule.Items) != 1 {
			t.Fatal(err)
		}
		if _, err := e.w.Records.Update(e.ctx, e.admin, inventory.ReorderRules, rule.Items[0].ID, rule.Items[0].Version,
			records.Input{"supplier_id": e.suppliers[1]}); err != nil {
			t.Fatal(err)
		}
		o, err := e.svc.Reorder(e.ctx, e.buyer, p, w)
		if err != nil || o.Status != purchasing.Draft || o.SupplierID != e.suppliers[1] || len(o.Lines) != 1 {
			t.Fatalf("reorder: %+v %v", o, err)
		}
		// Nothing on hand: 30 below the point is more than the rule's 20.
		if o.Lines[0].Qty != inventory.Units(30) || o.Lines[0].Price != 10*10000 {
			t.Fatalf("the line: %+v", o.Lines[0])
		}
		_, err = e.svc.Reorder(e.ctx, e.buyer, p, w)
		if fe, ok := errs.As(err); !ok || fe.Code != "purchasing.reorder_open" {
			t.Fatalf("a second click: %v", err)
		}
		if id, err := e.svc.OpenOrder(e.ctx, e.buyer, p, w); err != nil || id != o.ID {
			t.Fatalf("the open order: %d %v", id, err)
		}
	})
}
