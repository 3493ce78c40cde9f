package inventory_test

import (
	"sync"
	"testing"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// 50 requests at once reserve one unit each of the last 10: exactly 10
// succeed, the other 40 are told "not enough stock" (a conflict, HTTP
// 409), and nothing is oversold. Then the reserved units ship while
// unreserved deliveries race them for the same stock.
func TestLastUnitsUnderConcurrency(t *testing.T) {
	each(t, 1, 1, func(t *testing.T, e *env) {
		p, w := e.products[0], e.warehouses[0]
		if _, err := e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.Receipt, ProductID: p, WarehouseID: w,
			Qty: inventory.Units(10), UnitCost: 1000000}); err != nil {
			t.Fatal(err)
		}
		const n = 50
		errsOf := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				errsOf[i] = e.d.InTx(e.ctx, func(tx *db.Tx) error {
					return e.inv.ReserveTx(e.ctx, tx, e.admin, inventory.Reservation{ProductID: p, WarehouseID: w,
						Qty: inventory.Units(1), DocType: "race", DocID: int64(i + 1)})
				})
			}(i)
		}
		close(start)
		wg.Wait()
		ok, refused := 0, 0
		for _, err := range errsOf {
			switch e, isErr := errs.As(err); {
			case err == nil:
				ok++
			case isErr && e.Kind == errs.KindConflict && e.Code == "inventory.insufficient":
				refused++
			default:
				t.Errorf("a reservation failed otherwise: %v", err)
			}
		}
		b, err := e.inv.Balance(e.ctx, e.admin, p, w)
		if err != nil || ok != 10 || refused != n-10 || b.OnHand != inventory.Units(10) || b.Reserved != inventory.Units(10) || b.Available() != 0 {
			t.Fatalf("%d reserved, %d refused; balance %+v (%v)", ok, refused, b, err)
		}

		// The winners ship their reservations while 40 unreserved deliveries
		// race them: the reserved units go out, the others find nothing.
		var winners []int64
		for i, err := range errsOf {
			if err == nil {
				winners = append(winners, int64(i+1))
			}
		}
		shipped := make([]error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				mv := inventory.Move{Kind: inventory.Delivery, ProductID: p, WarehouseID: w, Qty: inventory.Units(1)}
				if i < len(winners) {
					mv.Reserved, mv.DocType, mv.DocID = true, "race", winners[i]
				}
				_, shipped[i] = e.inv.Post(e.ctx, e.admin, mv)
			}(i)
		}
		wg.Wait()
		for i, err := range shipped {
			if i < len(winners) && err != nil {
				t.Errorf("the reserved delivery of order %d failed: %v", winners[i], err)
			}
			if i >= len(winners) && !insufficient(err) {
				t.Errorf("an unreserved delivery of reserved stock: %v", err)
			}
		}
		b, _ = e.inv.Balance(e.ctx, e.admin, p, w)
		var moved int64
		_ = db.Tenant(e.d.Read(), e.admin.Tenant()).Get(e.ctx, &moved, `SELECT coalesce(sum(qty), 0) FROM stock_moves WHERE tenant_id = ?`, e.admin.Tenant())
		if b.OnHand != 0 || b.Reserved != 0 || moved != 0 {
			t.Fatalf("after shipping: balance %+v, ledger %d", b, moved)
		}
	})
}

// Transfers of two products between two warehouses in both directions at
// once, each moving the products in a different order: all complete, and
// the balances still add up to what came in.
func TestCrossingTransfers(t *testing.T) {
	each(t, 2, 2, func(t *testing.T, e *env) {
		for _, p := range e.products {
			for _, w := range e.warehouses {
				if _, err := e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.Receipt, ProductID: p, WarehouseID: w,
					Qty: inventory.Units(100), UnitCost: 5000}); err != nil {
					t.Fatal(err)
				}
			}
		}
		const n = 20
		fails := make([]error, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				from, to := e.warehouses[i%2], e.warehouses[1-i%2]
				p0, p1 := e.products[i%2], e.products[1-i%2]
				_, fails[i] = e.inv.Post(e.ctx, e.admin,
					inventory.Move{Kind: inventory.TransferOut, ProductID: p0, WarehouseID: from, Qty: inventory.Units(1)},
					inventory.Move{Kind: inventory.TransferIn, ProductID: p0, WarehouseID: to, Qty: inventory.Units(1)},
					inventory.Move{Kind: inventory.TransferOut, ProductID: p1, WarehouseID: to, Qty: inventory.Units(1)},
					inventory.Move{Kind: inventory.TransferIn, ProductID: p1, WarehouseID: from, Qty: inventory.Units(1)})
			}(i)
		}
		wg.Wait()
		for i, err := range fails {
			if err != nil {
				t.Errorf("transfer %d: %v", i, err)
			}
		}
		for _, p := range e.products {
			var sum inventory.Qty
			for _, w := range e.warehouses {
				b, err := e.inv.Balance(e.ctx, e.admin, p, w)
				if err != nil {
					t.Fatal(err)
				}
				sum += b.OnHand
			}
			if sum != inventory.Units(200) {
				t.Errorf("product %d: %d on hand over both warehouses, want 200 units", p, sum)
			}
		}
	})
}
