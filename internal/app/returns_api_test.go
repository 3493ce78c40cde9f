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

type rtJSON struct {
	ID      int64  `json:"id"`
	Number  string `json:"number"`
	Status  string `json:"status"`
	Amount  string `json:"amount"`
	Version int    `json:"version"`
	Lines   []struct {
		ID int64 `json:"id"`
	} `json:"lines"`
	Refund *struct {
		Amount string `json:"amount"`
		Status string `json:"status"`
	} `json:"refund"`
}

// The demo holds a closed return whose refund request finance finds. A
// salesperson requests a return of the shipped demo order from its page's
// 退换货 button: too much is a field error on the line; the seller may not
// approve (403), a rejection needs a comment (422), the manager approves,
// approving again is 409 naming the status; each page offers only what
// the status allows; the warehouse receives and inspects, the refund
// request appears.
func TestReturnAPIAndPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		seller := login(t, srv, "demo", "sales", app.DemoPassword)
		mgr := login(t, srv, "demo", "manager", app.DemoPassword)
		keeper := login(t, srv, "demo", "warehouse", app.DemoPassword)
		fin := login(t, srv, "demo", "finance", app.DemoPassword)
		type page struct {
			Items []rtJSON `json:"items"`
		}
		demo := decode[page](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/sales-returns", mgr, nil))
		if len(demo.Items) != 1 || demo.Items[0].Status != "closed" || !strings.HasPrefix(demo.Items[0].Number, "RT") {
			t.Fatalf("the demo's returns: %+v", demo.Items)
		}
		refunds := decode[struct {
			Items []struct {
				ReturnID int64  `json:"return_id"`
				Amount   string `json:"amount"`
				Status   string `json:"status"`
			} `json:"items"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/sales-refund-requests", fin, nil))
		if len(refunds.Items) != 1 || refunds.Items[0].ReturnID != demo.Items[0].ID || refunds.Items[0].Amount != demo.Items[0].Amount ||
			refunds.Items[0].Status != "requested" {
			t.Fatalf("refund requests: %+v (return %+v)", refunds.Items, demo.Items[0])
		}
		body := string(mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/sales/returns/%d", srv.URL, demo.Items[0].ID), mgr, nil))
		for _, testid := range []string{"rt-decide", "rt-receive-form", "rt-inspect-form", "rt-close"} {
			if strings.Contains(body, `data-testid="`+testid+`"`) {
				t.Errorf("the closed return's page offers %s", testid)
			}
		}
		if !strings.Contains(body, `data-testid="rt-photos"`) || !strings.Contains(body, `data-status="closed"`) {
			t.Errorf("the closed return's page:\n%s", body)
		}

		orders := decode[struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/sales-orders?status=shipped", seller, nil))
		if len(orders.Items) != 1 {
			t.Fatalf("shipped demo orders: %+v", orders.Items)
		}
		oid := orders.Items[0].ID
		o := decode[struct {
			Lines []struct {
				ID         int64  `json:"id"`
				ShippedQty string `json:"shipped_qty"`
			} `json:"lines"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/api/v1/sales-orders/%d", srv.URL, oid), seller, nil))
		if page := string(mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/sales/orders/%d", srv.URL, oid), seller, nil)); !strings.Contains(page,
			fmt.Sprintf(`href="/sales/returns/new?order_id=%d"`, oid)) {
			t.Fatalf("the shipped order's page has no 退换货 button")
		}
		mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/sales/returns/new?order_id=%d", srv.URL, oid), seller, nil)
		line := o.Lines[0]
		req := func(qty string) map[string]any {
			return map[string]any{"order_id": oid, "kind": "exchange", "reason": "wrong_item",
				"lines": []map[string]any{{"order_line_id": line.ID, "qty": qty}}}
		}
		resp, b := do(t, http.MethodPost, srv.URL+"/api/v1/sales-returns", seller, req("99999"))
		wantProblem(t, "more than shipped", resp, b, http.StatusUnprocessableEntity, "field:lines[0].qty=sales.return.over_shipped")
		r := decode[rtJSON](t, mustDo(t, http.StatusCreated, http.MethodPost, srv.URL+"/api/v1/sales-returns", seller, req("1")))
		item := fmt.Sprintf("%s/api/v1/sales-returns/%d", srv.URL, r.ID)
		attach(t, &tenantFx{srv: srv, admin: seller}, fmt.Sprintf("/api/v1/sales-returns/%d/attachments", r.ID))
		resp, b = do(t, http.MethodPost, item+"/approve", seller, map[string]any{"version": r.Version})
		wantProblem(t, "the seller approving", resp, b, http.StatusForbidden, "forbidden")
		resp, b = do(t, http.MethodPost, item+"/reject", mgr, map[string]any{"version": r.Version})
		wantProblem(t, "reject without a comment", resp, b, http.StatusUnprocessableEntity, "field:comment=field.required")
		if page := string(mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/sales/returns/%d", srv.URL, r.ID), mgr, nil)); !strings.Contains(page, `data-testid="rt-approve"`) ||
			strings.Contains(page, `data-testid="rt-receive-form"`) {
			t.Fatalf("the requested return's page for the manager:\n%s", page)
		}
		r = decode[rtJSON](t, mustDo(t, http.StatusOK, http.MethodPost, item+"/approve", mgr, map[string]any{"version": r.Version}))
		resp, b = do(t, http.MethodPost, item+"/approve", mgr, map[string]any{"version": r.Version})
		if p := wantProblem(t, "approve twice", resp, b, http.StatusConflict, "sales.return.bad_status"); !strings.Contains(p.Detail, "approved") {
			t.Errorf("the refusal does not name the status: %+v", p)
		}
		if page := string(mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/sales/returns/%d", srv.URL, r.ID), keeper, nil)); strings.Contains(page, `data-testid="rt-approve"`) ||
			!strings.Contains(page, `data-testid="rt-receive-form"`) || !strings.Contains(page, "note.txt") {
			t.Fatalf("the approved return's page for the warehouse:\n%s", page)
		}
		r = decode[rtJSON](t, mustDo(t, http.StatusOK, http.MethodPost, item+"/receive", keeper, map[string]any{"version": r.Version}))
		r = decode[rtJSON](t, mustDo(t, http.StatusOK, http.MethodPost, item+"/inspect", keeper, map[string]any{"version": r.Version,
			"lines": []map[string]any{{"line_id": r.Lines[0].ID, "restock_qty": "1"}}}))
		if r.Status != "exchanged" || r.Refund != nil {
			t.Fatalf("inspected exchange: %+v", r)
		}
		got := decode[struct {
			ReplacementDeliveryID int64 `json:"replacement_delivery_id"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, item, keeper, nil))
		if got.ReplacementDeliveryID == 0 {
			t.Fatal("no replacement delivery")
		}
		mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/api/v1/deliveries/%d", srv.URL, got.ReplacementDeliveryID), keeper, nil)
		// The replacement's page says which return it serves.
		if page := string(mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/sales/deliveries/%d", srv.URL, got.ReplacementDeliveryID),
			keeper, nil)); !strings.Contains(page, fmt.Sprintf(`href="/sales/returns/%d" data-testid="do-return">%s<`, r.ID, r.Number)) {
			t.Fatalf("the replacement delivery's page:\n%s", page)
		}
	})
}
