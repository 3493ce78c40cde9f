package masterdata

import (
	"slices"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/search"
)

func TestSeedDemo(t *testing.T) {
	var firstRun []string // customer names by id on the first database
	each(t, func(t *testing.T, e *env) {
		if err := SeedDemo(e.ctx, e.recs, e.sc, e.users); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			table    string
			min, max int
		}{
			{"customers", 200, 200}, {"contacts", 170, 510}, {"suppliers", 20, 20}, {"supplier_contacts", 20, 40},
			{"products", 300, 300}, {"product_categories", 20, 40}, {"product_units", 50, 300}, {"warehouses", 3, 3},
			{"warehouse_locations", 36, 36}, {"carriers", 5, 5}, {"currencies", 4, 4}, {"exchange_rates", 9, 9},
			{"price_lists", 2, 2}, {"price_list_items", 100, 400}, {"process_steps", 8, 8}, {"customer_groups", 17, 17},
		} {
			var n int
			if err := e.d.Read().Get(e.ctx, &n, "SELECT count(*) FROM "+c.table+" WHERE tenant_id = ?", e.tenant); err != nil {
				t.Fatal(err)
			}
			if n < c.min || n > c.max {
				t.Errorf("%s: %d rows, want %d–%d", c.table, n, c.min, c.max)
			}
		}
		// Customers are spread over the owners, and one is found by the
		// pinyin initials of its name.
		var owners int
		if err := e.d.Read().Get(e.ctx, &owners, `SELECT count(DISTINCT owner_id) FROM customers WHERE tenant_id = ?`, e.tenant); err != nil || owners != 2 {
			t.Errorf("customers have %d owners (%v), want 2", owners, err)
		}
		page, err := e.recs.List(e.ctx, e.sc, Customers, list.Query{Filters: map[string]string{"type": CustomerOrganisation}, Sort: "name", Limit: 1})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("list: %v %v", page.Items, err)
		}
		first := page.Items[0]
		_, initials := search.Pinyin(first.String("name"))
		found, err := e.recs.Search(e.ctx, e.sc, Customers, initials, 50)
		if err != nil {
			t.Fatal(err)
		}
		if !containsID(found, first.ID) {
			t.Errorf("search %q did not find %s", initials, first.String("name"))
		}
		// The seed is deterministic: the same customers on both databases.
		var names []string
		if err := e.d.Read().Select(e.ctx, &names, `SELECT name FROM customers WHERE tenant_id = ? ORDER BY id`, e.tenant); err != nil {
			t.Fatal(err)
		}
		if firstRun == nil {
			firstRun = names
		} else if !slices.Equal(names, firstRun) {
			t.Error("the demo customers differ between the databases")
		}
	})
}
