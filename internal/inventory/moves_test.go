package inventory_test

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/inventory"
)

// A product's movements come newest first with the balance after each,
// page after page; the balances list pages by product and warehouse.
func TestMovementsWithRunningBalance(t *testing.T) {
	each(t, 2, 2, func(t *testing.T, e *env) {
		p, w := e.products[0], e.warehouses[0]
		qs := []int64{5, -2, 7, -1, -4, 3}
		for _, n := range qs {
			mv := inventory.Move{Kind: inventory.Receipt, ProductID: p, WarehouseID: w, Qty: inventory.Units(n), UnitCost: 100}
			if n < 0 {
				mv = inventory.Move{Kind: inventory.Delivery, ProductID: p, WarehouseID: w, Qty: inventory.Units(-n)}
			}
			if _, err := e.inv.Post(e.ctx, e.admin, mv,
				inventory.Move{Kind: inventory.Receipt, ProductID: e.products[1], WarehouseID: e.warehouses[1], Qty: 1}); err != nil {
				t.Fatal(err)
			}
		}
		var got []int64
		var before int64
		for {
			page, err := e.inv.Movements(e.ctx, e.admin, p, w, before, 4)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, m := range page {
				got = append(got, m.Qty/10000, m.Balance/10000)
			}
			before = page[len(page)-1].ID
		}
		// Newest first: qty, balance after it.
		want := []int64{3, 8, -4, 5, -1, 9, 7, 10, -2, 3, 5, 5}
		if len(got) != len(want) {
			t.Fatalf("movements %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("movements %v, want %v", got, want)
			}
		}
		all, err := e.inv.Balances(e.ctx, e.admin, 0, 0, 0, 0)
		if err != nil || len(all) != 2 || all[0].ProductID != p || all[0].OnHand != inventory.Units(8) {
			t.Fatalf("balances %+v %v", all, err)
		}
		rest, err := e.inv.Balances(e.ctx, e.admin, 0, 0, all[0].ProductID, all[0].WarehouseID)
		if err != nil || len(rest) != 1 || rest[0] != all[1] {
			t.Errorf("the page after the first row: %+v %v", rest, err)
		}
	})
}
