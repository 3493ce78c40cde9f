package app_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// Promotions through the app: the manager defines them with the records
// API (the salesperson may only read them); the demo's draft shows which
// promotion took what, on the API and the order page; an order with an
// unknown coupon is refused on coupon_code; the order form asks for one.
func TestSalesPromotionsAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		tid := tenantID(t, d, "demo")
		seller := login(t, srv, "demo", "sales", app.DemoPassword)
		manager := login(t, srv, "demo", "manager", app.DemoPassword)
		promos := srv.URL + "/api/v1/promotions"

		body := map[string]any{"name": "国庆九折", "kind": "percent", "value": "10", "coupon_code": "gq10", "max_uses": 1}
		resp, b := do(t, http.MethodPost, promos, seller, body)
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("the salesperson defines a promotion: %d %s", resp.StatusCode, b)
		}
		created := decode[struct {
			ID         int64  `json:"id"`
			CouponCode string `json:"coupon_code"`
		}](t, mustDo(t, http.StatusCreated, http.MethodPost, promos, manager, body))
		if created.CouponCode != "GQ10" {
			t.Fatalf("coupon code kept as %q", created.CouponCode)
		}
		resp, b = do(t, http.MethodPost, promos, manager, map[string]any{"name": "x", "kind": "threshold", "value": "5"})
		wantProblem(t, "a threshold promotion without its threshold", resp, b, http.StatusUnprocessableEntity, "field:threshold=field.required")
		mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/%d", promos, created.ID), seller, nil)

		// The demo's draft with 满300减30 and the WELCOME50 coupon.
		var id int64
		if err := db.Tenant(d.Read(), tid).Get(t.Context(), &id, `SELECT id FROM sales_orders WHERE tenant_id = ? AND coupon_code = 'WELCOME50'`,
			tid); err != nil {
			t.Fatal(err)
		}
		o := decode[struct {
			CouponCode string `json:"coupon_code"`
			Subtotal   string `json:"subtotal"`
			Discount   string `json:"discount"`
			Promotions []struct {
				Name       string `json:"name"`
				CouponCode string `json:"coupon_code"`
				Amount     string `json:"amount"`
				Lines      []int  `json:"lines"`
			} `json:"promotions"`
			Lines []struct {
				PromoDiscount string `json:"promo_discount"`
			} `json:"lines"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/api/v1/sales-orders/%d", srv.URL, id), seller, nil))
		if o.CouponCode != "WELCOME50" || len(o.Promotions) != 2 || o.Promotions[0].Name != "满300减30" || o.Promotions[0].Amount != "30.00" ||
			o.Promotions[1].CouponCode != "WELCOME50" || o.Promotions[1].Amount != "50.00" || o.Subtotal != "640.00" || o.Discount != "80.00" ||
			len(o.Lines) != 1 || o.Lines[0].PromoDiscount != "80.00" {
			t.Fatalf("the demo's promoted draft: %+v", o)
		}
		resp, b = do(t, http.MethodGet, fmt.Sprintf("%s/sales/orders/%d", srv.URL, id), seller, nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `data-testid="so-promotions"`) || !strings.Contains(string(b), "满300减30") {
			t.Fatalf("the order page: %d", resp.StatusCode)
		}

		var ids struct {
			C int64 `db:"c"`
			P int64 `db:"p"`
			W int64 `db:"w"`
		}
		// The demo draft's customer is one of the salesperson's.
		if err := db.Tenant(d.Read(), tid).Get(t.Context(), &ids, `SELECT (SELECT customer_id FROM sales_orders WHERE tenant_id = ? AND id = ?) AS c,
			(SELECT min(id) FROM products WHERE tenant_id = ?) AS p, (SELECT min(id) FROM warehouses WHERE tenant_id = ?) AS w`,
			tid, id, tid, tid); err != nil {
			t.Fatal(err)
		}
		resp, b = do(t, http.MethodPost, srv.URL+"/api/v1/sales-orders", seller, map[string]any{"customer_id": ids.C, "warehouse_id": ids.W,
			"coupon_code": "NOSUCH", "lines": []map[string]any{{"product_id": ids.P, "qty": "1", "price": "10"}}})
		wantProblem(t, "an unknown coupon", resp, b, http.StatusUnprocessableEntity, "field:coupon_code=sales.coupon.unknown")

		// The coupon defined above, on an order submitted: the promotion's
		// page lists the use.
		var stocked struct {
			P int64 `db:"product_id"`
			W int64 `db:"warehouse_id"`
		}
		if err := db.Tenant(d.Read(), tid).Get(t.Context(), &stocked, `SELECT product_id, warehouse_id FROM stock_balances WHERE tenant_id = ?
			AND on_hand - reserved >= 20000 ORDER BY product_id LIMIT 1`, tid); err != nil {
			t.Fatal(err)
		}
		so := decode[struct {
			ID      int64  `json:"id"`
			Number  string `json:"number"`
			Version int    `json:"version"`
		}](t, mustDo(t, http.StatusCreated, http.MethodPost, srv.URL+"/api/v1/sales-orders", seller, map[string]any{"customer_id": ids.C,
			"warehouse_id": stocked.W, "coupon_code": "gq10", "lines": []map[string]any{{"product_id": stocked.P, "qty": "1", "price": "10"}}}))
		mustDo(t, http.StatusOK, http.MethodPost, fmt.Sprintf("%s/api/v1/sales-orders/%d/submit", srv.URL, so.ID), seller,
			map[string]any{"version": so.Version})
		resp, b = do(t, http.MethodGet, fmt.Sprintf("%s/md/promotions/%d?tab=redemptions", srv.URL, created.ID), manager, nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `data-testid="promo-redemption"`) || !strings.Contains(string(b), so.Number) {
			t.Fatalf("the promotion's uses: %d", resp.StatusCode)
		}
		resp, b = do(t, http.MethodPost, srv.URL+"/api/v1/sales-orders", seller, map[string]any{"customer_id": ids.C,
			"warehouse_id": stocked.W, "coupon_code": "GQ10", "lines": []map[string]any{{"product_id": stocked.P, "qty": "1", "price": "10"}}})
		wantProblem(t, "a used single-use coupon", resp, b, http.StatusUnprocessableEntity, "field:coupon_code=sales.coupon.used_up")

		resp, b = do(t, http.MethodGet, srv.URL+"/sales/orders/new", seller, nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), `name="coupon_code"`) {
			t.Fatalf("the order form: %d, coupon field %v", resp.StatusCode, strings.Contains(string(b), `name="coupon_code"`))
		}
	})
}
