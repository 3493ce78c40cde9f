package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/pdf/pdftest"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type qtJSON struct {
	ID        int64  `json:"id"`
	Number    string `json:"number"`
	Status    string `json:"status"`
	Total     string `json:"total"`
	Cost      string `json:"cost"`
	Margin    string `json:"margin"`
	MarginPct string `json:"margin_pct"`
	OrderID   *int64 `json:"order_id"`
	Version   int    `json:"version"`
	Lines     []struct {
		Kind     string `json:"kind"`
		UnitCost string `json:"unit_cost"`
		Price    string `json:"price"`
		Steps    []struct {
			Cost string `json:"cost"`
		} `json:"steps"`
	} `json:"lines"`
}

// Through the API and the pages: the demo has quotations in every status;
// the salesperson quotes a route priced by markup, the demo's rule lets a
// healthy margin through and sends a thin one to the manager; sent and
// accepted, the quotation becomes a draft order with the same total and a
// link back; a second send is 409 with the status; the page shows costs
// and margins, the printed copy does not.
func TestQuotationAPIAndPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		ctx := context.Background()
		tid := tenantID(t, d, "demo")
		q := db.Tenant(d.Read(), tid)
		var states int
		if err := q.Get(ctx, &states, `SELECT count(DISTINCT status) FROM sales_quotes WHERE tenant_id = ?`, tid); err != nil || states != 7 {
			t.Fatalf("the demo's quotations are in %d statuses, want all 7 (%v)", states, err)
		}
		var ids struct {
			C int64 `db:"c"`
			P int64 `db:"p"`
			M int64 `db:"m"`
			W int64 `db:"w"`
		}
		// A customer of the salesperson's own (others are out of their scope).
		if err := q.Get(ctx, &ids, `SELECT (SELECT min(id) FROM customers WHERE tenant_id = ? AND NOT blacklisted
				AND owner_id = (SELECT id FROM users WHERE tenant_id = customers.tenant_id AND username = 'sales')) AS c,
			(SELECT min(id) FROM products WHERE tenant_id = ? AND active) AS p, (SELECT max(id) FROM products WHERE tenant_id = ? AND active) AS m,
			(SELECT min(id) FROM warehouses WHERE tenant_id = ?) AS w`, tid, tid, tid, tid); err != nil {
			t.Fatal(err)
		}
		seller := login(t, srv, "demo", "sales", app.DemoPassword)
		manager := login(t, srv, "demo", "manager", app.DemoPassword)
		base := srv.URL + "/api/v1/quotations"

		// Route: 2 h × 50 + 3 × 4 = 112 a unit, +25 % = 140; 10 units.
		resp, body := do(t, http.MethodPost, base, seller, map[string]any{"customer_id": ids.C, "lines": []map[string]any{
			{"kind": "route", "product_id": ids.P, "qty": "10", "markup": "25", "tax_rate": "13",
				"steps":     []map[string]any{{"name": "装配", "hours": "2", "rate": "50"}},
				"materials": []map[string]any{{"product_id": ids.M, "qty": "3", "unit_cost": "4"}}}}})
		if resp.StatusCode != http.StatusCreated || resp.Header.Get("Location") == "" {
			t.Fatalf("create: %d %s", resp.StatusCode, body)
		}
		qt := decode[qtJSON](t, body)
		if qt.Status != "draft" || qt.Lines[0].UnitCost != "112.00" || qt.Lines[0].Price != "140.00" || qt.Cost != "1120.00" ||
			qt.Margin != "280.00" || qt.MarginPct != "20.00" || qt.Total != "1582.00" || !strings.HasPrefix(qt.Number, "QT") {
			t.Fatalf("created %+v", qt)
		}
		item := fmt.Sprintf("%s/%d", base, qt.ID)
		resp, body = do(t, http.MethodPost, item+"/send", seller, map[string]any{"version": qt.Version})
		wantProblem(t, "send a draft", resp, body, http.StatusConflict, "sales.quote.bad_status")
		qt = decode[qtJSON](t, mustDo(t, http.StatusOK, http.MethodPost, item+"/submit", seller, map[string]any{"version": qt.Version}))
		if qt.Status != "approved" {
			t.Fatalf("20 %% margin: %s", qt.Status)
		}
		qt = decode[qtJSON](t, mustDo(t, http.StatusOK, http.MethodPost, item+"/send", seller, map[string]any{"version": qt.Version}))
		qt = decode[qtJSON](t, mustDo(t, http.StatusOK, http.MethodPost, item+"/accept", seller,
			map[string]any{"version": qt.Version, "warehouse_id": ids.W}))
		if qt.Status != "accepted" || qt.OrderID == nil {
			t.Fatalf("accepted: %+v", qt)
		}
		o := decode[struct {
			Status  string `json:"status"`
			Total   string `json:"total"`
			QuoteID int64  `json:"quote_id"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/api/v1/sales-orders/%d", srv.URL, *qt.OrderID), seller, nil))
		if o.Status != "draft" || o.Total != qt.Total || o.QuoteID != qt.ID {
			t.Fatalf("order %+v from quotation %+v", o, qt)
		}
		resp, body = do(t, http.MethodPost, item+"/send", seller, map[string]any{"version": qt.Version})
		p := wantProblem(t, "send an accepted quotation", resp, body, http.StatusConflict, "sales.quote.bad_status")
		if !strings.Contains(p.Detail, "accepted") {
			t.Errorf("the refusal names the status: %q", p.Detail)
		}

		// 10 % margin: the manager reviews it.
		thin := decode[qtJSON](t, mustDo(t, http.StatusCreated, http.MethodPost, base, seller, map[string]any{"customer_id": ids.C,
			"lines": []map[string]any{{"product_id": ids.P, "qty": "1", "price": "100", "unit_cost": "90"}}}))
		thin = decode[qtJSON](t, mustDo(t, http.StatusOK, http.MethodPost, fmt.Sprintf("%s/%d/submit", base, thin.ID), seller,
			map[string]any{"version": thin.Version}))
		if thin.Status != "pending_review" {
			t.Fatalf("thin margin: %s", thin.Status)
		}
		resp, body = do(t, http.MethodPost, fmt.Sprintf("%s/%d/approve", base, thin.ID), seller, map[string]any{})
		wantProblem(t, "the salesperson approving", resp, body, http.StatusForbidden, "approval.not_approver")
		thin = decode[qtJSON](t, mustDo(t, http.StatusOK, http.MethodPost, fmt.Sprintf("%s/%d/approve", base, thin.ID), manager,
			map[string]any{"comment": "可以"}))
		if thin.Status != "approved" {
			t.Fatalf("reviewed: %s", thin.Status)
		}

		// The pages, as the salesperson's browser session.
		page := func(method, path, form string) (*http.Response, string) {
			h := http.Header{"Cookie": {web.SessionCookie + "=" + seller}, "X-Csrf-Token": {web.CSRFForToken(seller)}}
			var b any
			if form != "" {
				h.Set("Content-Type", "application/x-www-form-urlencoded")
				b = form
			}
			resp, body := doH(t, method, srv.URL+path, h, b)
			return resp, string(body)
		}
		resp, html := page(http.MethodGet, fmt.Sprintf("/sales/quotes/%d", qt.ID), "")
		if resp.StatusCode != http.StatusOK || !strings.Contains(html, `data-testid="quote-route-detail"`) || !strings.Contains(html, "装配") ||
			!strings.Contains(html, `data-testid="quote-order"`) || strings.Contains(html, `data-testid="quote-answer"`) {
			t.Fatalf("quotation page: %d %.500s", resp.StatusCode, html)
		}
		resp, html = page(http.MethodGet, fmt.Sprintf("/sales/quotes/%d/print", qt.ID), "")
		if resp.StatusCode != http.StatusOK || !strings.Contains(html, qt.Number) || !strings.Contains(html, "1,582.00") ||
			strings.Contains(html, "1,120.00") || strings.Contains(html, "装配") || strings.Contains(html, `class="topbar"`) {
			t.Fatalf("printed quotation: %d %.800s", resp.StatusCode, html)
		}
		// The same copy as a PDF: the customer's Chinese name and the amounts,
		// never the costs.
		resp, body = do(t, http.MethodGet, fmt.Sprintf("%s/sales/quotes/%d/quote.pdf", srv.URL, qt.ID), seller, nil)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("quote.pdf: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		var customer string
		if err := q.Get(ctx, &customer, `SELECT name FROM customers WHERE tenant_id = ? AND id = ?`,
			tid, ids.C); err != nil {
			t.Fatal(err)
		}
		if text := pdftest.Text(t, body); !strings.Contains(text, customer) || !strings.Contains(text, qt.Number) ||
			!strings.Contains(text, "1,582.00") || strings.Contains(text, "1,120.00") {
			t.Fatalf("quote.pdf lacks %q, %s or the total, or shows the cost:\n%s", customer, qt.Number, text)
		}

		// The form: a product line and a route with one step whose hours
		// are wrong — the error lands in the step's row, nothing is saved.
		form := url.Values{"customer_id": {fmt.Sprint(ids.C)}, "customer_id_label": {"x"},
			"line_product_id": {fmt.Sprint(ids.P)}, "line_product_id_label": {"p"}, "line_qty": {"2"}, "line_price": {"30"},
			"line_unit": {""}, "line_discount": {""}, "line_tax_rate": {""}, "line_unit_cost": {"20"},
			"route_key": {"r0"}, "route_product_id": {fmt.Sprint(ids.P)}, "route_product_id_label": {"p"}, "route_description": {"焊接件"},
			"route_unit": {""}, "route_qty": {"4"}, "route_price": {""}, "route_markup": {"50"}, "route_discount": {""}, "route_tax_rate": {""},
			"step_r0_name": {"焊接", "打磨"}, "step_r0_hours": {"1", "x"}, "step_r0_rate": {"80", "40"},
			"mat_r0_product_id": {fmt.Sprint(ids.M)}, "mat_r0_product_id_label": {"m"}, "mat_r0_qty": {"2"}, "mat_r0_unit_cost": {"5"}}
		before := count(t, d, `SELECT count(*) FROM sales_quotes WHERE tenant_id = ?`, tid)
		resp, html = page(http.MethodPost, "/sales/quotes", form.Encode())
		if resp.StatusCode != http.StatusUnprocessableEntity || strings.Count(html, `data-testid="line-error"`) != 1 ||
			count(t, d, `SELECT count(*) FROM sales_quotes WHERE tenant_id = ?`, tid) != before {
			t.Fatalf("bad step hours: %d %.300s", resp.StatusCode, html)
		}
		if i := strings.Index(html, `name="step_r0_hours" value="x"`); i < 0 || !strings.Contains(html[i:i+400], `data-testid="line-error"`) {
			t.Fatalf("the error is not in the step's row")
		}
		form["step_r0_hours"] = []string{"1", "0.5"}
		resp, html = page(http.MethodPost, "/sales/quotes", form.Encode())
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d %.500s", resp.StatusCode, html)
		}
		var saved struct {
			Kind  string `db:"kind"`
			Cost  int64  `db:"unit_cost"`
			Price int64  `db:"price"`
		}
		// Route per unit: 1 h × 80 + 0.5 h × 40 + 2 × 5 = 110, +50 % = 165.
		if err := q.Get(ctx, &saved, `SELECT kind, unit_cost, price FROM sales_quote_lines WHERE tenant_id = ? AND line_no = 2
			AND quote_id = (SELECT max(id) FROM sales_quotes WHERE tenant_id = ?)`, tid, tid); err != nil ||
			saved.Kind != "route" || saved.Cost != 110_0000 || saved.Price != 165_0000 {
			t.Fatalf("saved route line %+v (%v)", saved, err)
		}
	})
}
