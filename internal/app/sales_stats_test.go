package app_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

type statsJSON struct {
	Group string `json:"group"`
	Rows  []struct {
		Key    string `json:"key"`
		Label  string `json:"label"`
		Orders int    `json:"orders"`
		Total  string `json:"total"`
	} `json:"rows"`
	Sum struct {
		Orders int    `json:"orders"`
		Total  string `json:"total"`
	} `json:"sum"`
}

// Order statistics over HTTP: the API groups the demo's approved orders
// (the salesperson's) and a manager's new one; the salesperson's own
// statistics leave the manager's order out. The page draws a chart and
// exports CSV (audited) for those who may export, not for the warehouse.
// The customer's page has an orders tab; the workbench shows the
// salesperson's waiting orders.
func TestSalesStatsPagesAndAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		ctx := context.Background()
		tid := tenantID(t, d, "demo")
		q := db.Tenant(d.Read(), tid)
		admin := login(t, srv, "demo", "admin", app.DemoPassword)
		seller := login(t, srv, "demo", "sales", app.DemoPassword)
		manager := login(t, srv, "demo", "manager", app.DemoPassword)
		keeper := login(t, srv, "demo", "warehouse", app.DemoPassword)

		// The manager sells too: a small order, approved at once.
		var src soJSON
		if err := q.Get(ctx, &src.ID, `SELECT min(id) FROM sales_orders WHERE tenant_id = ? AND status = 'approved'`, tid); err != nil {
			t.Fatal(err)
		}
		cp := decode[soJSON](t, mustDo(t, http.StatusCreated, http.MethodPost, fmt.Sprintf("%s/api/v1/sales-orders/%d/copy", srv.URL, src.ID),
			manager, nil))
		if cp.Status != "draft" || cp.Channel != "api" {
			t.Fatalf("copy: %+v", cp)
		}
		mustDo(t, http.StatusOK, http.MethodPost, fmt.Sprintf("%s/api/v1/sales-orders/%d/submit", srv.URL, cp.ID), manager,
			map[string]any{"version": cp.Version})
		var want struct {
			All   int `db:"all_n"`
			Mine  int `db:"mine"`
			Other int `db:"other"`
		}
		if err := q.Get(ctx, &want, `SELECT count(*) AS all_n,
			sum(CASE WHEN owner_id = (SELECT id FROM users WHERE tenant_id = ? AND username = 'sales') THEN 1 ELSE 0 END) AS mine,
			sum(CASE WHEN owner_id = (SELECT id FROM users WHERE tenant_id = ? AND username = 'manager') THEN 1 ELSE 0 END) AS other
			FROM sales_orders WHERE tenant_id = ? AND status IN ('approved', 'partially_shipped', 'shipped', 'completed', 'closed')`,
			tid, tid, tid); err != nil {
			t.Fatal(err)
		}
		if want.Mine < 2 || want.Other != 1 {
			t.Fatalf("the demo's approved orders: %+v", want)
		}
		all := decode[statsJSON](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/sales-orders/stats?group=owner", admin, nil))
		mine := decode[statsJSON](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/sales-orders/stats?group=owner", seller, nil))
		if all.Sum.Orders != want.All || len(all.Rows) < 2 || mine.Sum.Orders != want.Mine || len(mine.Rows) != 1 || mine.Rows[0].Label != "李销售" {
			t.Fatalf("by owner: admin %+v, seller %+v, want %+v", all, mine, want)
		}
		byCustomer := decode[statsJSON](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/sales-orders/stats?group=customer&top=1",
			admin, nil))
		if len(byCustomer.Rows) != 1 || byCustomer.Rows[0].Label == "" {
			t.Fatalf("top customer: %+v", byCustomer)
		}
		resp, body := do(t, http.MethodGet, srv.URL+"/api/v1/sales-orders/stats?from=2026-02-30", admin, nil)
		wantProblem(t, "bad date", resp, body, http.StatusUnprocessableEntity, "field:from=field.invalid")
		hist := decode[struct {
			Months []struct {
				Key string `json:"key"`
			} `json:"months"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/sales-orders/stats/customer-history?customer_id="+
			byCustomer.Rows[0].Key, admin, nil))
		if len(hist.Months) != 12 {
			t.Fatalf("history: %+v", hist)
		}

		page := string(mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/sales/stats?group=customer&customer_id="+byCustomer.Rows[0].Key,
			manager, nil))
		for _, s := range []string{`data-testid="bar-chart"`, `data-testid="list-row"`, `data-testid="customer-history"`, "订单统计"} {
			if !strings.Contains(page, s) {
				t.Errorf("the statistics page has no %s", s)
			}
		}
		resp, body = do(t, http.MethodGet, srv.URL+"/sales/stats?group=channel&format=csv", manager, nil)
		if first, _, _ := strings.Cut(strings.TrimPrefix(string(body), "\uFEFF"), "\n"); resp.StatusCode != http.StatusOK ||
			!strings.HasPrefix(first, "来源渠道,订单数") || !strings.Contains(string(body), "电话") {
			t.Fatalf("CSV: %d %.300s", resp.StatusCode, body)
		}
		if resp, body := do(t, http.MethodGet, srv.URL+"/sales/stats?group=month&format=xlsx", manager, nil); !bytes.HasPrefix(body, []byte("PK")) {
			t.Errorf("XLSX: %d", resp.StatusCode)
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'sales_stats.export'`, tid); n != 2 {
			t.Errorf("%d exports audited, want 2", n)
		}
		if resp, _ := do(t, http.MethodGet, srv.URL+"/sales/stats?format=csv", keeper, nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("the warehouse exported the statistics: %d", resp.StatusCode)
		}

		// The customer's page lists its orders.
		var cust int64
		if err := q.Get(ctx, &cust, `SELECT customer_id FROM sales_orders WHERE tenant_id = ? AND id = ?`, tid, src.ID); err != nil {
			t.Fatal(err)
		}
		tab := string(mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/md/customers/%d?tab=sales_orders", srv.URL, cust), admin, nil))
		if !strings.Contains(tab, `data-testid="tab-sales_orders"`) || strings.Count(tab, `data-testid="customer-order"`) < 2 ||
			!strings.Contains(tab, fmt.Sprintf(`href="/sales/orders/%d"`, src.ID)) {
			t.Errorf("the customer's orders tab: %.2000s", tab)
		}

		// The salesperson's workbench: their draft and approved orders.
		home := string(mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/", seller, nil))
		drafts := count(t, d, `SELECT count(*) FROM sales_orders WHERE tenant_id = ? AND status = 'draft'
			AND owner_id = (SELECT id FROM users WHERE tenant_id = sales_orders.tenant_id AND username = 'sales')`, tid)
		if !strings.Contains(home, `data-testid="panel-sales_waiting"`) || drafts == 0 || !strings.Contains(home, fmt.Sprintf("待提交 %d 张", drafts)) ||
			!strings.Contains(home, fmt.Sprintf(`href="/sales/orders/%d"`, src.ID)) {
			t.Errorf("the workbench has no waiting orders: %.3000s", home)
		}
	})
}

// The order page copies an order and keeps its communication log: an
// entry added through the page shows on it, and through the API.
func TestOrderPageCopyAndCommunication(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		tid := tenantID(t, d, "demo")
		seller := login(t, srv, "demo", "sales", app.DemoPassword)
		var id int64
		if err := db.Tenant(d.Read(), tid).Get(context.Background(), &id, `SELECT min(id) FROM sales_orders WHERE tenant_id = ? AND status = 'cancelled'`,
			tid); err != nil {
			t.Fatal(err)
		}
		page := string(mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/sales/orders/%d", srv.URL, id), seller, nil))
		if !strings.Contains(page, `data-testid="so-copy"`) || !strings.Contains(page, `data-testid="so-comms"`) {
			t.Fatal("the order page has no copy button or communication log")
		}
		resp, _ := postForm(t, fmt.Sprintf("%s/sales/orders/%d/communications", srv.URL, id), seller,
			url.Values{"channel": {"wechat"}, "text": {"客户说下月再订"}})
		if resp.StatusCode >= 400 {
			t.Fatalf("add an entry: %d", resp.StatusCode)
		}
		page = string(mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/sales/orders/%d", srv.URL, id), seller, nil))
		if !strings.Contains(page, "客户说下月再订") || !strings.Contains(page, "微信") {
			t.Errorf("the entry is not on the page")
		}
		created := decode[struct {
			ID int64 `json:"id"`
		}](t, mustDo(t, http.StatusCreated, http.MethodPost, fmt.Sprintf("%s/api/v1/sales-orders/%d/communications", srv.URL, id), seller,
			map[string]any{"channel": "phone", "text": "电话确认"}))
		log := decode[struct {
			Items []struct {
				ID   int64  `json:"id"`
				Text string `json:"text"`
			} `json:"items"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/api/v1/sales-orders/%d/communications", srv.URL, id), seller, nil))
		if len(log.Items) != 2 || log.Items[0].ID != created.ID || log.Items[1].Text != "客户说下月再订" {
			t.Errorf("log: %+v", log)
		}
		resp, body := do(t, http.MethodPost, fmt.Sprintf("%s/api/v1/sales-orders/%d/communications", srv.URL, id), seller,
			map[string]any{"channel": "phone", "text": " "})
		wantProblem(t, "empty entry", resp, body, http.StatusUnprocessableEntity, "field:text=field.required")

		// The admin copies: the price list answers the salesperson only for
		// customers they may see.
		admin := login(t, srv, "demo", "admin", app.DemoPassword)
		resp, body = postForm(t, fmt.Sprintf("%s/sales/orders/%d/copy", srv.URL, id), admin, url.Values{})
		if resp.StatusCode >= 400 {
			i := strings.Index(string(body), "form-alert")
			t.Fatalf("copy from the page: %d %.600s", resp.StatusCode, string(body)[max(i, 0):])
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'sales_order.copy'`, tid); n != 1 {
			t.Errorf("%d copies audited", n)
		}
	})
}

// postForm posts a page's form as the browser would (the bearer token
// stands in for the session: no CSRF token needed).
func postForm(t testing.TB, u, token string, form url.Values) (*http.Response, []byte) {
	t.Helper()
	h := http.Header{}
	h.Set("Authorization", "Bearer "+token)
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	return doH(t, http.MethodPost, u, h, form.Encode())
}
