package sales_test

import (
	"strconv"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/sales"
)

// A list over more orders than the cap counts up to the cap and says so;
// under it the count is exact, and the data scope holds in the count.
func TestListCountStopsAtTheCap(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		n := list.CountCap + 50
		if err := sales.BulkOrders(e.ctx, e.d, e.seller.Tenant(), n, e.customers[:1], e.products, e.whs[0], e.seller.Actor(),
			e.seller.Dept()); err != nil {
			t.Fatal(err)
		}
		cust := strconv.FormatInt(e.customers[0], 10)
		p, err := e.svc.List(e.ctx, e.seller, list.Query{Filters: map[string]string{"customer_id": cust}})
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != list.CountCap+1 || !p.Capped() || len(p.Items) != 50 || p.NextCursor == "" {
			t.Fatalf("all %d orders: total %d capped %v, %d items, cursor %q; want %d, capped, 50 and a cursor", n, p.Total,
				p.Capped(), len(p.Items), p.NextCursor, list.CountCap+1)
		}
		var drafts int
		q := db.Tenant(e.d.Read(), e.seller.Tenant())
		if err := q.Get(e.ctx, &drafts, `SELECT count(*) FROM sales_orders WHERE tenant_id = ? AND customer_id = ? AND status = ?`,
			q.Tenant, e.customers[0], sales.Draft); err != nil {
			t.Fatal(err)
		}
		p, err = e.svc.List(e.ctx, e.seller, list.Query{Filters: map[string]string{"customer_id": cust, "status": sales.Draft}})
		if err != nil {
			t.Fatal(err)
		}
		if drafts == 0 || p.Total != drafts || p.Capped() {
			t.Fatalf("drafts: total %d (capped %v), want the exact %d", p.Total, p.Capped(), drafts)
		}
		for _, o := range p.Items {
			if o.Status != sales.Draft || o.CustomerID != e.customers[0] {
				t.Fatalf("filtered list has %s order of customer %d", o.Status, o.CustomerID)
			}
		}
		// Another salesperson sees none of them, in the count too.
		if p, err = e.svc.List(e.ctx, e.seller2, list.Query{}); err != nil || p.Total != 0 || len(p.Items) != 0 {
			t.Fatalf("other salesperson: total %d, %d items, %v", p.Total, len(p.Items), err)
		}
		// A bulk order is a whole order: its line and totals read back.
		o, err := e.svc.Get(e.ctx, e.seller, p0(t, e).ID)
		if err != nil || len(o.Lines) != 1 || o.Total != o.Subtotal+o.Tax || o.Lines[0].Amount != o.Subtotal {
			t.Fatalf("bulk order: %+v, %v", o, err)
		}
	})
}

// p0 is the seller's newest order.
func p0(t *testing.T, e *env) sales.Order {
	t.Helper()
	p, err := e.svc.List(e.ctx, e.seller, list.Query{Limit: 1})
	if err != nil || len(p.Items) != 1 {
		t.Fatalf("newest order: %v", err)
	}
	return p.Items[0]
}
