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

type poJSON struct {
	ID      int64  `json:"id"`
	Number  string `json:"number"`
	Status  string `json:"status"`
	Total   string `json:"total"`
	Version int    `json:"version"`
	Lines   []struct {
		ID      int64  `json:"id"`
		OpenQty string `json:"open_qty"`
	} `json:"lines"`
}

// Through the JSON API: bad input is a 422 naming each field in the
// caller's language; the demo's rule sends a ¥60,000 order to the manager
// and then finance; the warehouse keeper receives part of it (201 with
// the receipt) and the order is partially received; an action its status
// does not allow is a 409; the demo's orders are there in several states.
func TestPurchaseOrderAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		ctx := context.Background()
		tid := tenantID(t, d, "demo")
		var ids struct {
			S int64 `db:"s"`
			P int64 `db:"p"`
			W int64 `db:"w"`
		}
		if err := db.Tenant(d.Read(), tid).Get(ctx, &ids, `SELECT (SELECT min(id) FROM suppliers WHERE tenant_id = ?) AS s,
			(SELECT min(id) FROM products WHERE tenant_id = ? AND type = 'goods') AS p, (SELECT min(id) FROM warehouses WHERE tenant_id = ?) AS w`,
			tid, tid, tid); err != nil {
			t.Fatal(err)
		}
		var states int
		if err := db.Tenant(d.Read(), tid).Get(ctx, &states, `SELECT count(DISTINCT status) FROM purchase_orders WHERE tenant_id = ?`, tid); err != nil || states < 6 {
			t.Fatalf("the demo's orders are in %d statuses (%v)", states, err)
		}
		buyer := login(t, srv, "demo", "warehouse", app.DemoPassword)
		manager := login(t, srv, "demo", "manager", app.DemoPassword)
		finance := login(t, srv, "demo", "finance", app.DemoPassword)
		base := srv.URL + "/api/v1/purchase-orders"

		resp, body := do(t, http.MethodPost, base, buyer, map[string]any{"supplier_id": ids.S, "warehouse_id": ids.W,
			"lines": []map[string]any{{"product_id": ids.P, "qty": "-1"}}})
		p := wantProblem(t, "a negative quantity", resp, body, http.StatusUnprocessableEntity, "field:lines[0].qty=field.positive")
		if len(p.Errors) == 0 || !strings.Contains(p.Errors[0].Message, "必须大于 0") {
			t.Errorf("the message is not in Chinese: %+v", p.Errors)
		}

		lines := []map[string]any{{"product_id": ids.P, "qty": "500", "price": "100", "tax_rate": "13"},
			{"product_id": ids.P, "qty": "100", "price": "100", "tax_rate": "13"}}
		resp, body = do(t, http.MethodPost, base, buyer, map[string]any{"supplier_id": ids.S, "warehouse_id": ids.W, "lines": lines})
		if resp.StatusCode != http.StatusCreated || resp.Header.Get("Location") == "" {
			t.Fatalf("create: %d %s", resp.StatusCode, body)
		}
		o := decode[poJSON](t, body)
		if o.Status != "draft" || o.Total != "67800.00" || !strings.HasPrefix(o.Number, "PO") {
			t.Fatalf("created %+v", o)
		}
		item := fmt.Sprintf("%s/%d", base, o.ID)
		o = decode[poJSON](t, mustDo(t, http.StatusOK, http.MethodPost, item+"/submit", buyer, map[string]any{"version": o.Version}))
		if o.Status != "pending_review" {
			t.Fatalf("submitted: %s", o.Status)
		}
		resp, body = do(t, http.MethodPost, item+"/approve", finance, map[string]any{})
		wantProblem(t, "finance before the manager", resp, body, http.StatusForbidden, "approval.not_approver")
		mustDo(t, http.StatusOK, http.MethodPost, item+"/approve", manager, map[string]any{"comment": "同意"})
		o = decode[poJSON](t, mustDo(t, http.StatusOK, http.MethodPost, item+"/approve", finance, map[string]any{}))
		if o.Status != "approved" {
			t.Fatalf("after two levels: %s", o.Status)
		}
		resp, body = do(t, http.MethodPost, item+"/receipts", buyer, map[string]any{"lines": []map[string]any{
			{"order_line_id": o.Lines[0].ID, "qty": "400", "rejected": "20"}}})
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("receipt: %d %s", resp.StatusCode, body)
		}
		o = decode[poJSON](t, mustDo(t, http.StatusOK, http.MethodGet, item, buyer, nil))
		if o.Status != "partially_received" || o.Lines[0].OpenQty != "100.00" || o.Lines[1].OpenQty != "100.00" {
			t.Fatalf("after the receipt: %+v", o)
		}
		resp, body = do(t, http.MethodPost, item+"/cancel", buyer, map[string]any{"version": o.Version, "reason": "不要了"})
		wantProblem(t, "cancel after a receipt", resp, body, http.StatusConflict, "purchasing.bad_status")
		sales := login(t, srv, "demo", "sales", app.DemoPassword)
		resp, body = do(t, http.MethodGet, item, sales, nil)
		wantProblem(t, "sales reads a purchase order", resp, body, http.StatusNotFound, "not_found")
		list := decode[struct {
			Items []poJSON `json:"items"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, base+"?status=partially_received", buyer, nil))
		if len(list.Items) < 2 {
			t.Errorf("partially received orders: %d", len(list.Items))
		}
	})
}
