package masterdata

import (
	"slices"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/search"
)

func containsID(rs []records.Record, id int64) bool {
	return slices.ContainsFunc(rs, func(r records.Record) bool { return r.ID == id })
}

// What BulkCustomers derives (records.SearchText, records.DuplicateKeys)
// equals what the engine writes for the same
// values: the search text and the duplicate keys.
func TestBulkDerivesLikeTheEngine(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.create(Customers, records.Input{"name": "杭州星辰科技有限公司", "phone": "0571-8888 6666", "mobile": "+86 138-1234-5678"})
		var text string
		if err := e.d.Read().Get(e.ctx, &text, `SELECT search_text FROM customers WHERE tenant_id = ? AND id = ?`, e.tenant, c.ID); err != nil {
			t.Fatal(err)
		}
		vals := map[string]any{}
		for k, v := range c.Values {
			vals[k] = v
		}
		if want := records.SearchText(Customers, vals); text != want {
			t.Errorf("search text:\nengine %q\nbulk   %q", text, want)
		}
		var keys []string
		if err := e.d.Read().Select(e.ctx, &keys, `SELECT field || '=' || value FROM record_keys WHERE tenant_id = ? AND record_type = 'customers'
			AND record_id = ? ORDER BY field`, e.tenant, c.ID); err != nil {
			t.Fatal(err)
		}
		var want []string
		for f, k := range records.DuplicateKeys(Customers, vals) {
			want = append(want, f+"="+k)
		}
		slices.Sort(want)
		if !slices.Equal(keys, want) {
			t.Errorf("duplicate keys: engine %v, bulk %v", keys, want)
		}
	})
}

func TestBulkCustomers(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		const n = 3000
		first := e.create(Customers, records.Input{"name": "先建的客户"})
		before := indexes(t, e)
		// Half with the indexes in place, half with them dropped and
		// rebuilt (what a large load does).
		if err := bulkCustomers(e.ctx, e.d, e.tenant, n/2, e.users, e.depts, false); err != nil {
			t.Fatal(err)
		}
		if err := bulkCustomers(e.ctx, e.d, e.tenant, n/2, e.users[:1], e.depts[:1], true); err != nil {
			t.Fatal(err)
		}
		if after := indexes(t, e); !slices.Equal(before, after) {
			t.Errorf("indexes changed:\nbefore %v\nafter  %v", before, after)
		}
		if err := records.CheckSchema(e.ctx, e.d, e.recs.Registry()); err != nil {
			t.Error(err)
		}
		var stats struct{ N, Codes, Owners int }
		if err := e.d.Read().Get(e.ctx, &stats, `SELECT count(*) AS n, count(DISTINCT code) AS codes, count(DISTINCT owner_id) AS owners
			FROM customers WHERE tenant_id = ? AND id > ?`, e.tenant, first.ID); err != nil {
			t.Fatal(err)
		}
		var times []time.Time
		if err := e.d.Read().Select(e.ctx, &times, `SELECT created_at FROM customers WHERE tenant_id = ? AND id > ? ORDER BY id`,
			e.tenant, first.ID); err != nil {
			t.Fatal(err)
		}
		if stats.N != n || stats.Codes != n || stats.Owners != 2 || times[n-1].Sub(times[0]) < 700*24*time.Hour {
			t.Errorf("bulk rows: %+v, created %s … %s", stats, times[0], times[n-1])
		}
		// The numbering counter moved past the bulk codes.
		next := e.create(Customers, records.Input{"name": "后建的客户"})
		if got := next.String("code"); got != "C003002" {
			t.Errorf("next code %s, want C003002", got)
		}
		// A bulk row is found through the engine by its pinyin initials, and
		// by its phone's digits.
		var row struct {
			ID    int64  `db:"id"`
			Name  string `db:"name"`
			Phone string `db:"phone"`
		}
		if err := e.d.Read().Get(e.ctx, &row, `SELECT id, name, phone FROM customers WHERE tenant_id = ? AND type = 'organisation'
			AND id < ? ORDER BY id DESC LIMIT 1`, e.tenant, next.ID); err != nil {
			t.Fatal(err)
		}
		_, initials := search.Pinyin(row.Name)
		found, err := e.recs.Search(e.ctx, e.sc, Customers, initials, 100)
		if err != nil || !containsID(found, row.ID) {
			t.Errorf("search %q for %s: %d found, %v", initials, row.Name, len(found), err)
		}
		digits := row.Phone[len(row.Phone)-8:]
		found, err = e.recs.Search(e.ctx, e.sc, Customers, digits, 100)
		if err != nil || !containsID(found, row.ID) {
			t.Errorf("search %q for %s: %d found, %v", digits, row.Phone, len(found), err)
		}
		// The status filter with a name sort lists bulk rows in order.
		page, err := e.recs.List(e.ctx, e.sc, Customers, list.Query{Filters: map[string]string{"status": "lost"}, Sort: "name", Limit: 50})
		if err != nil || len(page.Items) == 0 {
			t.Fatalf("list: %d items, %v", len(page.Items), err)
		}
		for i, r := range page.Items {
			if r.String("status") != "lost" || i > 0 && r.String("name") < page.Items[i-1].String("name") {
				t.Errorf("row %d: %s %s", i, r.String("status"), r.String("name"))
			}
		}
	})
}

// indexes lists the definitions of the indexes on customers and record_keys.
func indexes(t *testing.T, e *env) []string {
	t.Helper()
	var out []string
	if e.d.Dialect == db.Postgres {
		for _, tb := range []string{"customers", "record_keys"} {
			idx, err := db.PGIndexes(e.ctx, e.d.Read(), tb)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range idx {
				out = append(out, x.Def)
			}
		}
	} else if err := e.d.Read().Select(e.ctx, &out, `SELECT sql FROM sqlite_master WHERE type = 'index'
		AND tbl_name IN ('customers', 'record_keys') AND sql IS NOT NULL ORDER BY name`); err != nil {
		t.Fatal(err)
	}
	if len(out) < 15 {
		t.Fatalf("%d indexes: %v", len(out), out)
	}
	return out
}
