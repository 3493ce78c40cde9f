package inventory_test

import (
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// The stock value as of a moment is the same whether it is rebuilt from
// the whole ledger or from a snapshot plus the movements since — before,
// at and after the snapshot; a snapshot of a moment too close to now is
// refused, and one taken twice is kept once.
func TestSnapshotsGiveTheSameValues(t *testing.T) {
	each(t, 2, 2, func(t *testing.T, e *env) {
		p0, p1, w0, w1 := e.products[0], e.products[1], e.warehouses[0], e.warehouses[1]
		post := func(mv ...inventory.Move) {
			t.Helper()
			if _, err := e.inv.Post(e.ctx, e.admin, mv...); err != nil {
				t.Fatal(err)
			}
		}
		var marks []time.Time
		mark := func() {
			time.Sleep(2 * time.Millisecond)
			marks = append(marks, db.Now())
			time.Sleep(2 * time.Millisecond)
		}
		post(inventory.Move{Kind: inventory.Receipt, ProductID: p0, WarehouseID: w0, Qty: inventory.Units(10), UnitCost: 12345})
		mark()
		post(inventory.Move{Kind: inventory.Receipt, ProductID: p0, WarehouseID: w0, Qty: inventory.Units(5), UnitCost: 20000},
			inventory.Move{Kind: inventory.Receipt, ProductID: p1, WarehouseID: w1, Qty: inventory.Units(7), UnitCost: 3333})
		mark()
		post(inventory.Move{Kind: inventory.TransferOut, ProductID: p0, WarehouseID: w0, Qty: inventory.Units(4)},
			inventory.Move{Kind: inventory.TransferIn, ProductID: p0, WarehouseID: w1, Qty: inventory.Units(4)},
			inventory.Move{Kind: inventory.Delivery, ProductID: p1, WarehouseID: w1, Qty: inventory.Units(2)})
		mark()
		post(inventory.Move{Kind: inventory.AdjustOut, ProductID: p0, WarehouseID: w1, Qty: inventory.Units(1)})
		mark()
		value := func(at time.Time) map[[2]int64]inventory.ValueLine {
			t.Helper()
			lines, err := e.inv.StockValue(e.ctx, e.admin, at)
			if err != nil {
				t.Fatal(err)
			}
			out := map[[2]int64]inventory.ValueLine{}
			for _, l := range lines {
				out[[2]int64{l.ProductID, l.WarehouseID}] = l
			}
			return out
		}
		want := make([]map[[2]int64]inventory.ValueLine, len(marks))
		for i, m := range marks {
			want[i] = value(m)
		}
		if err := e.inv.TakeSnapshot(e.ctx, e.admin.Tenant(), marks[1]); errs.KindOf(err) != errs.KindInvalid {
			t.Fatalf("a snapshot of a moment seconds ago: %v", err)
		}
		e.inv.SetSnapshotLag(0)
		for _, snap := range []int{1, 2, 1} { // the second time at marks[1]: kept as it was
			if err := e.inv.TakeSnapshot(e.ctx, e.admin.Tenant(), marks[snap]); err != nil {
				t.Fatal(err)
			}
			for i, m := range marks {
				got := value(m)
				if len(got) != len(want[i]) {
					t.Fatalf("snapshot %d, as of mark %d: %d lines, want %d", snap, i, len(got), len(want[i]))
				}
				for k, w := range want[i] {
					if got[k] != w {
						t.Fatalf("snapshot %d, as of mark %d, %v: %+v, want %+v", snap, i, k, got[k], w)
					}
				}
			}
		}
		var runs int
		if err := db.Tenant(e.d.Read(), e.admin.Tenant()).Get(e.ctx, &runs, `SELECT count(*) FROM stock_snapshot_runs WHERE tenant_id = ?`,
			e.admin.Tenant()); err != nil || runs != 2 {
			t.Fatalf("%d snapshots, want 2 (%v)", runs, err)
		}
	})
}

// The schedule's call takes each tenant's snapshots at the start of the
// month and of the week once; a week's snapshot older than a quarter goes,
// a month's start stays.
func TestSnapshotsDue(t *testing.T) {
	each(t, 1, 1, func(t *testing.T, e *env) {
		if _, err := e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.Receipt, ProductID: e.products[0],
			WarehouseID: e.warehouses[0], Qty: inventory.Units(3), UnitCost: 100}); err != nil {
			t.Fatal(err)
		}
		e.inv.SetSnapshotLag(0) // also in a week's first minute
		runs := func() []time.Time {
			t.Helper()
			var out []time.Time
			if err := db.Tenant(e.d.Read(), e.admin.Tenant()).Select(e.ctx, &out, `SELECT taken_at FROM stock_snapshot_runs
				WHERE tenant_id = ? ORDER BY taken_at`, e.admin.Tenant()); err != nil {
				t.Fatal(err)
			}
			return out
		}
		now := time.Now()
		for range 2 {
			if err := e.inv.SnapshotsDue(e.ctx, now); err != nil {
				t.Fatal(err)
			}
		}
		want := []time.Time{inventory.MonthStart(now), inventory.WeekStart(now)}
		if want[1].Before(want[0]) {
			want[0], want[1] = want[1], want[0]
		}
		if want[0].Equal(want[1]) {
			want = want[:1]
		}
		got := runs()
		if len(got) != len(want) {
			t.Fatalf("snapshots %v, want %v", got, want)
		}
		for i := range want {
			if !got[i].Equal(want[i]) {
				t.Fatalf("snapshots %v, want %v", got, want)
			}
		}
		if ws := inventory.WeekStart(now); ws.Weekday() != time.Monday || ws.After(now) || now.Sub(ws) > 7*24*time.Hour {
			t.Fatalf("week start %v of %v", ws, now)
		}
		// A quarter later the week's snapshot goes (unless it is also a
		// month's start), the month's stays.
		if err := e.inv.SnapshotsDue(e.ctx, now.AddDate(0, 0, 100)); err != nil {
			t.Fatal(err)
		}
		for _, at := range runs() {
			if at.Before(now) && !at.Equal(inventory.MonthStart(at)) {
				t.Fatalf("an old week snapshot %v was kept", at)
			}
		}
	})
}
