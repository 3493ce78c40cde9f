package inventory_test

import (
	"slices"
	"testing"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// A count sheet holds the warehouse's products with the on-hand expected
// when it was made; counted quantities come typed or scanned (one unit a
// scan; an unknown barcode is a field error that changes nothing);
// posting books counted − on-hand at posting time, so a delivery made
// during the count is not booked twice, and leaves uncounted lines alone.
func TestCountLifecycle(t *testing.T) {
	each(t, 2, 2, func(t *testing.T, e *env) {
		p0, p1, w := e.products[0], e.products[1], e.warehouses[0]
		rec, err := e.recs.Create(e.ctx, e.admin, masterdata.Products, records.Input{"sku": "PB", "name": "条码商品",
			"type": masterdata.ProductGoods, "base_unit": "pcs", "barcode": "6901234567892"})
		if err != nil {
			t.Fatal(err)
		}
		pb := rec.ID
		keeper := e.user("keeper", "warehouse")
		e.receive(p0, w, 10, 100000)
		e.receive(p1, w, 3, 100000)
		e.receive(pb, w, 5, 20000)
		e.receive(p0, e.warehouses[1], 7, 100000) // another warehouse: not on the sheet
		c, err := e.inv.CreateCount(e.ctx, keeper, inventory.CountInput{WarehouseID: w})
		if err != nil || c.Status != inventory.StatusDraft || len(c.Lines) != 3 || c.Lines[0].Expected != inventory.Units(10) {
			t.Fatalf("create: %+v %v", c, err)
		}
		line := func(c inventory.Count, p int64) inventory.CountLine {
			i := slices.IndexFunc(c.Lines, func(l inventory.CountLine) bool { return l.ProductID == p })
			if i < 0 {
				t.Fatalf("no line of product %d", p)
			}
			return c.Lines[i]
		}
		eight := inventory.Units(8)
		if c, err = e.inv.EnterCounts(e.ctx, keeper, c.ID, []inventory.CountEntry{{LineID: line(c, p0).ID, Counted: &eight}}); err != nil ||
			c.Status != inventory.StatusCounting {
			t.Fatalf("enter: %+v %v", c, err)
		}
		for range 2 {
			if l, err := e.inv.ScanCount(e.ctx, keeper, c.ID, " 6901234567892 "); err != nil || l.ProductID != pb {
				t.Fatalf("scan: %+v %v", l, err)
			}
		}
		before, _ := e.inv.Count(e.ctx, keeper, c.ID)
		_, err = e.inv.ScanCount(e.ctx, keeper, c.ID, "0000")
		if fe, ok := errs.As(err); !ok || fe.Kind != errs.KindInvalid || fe.Fields[0].Field != "barcode" || fe.Fields[0].Code != "inventory.count.unknown_barcode" {
			t.Fatalf("an unknown barcode: %v", err)
		}
		if after, _ := e.inv.Count(e.ctx, keeper, c.ID); after.Version != before.Version {
			t.Errorf("an unknown barcode changed the sheet")
		}
		if got := line(before, pb); got.Counted == nil || *got.Counted != inventory.Units(2) {
			t.Fatalf("two scans counted %v", got.Counted)
		}
		// A delivery during the count: the sheet warns, and posting books
		// against the on-hand now (9), not the expected 10.
		if _, err := e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.Delivery, ProductID: p0, WarehouseID: w, Qty: inventory.Units(1)}); err != nil {
			t.Fatal(err)
		}
		c, _ = e.inv.Count(e.ctx, keeper, c.ID)
		if l := line(c, p0); !l.Moved() || l.OnHand != inventory.Units(9) {
			t.Errorf("the moved line: %+v", l)
		}
		_, err = e.inv.PostCount(e.ctx, keeper, c.ID, c.Version-1)
		wantCode(t, "post a stale sheet", err, errs.KindStale, "stale")
		if c, err = e.inv.PostCount(e.ctx, keeper, c.ID, c.Version); err != nil || c.Status != inventory.StatusPosted {
			t.Fatalf("post: %+v %v", c, err)
		}
		if e.onHand(p0, w) != eight || e.onHand(pb, w) != inventory.Units(2) || e.onHand(p1, w) != inventory.Units(3) {
			t.Errorf("after posting: %d, %d, %d", e.onHand(p0, w), e.onHand(pb, w), e.onHand(p1, w))
		}
		if d, ok := line(c, p0).Difference(); !ok || d != -inventory.Units(1) {
			t.Errorf("booked difference of p0: %d", d)
		}
		var kinds []string
		if err := db.Tenant(e.d.Read(), e.admin.Tenant()).Select(e.ctx, &kinds, `SELECT kind FROM stock_moves WHERE tenant_id = ? AND doc_type = ?
			AND doc_id = ? ORDER BY product_id`, e.admin.Tenant(), inventory.DocCount, c.ID); err != nil || !slices.Equal(kinds, []string{"count_loss", "count_loss"}) {
			t.Errorf("count movements %v %v", kinds, err)
		}
		_, err = e.inv.CancelCount(e.ctx, keeper, c.ID, c.Version)
		wantCode(t, "cancel a posted count", err, errs.KindConflict, "inventory.doc.wrong_status")
		_, err = e.inv.ScanCount(e.ctx, keeper, c.ID, "6901234567892")
		wantCode(t, "scan a posted count", err, errs.KindConflict, "inventory.doc.wrong_status")

		// A found product: scanning a product the sheet lacks adds its line.
		c2, err := e.inv.CreateCount(e.ctx, keeper, inventory.CountInput{WarehouseID: e.warehouses[1]})
		if err != nil || len(c2.Lines) != 1 {
			t.Fatalf("second sheet %+v %v", c2, err)
		}
		if l, err := e.inv.ScanCount(e.ctx, keeper, c2.ID, "6901234567892"); err != nil || l.Expected != 0 || *l.Counted != inventory.Units(1) {
			t.Fatalf("a found product: %+v %v", l, err)
		}
		if c2, err = e.inv.CancelCount(e.ctx, keeper, c2.ID, c2.Version+1); err != nil || c2.Status != inventory.StatusCancelled {
			t.Fatalf("cancel while counting: %+v %v", c2, err)
		}
	})
}
