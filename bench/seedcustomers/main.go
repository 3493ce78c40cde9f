// Command seedcustomers fills a tenant with generated customers so that the
// customer list and the global search can be measured at scale (issue 4:
// 1,000,000 customers, p95 < 50 ms on both databases).
//
//	go run ./bench/seedcustomers -data ./taihe-data -tenant demo -n 1000000
//	TAIHE_DB=postgres://… go run ./bench/seedcustomers -tenant demo -n 1000000
//
// The tenant must exist (start `taihe serve --demo` once first). Customers
// are spread over the tenant's active staff users as owners.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/db"
)

func main() {
	data := flag.String("data", "./taihe-data", "data directory (SQLite)")
	dsn := flag.String("db", os.Getenv("TAIHE_DB"), "database DSN (default: SQLite in -data)")
	code := flag.String("tenant", "demo", "tenant code")
	n := flag.Int("n", 1000000, "customers to add")
	flag.Parse()
	ctx := context.Background()
	d, err := db.Open(ctx, *dsn, *data)
	if err != nil {
		fail(err)
	}
	defer d.Close()
	var tid int64
	if err := d.Read().Get(ctx, &tid, `SELECT id FROM tenants WHERE code = ?`, *code); err != nil {
		fail(fmt.Errorf("tenant %q: %w", *code, err))
	}
	// Owners with a department, so department data scopes select a share.
	var staff []struct {
		ID   int64 `db:"id"`
		Dept int64 `db:"department_id"`
	}
	if err := d.Read().Select(ctx, &staff, `SELECT id, department_id FROM users
		WHERE tenant_id = ? AND kind = 'staff' AND status = 'active' AND department_id IS NOT NULL ORDER BY id LIMIT 50`, tid); err != nil {
		fail(err)
	}
	if len(staff) == 0 {
		fail(fmt.Errorf("tenant %q has no active staff user with a department", *code))
	}
	owners, depts := make([]int64, len(staff)), make([]int64, len(staff))
	for i, s := range staff {
		owners[i], depts[i] = s.ID, s.Dept
	}
	start := time.Now()
	if err := masterdata.BulkCustomers(ctx, d, tid, *n, owners, depts); err != nil {
		fail(err)
	}
	fmt.Printf("added %d customers to tenant %q in %s\n", *n, *code, time.Since(start).Round(time.Millisecond))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "seedcustomers:", err)
	os.Exit(1)
}
