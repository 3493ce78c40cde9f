package app_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

type soJSON struct {
	ID      int64  `json:"id"`
	Number  string `json:"number"`
	Status  string `json:"status"`
	Channel string `json:"channel"`
	Total   string `json:"total"`
	Version int    `json:"version"`
}

// Through the JSON API: the demo's orders are there in several states; the
// salesperson creates an order (channel api), the demo's rule sends a
// ¥67,800 order to the manager and finance; the final approval reserves its
// stock or, without enough, answers 409 inventory.insufficient; an approved
// order cannot be deleted (409) and refuses a changed line (422).
func TestSalesOrderAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		ctx := context.Background()
		tid := tenantID(t, d, "demo")
		q := db.Tenant(d.Read(), tid)
		var states int
		if err := q.Get(ctx, &states, `SELECT count(DISTINCT status) FROM sales_orders WHERE tenant_id = ?`, tid); err != nil || states < 4 {
			t.Fatalf("the demo's sales orders are in %d statuses (%v)", states, err)
		}
		var ids struct {
			C     int64 `db:"c"`
			Empty int64 `db:"empty"` // a product without stock in the warehouse
			W     int64 `db:"w"`
		}
		if err := q.Get(ctx, &ids, `SELECT (SELECT min(id) FROM customers WHERE tenant_id = ? AND NOT blacklisted
				AND owner_id = (SELECT id FROM users WHERE tenant_id = customers.tenant_id AND username = 'sales')) AS c,
			(SELECT min(id) FROM products p WHERE tenant_id = ? AND type = 'goods' AND NOT EXISTS (SELECT 1 FROM stock_balances b
				WHERE b.tenant_id = p.tenant_id AND b.product_id = p.id AND b.on_hand > 0
				AND b.warehouse_id = (SELECT min(id) FROM warehouses WHERE tenant_id = ?))) AS empty,
			(SELECT min(id) FROM warehouses WHERE tenant_id = ?) AS w`, tid, tid, tid, tid); err != nil || ids.Empty == 0 {
			t.Fatalf("ids %+v: %v", ids, err)
		}
		var stocked struct {
			P        int64 `db:"product_id"`
			Reserved int64 `db:"reserved"`
		}
		if err := q.Get(ctx, &stocked, `SELECT product_id, reserved FROM stock_balances WHERE tenant_id = ? AND warehouse_id = ?
			AND on_hand - reserved >= 20000 ORDER BY product_id LIMIT 1`, tid, ids.W); err != nil {
			t.Fatal(err)
		}
		seller := login(t, srv, "demo", "sales", app.DemoPassword)
		manager := login(t, srv, "demo", "manager", app.DemoPassword)
		finance := login(t, srv, "demo", "finance", app.DemoPassword)
		keeper := login(t, srv, "demo", "warehouse", app.DemoPassword)
		base := srv.URL + "/api/v1/sales-orders"

		resp, body := do(t, http.MethodPost, base, seller, map[string]any{"customer_id": ids.C, "warehouse_id": ids.W,
			"lines": []map[string]any{{"product_id": ids.Empty, "qty": "0", "price": "1"}}})
		wantProblem(t, "a zero quantity", resp, body, http.StatusUnprocessableEntity, "field:lines[0].qty=field.positive")

		// ¥60,000 + 13% of one unit each: the manager, then finance.
		approveBoth := func(product int64) (string, *http.Response, []byte) {
			resp, body := do(t, http.MethodPost, base, seller, map[string]any{"customer_id": ids.C, "warehouse_id": ids.W,
				"lines": []map[string]any{{"product_id": product, "qty": "1", "price": "60000", "tax_rate": "13"}}})
			if resp.StatusCode != http.StatusCreated || resp.Header.Get("Location") == "" {
				t.Fatalf("create: %d %s", resp.StatusCode, body)
			}
			o := decode[soJSON](t, body)
			if o.Status != "draft" || o.Total != "67800.00" || o.Channel != "api" || !strings.HasPrefix(o.Number, "SO") {
				t.Fatalf("created %+v", o)
			}
			item := fmt.Sprintf("%s/%d", base, o.ID)
			o = decode[soJSON](t, mustDo(t, http.StatusOK, http.MethodPost, item+"/submit", seller, map[string]any{"version": o.Version}))
			if o.Status != "pending_review" {
				t.Fatalf("submitted: %s", o.Status)
			}
			mustDo(t, http.StatusOK, http.MethodPost, item+"/approve", manager, map[string]any{})
			resp, body = do(t, http.MethodPost, item+"/approve", finance, map[string]any{})
			return item, resp, body
		}
		_, resp, body = approveBoth(ids.Empty)
		wantProblem(t, "approve without stock", resp, body, http.StatusConflict, "inventory.insufficient")
		item, resp, body := approveBoth(stocked.P)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("approve with stock: %d %s", resp.StatusCode, body)
		}
		o := decode[soJSON](t, body)
		if o.Status != "approved" {
			t.Fatalf("after two levels: %s", o.Status)
		}
		var reserved int64
		if err := q.Get(ctx, &reserved, `SELECT reserved FROM stock_balances WHERE tenant_id = ? AND product_id = ? AND warehouse_id = ?`,
			tid, stocked.P, ids.W); err != nil || reserved != stocked.Reserved+10000 {
			t.Fatalf("reserved %d, was %d (%v)", reserved, stocked.Reserved, err)
		}
		resp, body = do(t, http.MethodDelete, fmt.Sprintf("%s?version=%d", item, o.Version), seller, nil)
		wantProblem(t, "delete an approved order", resp, body, http.StatusConflict, "sales.delete_not_draft")
		resp, body = do(t, http.MethodPatch, item, seller, map[string]any{"version": o.Version, "notes": "周五送达",
			"lines": []map[string]any{{"qty": "601"}}})
		wantProblem(t, "change a line of an approved order", resp, body, http.StatusUnprocessableEntity, "field:lines[0].qty=sales.locked_field")
		resp, body = do(t, http.MethodGet, item, keeper, nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("the warehouse reads sales orders: %d %s", resp.StatusCode, body)
		}
		resp, body = do(t, http.MethodGet, base+"?status=approved", seller, nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), o.Number) {
			t.Errorf("the seller's approved orders: %d %.300s", resp.StatusCode, body)
		}
	})
}
