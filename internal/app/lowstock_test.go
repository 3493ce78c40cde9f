package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// A delivery that takes a product's available stock under its reorder
// point tells the people who can reorder (warehouse, manager) once, in
// their language; a further delivery below the point tells nobody again;
// a reservation that crosses it does.
func TestLowStockNotification(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		a, _ := newTestApp(t, d)
		ctx := context.Background()
		tid := tenantID(t, d, "demo")
		admin, keeper, sales := scopeOf(t, a, d, tid, "admin"), scopeOf(t, a, d, tid, "warehouse"), scopeOf(t, a, d, tid, "sales")
		var ids struct {
			P int64 `db:"p"`
			W int64 `db:"w"`
		}
		// A product with stock and no reorder rule yet.
		if err := db.Tenant(d.Read(), tid).Get(ctx, &ids, `SELECT b.product_id AS p, b.warehouse_id AS w FROM stock_balances b
			WHERE b.tenant_id = ? AND b.on_hand - b.reserved >= 300000 AND NOT EXISTS (SELECT 1 FROM reorder_rules r
			WHERE r.tenant_id = b.tenant_id AND r.product_id = b.product_id) ORDER BY b.product_id LIMIT 1`, tid); err != nil {
			t.Fatal(err)
		}
		b, err := a.Inventory.Balance(ctx, admin, ids.P, ids.W)
		if err != nil {
			t.Fatal(err)
		}
		point := b.Available()/10000 - 5 // 5 above the point
		if _, err := a.Records.Create(ctx, admin, inventory.ReorderRules, records.Input{"product_id": ids.P, "warehouse_id": ids.W,
			"reorder_point": fmt.Sprint(point), "reorder_qty": "50"}); err != nil {
			t.Fatal(err)
		}
		notes := func() int {
			ns, err := a.Notify.Unread(ctx, keeper, 50)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, x := range ns {
				if x.Key == "inventory.low_stock_note" {
					n++
				}
			}
			return n
		}
		before := notes()
		deliver := func(units int64) {
			if _, err := a.Inventory.Post(ctx, admin, inventory.Move{Kind: inventory.Delivery, ProductID: ids.P, WarehouseID: ids.W,
				Qty: inventory.Units(units)}); err != nil {
				t.Fatal(err)
			}
		}
		deliver(3) // still 2 above
		if got := notes(); got != before {
			t.Fatalf("a delivery above the point notified: %d notes, were %d", got, before)
		}
		deliver(3) // 1 under
		if got := notes(); got != before+1 {
			t.Fatalf("crossing the point: %d notes, want %d", got, before+1)
		}
		ns, _ := a.Notify.Unread(ctx, keeper, 1)
		if text := a.Notify.Text("zh-CN", ns[0]); !strings.Contains(text, "库存预警") || !strings.Contains(text, "低于预警点") {
			t.Fatalf("the note reads %q", text)
		}
		deliver(1) // further under: no second note
		if got := notes(); got != before+1 {
			t.Fatalf("a delivery already under the point notified again: %d", got)
		}
		// Stock comes back 8 above the point, then a reservation of 9 takes
		// it under.
		if _, err := a.Inventory.Post(ctx, admin, inventory.Move{Kind: inventory.Receipt, ProductID: ids.P, WarehouseID: ids.W,
			Qty: inventory.Units(10), UnitCost: 10000}); err != nil {
			t.Fatal(err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			return a.Inventory.ReserveTx(ctx, tx, admin, inventory.Reservation{ProductID: ids.P, WarehouseID: ids.W,
				Qty: inventory.Units(9), DocType: "test_order", DocID: 1, DocLine: 1})
		}); err != nil {
			t.Fatal(err)
		}
		if got := notes(); got != before+2 {
			t.Fatalf("a reservation crossing the point: %d notes, want %d", got, before+2)
		}
		// Sales cannot reorder: told nothing.
		if ns, _ := a.Notify.Unread(ctx, sales, 50); len(ns) > 0 {
			for _, x := range ns {
				if x.Key == "inventory.low_stock_note" {
					t.Fatal("sales was told of low stock")
				}
			}
		}
	})
}

// scopeOf is the scope of a demo user, as the app builds it for a request.
func scopeOf(t testing.TB, a *app.App, d *db.DB, tid int64, username string) tenant.Scope {
	t.Helper()
	var id int64
	if err := db.Tenant(d.Read(), tid).Get(context.Background(), &id, `SELECT id FROM users WHERE tenant_id = ? AND username = ?`, tid, username); err != nil {
		t.Fatal(err)
	}
	sc, err := a.IDs.ScopeOf(context.Background(), tid, id)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
