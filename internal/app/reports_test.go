package app_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// The stock and purchasing reports export what they show as CSV or Excel
// for those with the export permission (and audit it); the value report
// by warehouse and the purchase summary draw their bar chart.
func TestReportsExportAndChart(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		tid := tenantID(t, d, "demo")
		keeper := login(t, srv, "demo", "warehouse", app.DemoPassword)
		sales := login(t, srv, "demo", "sales", app.DemoPassword)
		for _, c := range []struct{ path, header string }{
			{"/inventory/stock?format=csv", "商品,仓库,现存量"},
			{"/inventory/value?format=csv", "仓库"},
			{"/inventory/value?group=product&format=xlsx", ""},
			{"/inventory/low-stock?format=csv", "商品,仓库,可用量,预警点"},
			{"/purchasing/orders/export?format=csv", "订单号,供应商"},
			{"/purchasing/summary/export?group=supplier&format=csv", "分组,订单数"},
		} {
			resp, body := do(t, http.MethodGet, srv.URL+c.path, keeper, nil)
			if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
				t.Errorf("%s: %d %s", c.path, resp.StatusCode, resp.Header.Get("Content-Disposition"))
				continue
			}
			if c.header == "" {
				if !bytes.HasPrefix(body, []byte("PK")) {
					t.Errorf("%s is not an XLSX file", c.path)
				}
				continue
			}
			if first, _, _ := strings.Cut(strings.TrimPrefix(string(body), "\uFEFF"), "\n"); !strings.HasPrefix(first, c.header) {
				t.Errorf("%s: header %q, want %q…", c.path, first, c.header)
			}
			if lines := strings.Count(string(body), "\n"); lines < 2 {
				t.Errorf("%s: %d lines, the demo has rows", c.path, lines)
			}
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action IN ('inventory.export', 'purchase_order.export',
			'purchase_summary.export')`, tid); n < 6 {
			t.Errorf("%d exports audited, want 6", n)
		}
		// Sales may look at stock but not export it.
		resp, _ := do(t, http.MethodGet, srv.URL+"/inventory/stock?format=csv", sales, nil)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("sales exported stock: %d", resp.StatusCode)
		}
		for _, path := range []string{"/inventory/value", "/purchasing/summary?group=month"} {
			if body := string(mustDo(t, http.StatusOK, http.MethodGet, srv.URL+path, keeper, nil)); !strings.Contains(body, `data-testid="bar-chart"`) {
				t.Errorf("%s has no chart", path)
			}
		}
	})
}
