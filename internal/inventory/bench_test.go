package inventory_test

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// benchEach runs a benchmark on SQLite and PostgreSQL with 20 products in
// 2 warehouses.
func benchEach(b *testing.B, fn func(b *testing.B, e *env)) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			var d *db.DB
			if name == "sqlite" {
				d = testdb.SQLite(b, migrations()...)
			} else {
				d = testdb.Postgres(b, migrations()...)
			}
			fn(b, newEnv(b, d, 20, 2))
		})
	}
}

// BenchmarkPost posts one receipt and one delivery per transaction, as a
// goods receipt or a delivery of one line does (ns/op is per movement).
func BenchmarkPost(b *testing.B) {
	benchEach(b, func(b *testing.B, e *env) {
		b.ResetTimer()
		for i := 0; i < b.N; i += 2 {
			p, w := e.products[i%len(e.products)], e.warehouses[i%len(e.warehouses)]
			if _, err := e.inv.Post(e.ctx, e.admin,
				inventory.Move{Kind: inventory.Receipt, ProductID: p, WarehouseID: w, Qty: inventory.Units(3), UnitCost: 12345},
				inventory.Move{Kind: inventory.Delivery, ProductID: p, WarehouseID: w, Qty: inventory.Units(1)}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkBalance reads the stock of a product in a warehouse.
func BenchmarkBalance(b *testing.B) {
	benchEach(b, func(b *testing.B, e *env) {
		for i, p := range e.products {
			if _, err := e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.Receipt, ProductID: p,
				WarehouseID: e.warehouses[i%2], Qty: inventory.Units(5), UnitCost: 100}); err != nil {
				b.Fatal(err)
			}
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := e.inv.Balance(e.ctx, e.admin, e.products[i%len(e.products)], e.warehouses[i%2]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
