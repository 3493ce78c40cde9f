package inventory_test

import (
	"slices"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// The stock value report now comes from the balances; as of a past moment
// it is rebuilt from the ledger and equals what the report said then. A
// product's lines add up to its company-wide value exactly.
func TestStockValueNowAndThen(t *testing.T) {
	each(t, 2, 3, func(t *testing.T, e *env) {
		p0, p1 := e.products[0], e.products[1]
		w0, w1, w2 := e.warehouses[0], e.warehouses[1], e.warehouses[2]
		post := func(mv ...inventory.Move) {
			t.Helper()
			if _, err := e.inv.Post(e.ctx, e.admin, mv...); err != nil {
				t.Fatal(err)
			}
		}
		report := func(at time.Time) []inventory.ValueLine {
			t.Helper()
			lines, err := e.inv.StockValue(e.ctx, e.admin, at)
			if err != nil {
				t.Fatal(err)
			}
			return lines
		}
		post(inventory.Move{Kind: inventory.Receipt, ProductID: p0, WarehouseID: w0, Qty: inventory.Units(3), UnitCost: 100000}, // 10.00
			inventory.Move{Kind: inventory.Receipt, ProductID: p1, WarehouseID: w1, Qty: inventory.Units(1), UnitCost: 55555})
		post(inventory.Move{Kind: inventory.Receipt, ProductID: p0, WarehouseID: w0, Qty: inventory.Units(1), UnitCost: 200000}) // avg 12.50
		then := db.Now()
		before := report(time.Time{})
		post(inventory.Move{Kind: inventory.TransferOut, ProductID: p0, WarehouseID: w0, Qty: inventory.Units(1)},
			inventory.Move{Kind: inventory.TransferIn, ProductID: p0, WarehouseID: w2, Qty: inventory.Units(1)})
		post(inventory.Move{Kind: inventory.Delivery, ProductID: p0, WarehouseID: w2, Qty: 3333}, // 0.3333 units
			inventory.Move{Kind: inventory.Delivery, ProductID: p1, WarehouseID: w1, Qty: inventory.Units(1)})

		if got := report(then); !slices.Equal(got, before) {
			t.Errorf("as of then %+v, the report then said %+v", got, before)
		}
		want := []inventory.ValueLine{{ProductID: p0, WarehouseID: w0, Qty: inventory.Units(4), UnitCost: 125000, Value: 500000}}
		if !slices.Equal(before[:1], want) || len(before) != 2 || before[1].Value != 55555 {
			t.Errorf("before the transfer: %+v", before)
		}
		now := report(time.Time{})
		if later := report(db.Now().Add(time.Hour)); !slices.Equal(now, later) {
			t.Errorf("now from the balances %+v, from the ledger %+v", now, later)
		}
		// p0: 4 units worth 50.00; 0.3333 out at the average takes 4.16625,
		// rounded to 4.1663: 45.8337 left, split 3 : 0.6667 over w0 and w2.
		var total int64
		for _, l := range now {
			if l.ProductID != p0 {
				t.Errorf("a product without stock is listed: %+v", l)
			}
			total += l.Value
		}
		var cost int64
		_ = db.Tenant(e.d.Read(), e.admin.Tenant()).Get(e.ctx, &cost, `SELECT value FROM stock_costs WHERE tenant_id = ? AND product_id = ?`, e.admin.Tenant(), p0)
		if len(now) != 2 || total != cost || total != 458337 || now[0].Value != 375000 {
			t.Errorf("after the delivery: lines %+v add to %d, company value %d, want 458337", now, total, cost)
		}
		byWarehouse := inventory.Totals(now, func(l inventory.ValueLine) int64 { return l.WarehouseID })
		if len(byWarehouse) != 2 || byWarehouse[0].Key != w0 || byWarehouse[0].Value+byWarehouse[1].Value != total {
			t.Errorf("by warehouse %+v", byWarehouse)
		}
	})
}

// A transfer shipped and not yet received is in transit: the stock value
// report shows it on a line of its own, so the lines still add up to the
// company value — now, and as of a moment while it was on its way; the
// company value never changes with the transfer.
func TestStockValueInTransit(t *testing.T) {
	each(t, 1, 2, func(t *testing.T, e *env) {
		p, w0, w1 := e.products[0], e.warehouses[0], e.warehouses[1]
		post := func(mv ...inventory.Move) {
			t.Helper()
			if _, err := e.inv.Post(e.ctx, e.admin, mv...); err != nil {
				t.Fatal(err)
			}
		}
		report := func(at time.Time) (lines []inventory.ValueLine, total int64) {
			t.Helper()
			lines, err := e.inv.StockValue(e.ctx, e.admin, at)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range lines {
				total += l.Value
			}
			return lines, total
		}
		post(inventory.Move{Kind: inventory.Receipt, ProductID: p, WarehouseID: w0, Qty: inventory.Units(3), UnitCost: 100000})
		leg := func(k inventory.Kind, w int64, q inventory.Qty) inventory.Move {
			return inventory.Move{Kind: k, ProductID: p, WarehouseID: w, Qty: q, DocType: "stock_transfer", DocID: 7, DocLine: 1}
		}
		post(leg(inventory.TransferOut, w0, inventory.Units(2)))
		during := db.Now()
		lines, total := report(time.Time{})
		want := []inventory.ValueLine{{ProductID: p, WarehouseID: w0, Qty: inventory.Units(1), UnitCost: 100000, Value: 100000},
			{ProductID: p, Qty: inventory.Units(2), UnitCost: 100000, Value: 200000, InTransit: true}}
		if !slices.Equal(lines, want) || total != 300000 {
			t.Fatalf("in transit: %+v (total %d), want %+v", lines, total, want)
		}
		// Receiving more than was shipped is refused; the rest arrives in two parts.
		_, err := e.inv.Post(e.ctx, e.admin, leg(inventory.TransferIn, w1, inventory.Units(3)))
		if fe, ok := errs.As(err); !ok || fe.Code != "inventory.transfer_not_in_transit" || fe.Data["InTransit"] != "2" {
			t.Fatalf("receiving 3 of 2 in transit: %v", err)
		}
		post(leg(inventory.TransferIn, w1, inventory.Units(1)))
		post(leg(inventory.TransferIn, w1, inventory.Units(1)))
		lines, total = report(time.Time{})
		if len(lines) != 2 || lines[0].InTransit || lines[1].InTransit || total != 300000 {
			t.Fatalf("received: %+v (total %d)", lines, total)
		}
		if then, _ := report(during); !slices.Equal(then, want) {
			t.Errorf("as of the time in transit %+v, want %+v", then, want)
		}
	})
}

// The value report by category totals the products of each category (and
// those without one) and adds up to the company value.
func TestStockValueByCategory(t *testing.T) {
	each(t, 3, 2, func(t *testing.T, e *env) {
		cat, err := e.recs.Create(e.ctx, e.admin, masterdata.ProductCategories, records.Input{"code": "C1", "name": "饮料"})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range e.products[:2] {
			rec, err := e.recs.Get(e.ctx, e.admin, masterdata.Products, p)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.recs.Update(e.ctx, e.admin, masterdata.Products, p, rec.Version, records.Input{"category_id": cat.ID}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.inv.Post(e.ctx, e.admin,
			inventory.Move{Kind: inventory.Receipt, ProductID: e.products[0], WarehouseID: e.warehouses[0], Qty: inventory.Units(2), UnitCost: 10000},
			inventory.Move{Kind: inventory.Receipt, ProductID: e.products[1], WarehouseID: e.warehouses[1], Qty: inventory.Units(3), UnitCost: 20000},
			inventory.Move{Kind: inventory.Receipt, ProductID: e.products[2], WarehouseID: e.warehouses[0], Qty: inventory.Units(5), UnitCost: 30000}); err != nil {
			t.Fatal(err)
		}
		lines, err := e.inv.StockValue(e.ctx, e.admin, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		totals, err := e.inv.CategoryTotals(e.ctx, e.admin, lines)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]int64{}
		for _, x := range totals {
			got[x.Key] = x.Value
		}
		if len(got) != 2 || got[cat.ID] != 8*10000 || got[0] != 15*10000 {
			t.Fatalf("by category: %v, want %d: 8.00 and none: 15.00", got, cat.ID)
		}
	})
}
