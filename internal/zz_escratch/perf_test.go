package zz_escratch

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"sort"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/config"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

func TestPerf(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		cfg := config.Defaults()
		cfg.Data = t.TempDir()
		cfg.LoginPerIP = 100000
		a, err := app.New(ctx, cfg, app.Options{DB: d})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.SeedDemo(ctx); err != nil {
			t.Fatal(err)
		}
		var tid int64
		_ = d.Read().Get(ctx, &tid, `SELECT id FROM tenants WHERE code = 'demo'`)
		var owners, depts []int64
		_ = db.Tenant(d.Read(), tid).Select(ctx, &owners, `SELECT id FROM users WHERE tenant_id = ? AND username IN ('sales','manager') ORDER BY id`, tid)
		_ = db.Tenant(d.Read(), tid).Select(ctx, &depts, `SELECT department_id FROM users WHERE tenant_id = ? AND username IN ('sales','manager') ORDER BY id`, tid)
		t0 := time.Now()
		if err := masterdata.BulkCustomers(ctx, d, tid, 200000, owners, depts); err != nil {
			t.Fatal(err)
		}
		t.Logf("bulk 200k in %v", time.Since(t0))
		srv := httptest.NewServer(a.Handler())
		defer srv.Close()
		for _, user := range []string{"admin", "sales"} {
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			res, _ := c.PostForm(srv.URL+"/login", url.Values{"tenant": {"demo"}, "username": {user}, "password": {app.DemoPassword}})
			res.Body.Close()
			for _, p := range []string{"/md/customers", "/md/customers?status=active&sort=name", "/md/customers?q=hzkj", "/search?q=hzkj",
				"/md/customers/new", "/md/customers/150000", "/md/customers/options?from=x&x=hz"} {
				var ds []time.Duration
				code := 0
				for i := 0; i < 15; i++ {
					t0 := time.Now()
					res, err := c.Get(srv.URL + p)
					if err != nil {
						t.Fatal(err)
					}
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					code = res.StatusCode
					ds = append(ds, time.Since(t0))
				}
				sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
				t.Logf("%s %s: %d median %v p95 %v", user, p, code, ds[7], ds[14])
			}
		}
	})
}
