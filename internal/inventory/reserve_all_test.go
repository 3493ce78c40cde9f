package inventory_test

import (
	"context"
	"testing"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

type lowsHeard struct{ lows [][]inventory.Low }

func (l *lowsHeard) LowStockTx(_ context.Context, _ *db.Tx, _ tenant.Scope, lows []inventory.Low) error {
	l.lows = append(l.lows, lows)
	return nil
}

// ReserveAllTx reserves an order's lines as ReserveTx would one by one:
// balances and reservation rows per line (two lines of one product add
// up), the low-stock alert once for a place that fell under its reorder
// point, and nothing at all when one line does not fit.
func TestReserveAllTx(t *testing.T) {
	each(t, 2, 1, func(t *testing.T, e *env) {
		heard := &lowsHeard{}
		e.inv.SetAlerter(heard)
		w, p0, p1 := e.warehouses[0], e.products[0], e.products[1]
		if _, err := e.recs.Create(e.ctx, e.admin, inventory.ReorderRules, records.Input{"product_id": p0, "warehouse_id": w,
			"reorder_point": "6", "reorder_qty": "20"}); err != nil {
			t.Fatal(err)
		}
		e.receive(p0, w, 10, 100)
		e.receive(p1, w, 10, 100)
		reserve := func(rs ...inventory.Reservation) error {
			return e.d.InTx(e.ctx, func(tx *db.Tx) error { return e.inv.ReserveAllTx(e.ctx, tx, e.admin, rs) })
		}
		line := func(p int64, n, lineNo int64) inventory.Reservation {
			return inventory.Reservation{ProductID: p, WarehouseID: w, Qty: inventory.Units(n), DocType: "test_order", DocID: 9,
				DocLine: lineNo}
		}
		if err := reserve(line(p0, 3, 1), line(p1, 2, 2), line(p0, 2, 3)); err != nil {
			t.Fatal(err)
		}
		reserved := func(p int64) inventory.Qty {
			b, err := e.inv.Balance(e.ctx, e.admin, p, w)
			if err != nil {
				t.Fatal(err)
			}
			return b.Reserved
		}
		if reserved(p0) != inventory.Units(5) || reserved(p1) != inventory.Units(2) {
			t.Fatalf("reserved %d and %d, want 5 and 2 units", reserved(p0), reserved(p1))
		}
		var rows int
		q := db.Tenant(e.d.Read(), e.admin.Tenant())
		if err := q.Get(e.ctx, &rows, `SELECT count(*) FROM stock_reservations WHERE tenant_id = ? AND doc_type = 'test_order'
			AND doc_id = 9`, q.Tenant); err != nil || rows != 3 {
			t.Fatalf("%d reservation rows (%v), want one per line", rows, err)
		}
		if len(heard.lows) != 1 || len(heard.lows[0]) != 1 || heard.lows[0][0].ProductID != p0 ||
			heard.lows[0][0].Available != inventory.Units(5) {
			t.Fatalf("alerts %+v, want p0 once at 5 available", heard.lows)
		}
		// p0 is already under its point: no new alert; a line that does not
		// fit undoes the whole call.
		err := reserve(line(p1, 1, 4), line(p0, 6, 5))
		if e, ok := errs.As(err); !ok || e.Code != "inventory.insufficient" {
			t.Fatalf("too much: %v", err)
		}
		if reserved(p0) != inventory.Units(5) || reserved(p1) != inventory.Units(2) || len(heard.lows) != 1 {
			t.Fatalf("after a refused call: %d, %d reserved, %d alerts", reserved(p0), reserved(p1), len(heard.lows))
		}
		if err := reserve(line(p0, 1, 1)); err != nil || reserved(p0) != inventory.Units(6) || len(heard.lows) != 1 {
			t.Fatalf("more on line 1: %v, %d reserved, %d alerts", err, reserved(p0), len(heard.lows))
		}
	})
}
