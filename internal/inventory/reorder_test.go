package inventory_test

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// Reorder rules are records (their table follows the engine's
// conventions); one per product and warehouse. Low stock lists the
// active rules whose available stock — on hand less reserved — is under
// the reorder point, furthest below first, and drops a product once a
// receipt lifts it.
func TestLowStock(t *testing.T) {
	each(t, 3, 1, func(t *testing.T, e *env) {
		if err := records.CheckSchema(e.ctx, e.d, e.recs.Registry()); err != nil {
			t.Fatal(err)
		}
		w := e.warehouses[0]
		rule := func(p int64, point, qty string) error {
			_, err := e.recs.Create(e.ctx, e.admin, inventory.ReorderRules, records.Input{"product_id": p, "warehouse_id": w,
				"reorder_point": point, "reorder_qty": qty})
			return err
		}
		for i, p := range e.products {
			if err := rule(p, "10", "50"); err != nil {
				t.Fatalf("rule %d: %v", i, err)
			}
		}
		err := rule(e.products[0], "5", "5")
		if fe, ok := errs.As(err); !ok || len(fe.Fields) != 1 || fe.Fields[0].Code != "reorder_rules.taken" {
			t.Errorf("a second rule for the same product and warehouse: %v", err)
		}
		post := func(mv inventory.Move) {
			t.Helper()
			if _, err := e.inv.Post(e.ctx, e.admin, mv); err != nil {
				t.Fatal(err)
			}
		}
		// p0: 12 on hand, 4 reserved → 8 available (low); p1: 30 (fine); p2: none (low, furthest).
		post(inventory.Move{Kind: inventory.Receipt, ProductID: e.products[0], WarehouseID: w, Qty: inventory.Units(12), UnitCost: 100})
		post(inventory.Move{Kind: inventory.Receipt, ProductID: e.products[1], WarehouseID: w, Qty: inventory.Units(30), UnitCost: 100})
		if err := e.inTxReserve(e.products[0], w, inventory.Units(4)); err != nil {
			t.Fatal(err)
		}
		lows, err := e.inv.LowStock(e.ctx, e.admin, 10)
		if err != nil || len(lows) != 2 || lows[0].ProductID != e.products[2] || lows[1].ProductID != e.products[0] ||
			lows[1].Available != inventory.Units(8) || lows[1].ReorderQty != inventory.Units(50) {
			t.Fatalf("low stock %+v %v", lows, err)
		}
		post(inventory.Move{Kind: inventory.Receipt, ProductID: e.products[2], WarehouseID: w, Qty: inventory.Units(10), UnitCost: 100})
		if lows, _ = e.inv.LowStock(e.ctx, e.admin, 10); len(lows) != 1 || lows[0].ProductID != e.products[0] {
			t.Errorf("after a receipt at the reorder point: %+v", lows)
		}
	})
}
