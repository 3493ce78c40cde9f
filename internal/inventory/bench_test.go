package inventory_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/records"
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

// benchScale runs a benchmark on SQLite and PostgreSQL with nProducts
// products (added through the engine's batch path, as an import does) in
// nWarehouses warehouses. The full-size figures (100,000 products,
// 1,000,000 movements) come from bench/ledger.
func benchScale(b *testing.B, nProducts, nWarehouses int, fn func(b *testing.B, e *env)) {
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			var d *db.DB
			if name == "sqlite" {
				d = testdb.SQLite(b, migrations()...)
			} else {
				d = testdb.Postgres(b, migrations()...)
			}
			e := newEnv(b, d, 0, nWarehouses)
			for have := 0; have < nProducts; {
				k := min(5000, nProducts-have)
				err := d.InTx(e.ctx, func(tx *db.Tx) error {
					return e.recs.Batch(e.ctx, tx, func(ctx context.Context) error {
						for i := have; i < have+k; i++ {
							if _, err := e.recs.CreateTx(ctx, tx, e.admin, masterdata.Products, records.Input{
								"sku": fmt.Sprintf("P%d", i), "name": fmt.Sprintf("商品%d", i), "type": masterdata.ProductGoods, "base_unit": "pcs"}); err != nil {
								return err
							}
						}
						return nil
					})
				})
				if err != nil {
					b.Fatal(err)
				}
				have += k
			}
			q := db.Tenant(d.Read(), e.admin.Tenant())
			if err := q.Select(e.ctx, &e.products, `SELECT id FROM products WHERE tenant_id = ? ORDER BY id`, q.Tenant); err != nil {
				b.Fatal(err)
			}
			fn(b, e)
		})
	}
}

// BenchmarkPostBatch posts 100 movements per transaction (a large goods
// receipt or an import of opening stock): 80 receipts and 20 deliveries of
// what the same posting received, over 10,000 products in 5 warehouses.
// ns/op is per posting; moves/s is the rate of movements.
func BenchmarkPostBatch(b *testing.B) {
	benchScale(b, 10000, 5, func(b *testing.B, e *env) {
		r := rand.New(rand.NewPCG(1, 2))
		postings := make([][]inventory.Move, 0, 64)
		for range cap(postings) {
			moves := make([]inventory.Move, 0, 100)
			for range 80 {
				moves = append(moves, inventory.Move{Kind: inventory.Receipt, ProductID: e.products[r.IntN(len(e.products))],
					WarehouseID: e.warehouses[r.IntN(len(e.warehouses))], Qty: inventory.Units(2 + r.Int64N(10)), UnitCost: 100 * (100 + r.Int64N(10000))})
			}
			for i := range 20 {
				in := moves[i*4]
				moves = append(moves, inventory.Move{Kind: inventory.Delivery, ProductID: in.ProductID, WarehouseID: in.WarehouseID,
					Qty: inventory.Units(1)})
			}
			postings = append(postings, moves)
		}
		b.ResetTimer()
		start := time.Now()
		for i := 0; i < b.N; i++ {
			if _, err := e.inv.Post(e.ctx, e.admin, postings[i%len(postings)]...); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N*100)/time.Since(start).Seconds(), "moves/s")
	})
}

// BenchmarkStockValue values the stock of 10,000 products in 2 warehouses
// (15,000 balances from 15,000 receipts and 5,000 deliveries): now from
// the balances, and as of the middle of the ledger rebuilt from it.
func BenchmarkStockValue(b *testing.B) {
	benchScale(b, 10000, 2, func(b *testing.B, e *env) {
		var mid time.Time
		var moves []inventory.Move
		flush := func() {
			if _, err := e.inv.Post(e.ctx, e.admin, moves...); err != nil {
				b.Fatal(err)
			}
			moves = moves[:0]
		}
		for i, p := range e.products {
			moves = append(moves, inventory.Move{Kind: inventory.Receipt, ProductID: p, WarehouseID: e.warehouses[i%2],
				Qty: inventory.Units(10), UnitCost: 10000 + int64(i)})
			if i%2 == 0 {
				moves = append(moves, inventory.Move{Kind: inventory.Receipt, ProductID: p, WarehouseID: e.warehouses[1-i%2],
					Qty: inventory.Units(4), UnitCost: 20000 + int64(i)},
					inventory.Move{Kind: inventory.Delivery, ProductID: p, WarehouseID: e.warehouses[i%2], Qty: inventory.Units(3)})
			}
			if len(moves) >= 500 {
				flush()
			}
			if i == len(e.products)/2 {
				flush()
				time.Sleep(2 * time.Millisecond)
				mid = time.Now()
			}
		}
		flush()
		for _, c := range []struct {
			name string
			at   time.Time
		}{{"now", time.Time{}}, {"past", mid}} {
			b.Run(c.name, func(b *testing.B) {
				var lines int
				for i := 0; i < b.N; i++ {
					v, err := e.inv.StockValue(e.ctx, e.admin, c.at)
					if err != nil {
						b.Fatal(err)
					}
					lines = len(v)
				}
				b.ReportMetric(float64(lines), "lines")
			})
		}
	})
}
