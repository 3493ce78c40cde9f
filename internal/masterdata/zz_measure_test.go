package masterdata

import (
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/search"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

func TestZZMeasure(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("BULK_N"))
	d := testdb.SQLite(t, records.MigrationSet(), Migrations())
	if os.Getenv("BULK_DB") == "pg" {
		d = testdb.Postgres(t, records.MigrationSet(), Migrations())
	}
	e := setup(t, d)
	start := time.Now()
	if err := BulkCustomers(e.ctx, e.d, e.tenant, n, e.users, e.depts); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d customers in %s", d.Dialect, n, time.Since(start))

	var name string
	e.d.Read().Get(e.ctx, &name, `SELECT name FROM customers WHERE tenant_id = ? AND type='organisation' ORDER BY id DESC LIMIT 1`, e.tenant)
	_, ini := search.Pinyin(name)
	for i := 0; i < 3; i++ {
		s := time.Now()
		rs, err := e.recs.Search(e.ctx, e.sc, Customers, ini, 20)
		t.Logf("search %q: %d in %s %v", ini, len(rs), time.Since(s), err)
		s = time.Now()
		p, err := e.recs.List(e.ctx, e.sc, Customers, list.Query{Filters: map[string]string{"status": "lost"}, Sort: "name", Limit: 50})
		t.Logf("list lost by name: %d (total %d) in %s %v", len(p.Items), p.Total, time.Since(s), err)
		s = time.Now()
		p, err = e.recs.List(e.ctx, e.sc, Customers, list.Query{Limit: 50})
		t.Logf("list default: %d (total %d) in %s %v", len(p.Items), p.Total, time.Since(s), err)
	}
}
