package app_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// pathOrder is the sales order as the full path reads it.
type pathOrder struct {
	ID      int64  `json:"id"`
	Status  string `json:"status"`
	Total   string `json:"total"`
	QuoteID *int64 `json:"quote_id"`
	Version int    `json:"version"`
	Lines   []struct {
		ID         int64  `json:"id"`
		ProductID  int64  `json:"product_id"`
		Qty        string `json:"qty"`
		ShippedQty string `json:"shipped_qty"`
		OpenQty    string `json:"open_qty"`
	} `json:"lines"`
}

// pathDelivery is the delivery as the full path reads it.
type pathDelivery struct {
	ID          int64  `json:"id"`
	Status      string `json:"status"`
	Carrier     string `json:"carrier"`
	TrackingNo  string `json:"tracking_no"`
	TrackingURL string `json:"tracking_url"`
	Version     int    `json:"version"`
	Lines       []struct {
		ID            int64  `json:"id"`
		Qty           string `json:"qty"`
		ShortQty      string `json:"short_qty"`
		DamagedQty    string `json:"damaged_qty"`
		ExceptionNote string `json:"exception_note"`
	} `json:"lines"`
}

// Issue 6's full path over the JSON API, as the demo's users: a quotation
// with a process route whose margin (10 %) is under the demo's 15 % rule
// goes to the manager, is sent and accepted into a draft order; the
// ¥67,800 order is approved by the manager, then finance (finance first is
// refused), which reserves its 10 units; 4 are delivered, picked, packed
// and shipped with a waybill (on hand and the reservation fall by 4, the
// order is partially shipped); the customer signs with one unit short; a
// return of 1 unit is approved, received and restocked (on hand +1) and
// asks finance for exactly ¥6,780. After every step the statuses, stock
// and reservation are checked, and at the end each document's audit trail
// lists every transition in order.
func TestSalesFullPathAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		ctx := context.Background()
		tid := tenantID(t, d, "demo")
		q := db.Tenant(d.Read(), tid)
		var ids struct {
			C int64 `db:"c"` // a customer of the salesperson's own
			W int64 `db:"w"`
			M int64 `db:"m"` // the route's material
		}
		if err := q.Get(ctx, &ids, `SELECT (SELECT min(id) FROM customers WHERE tenant_id = ? AND NOT blacklisted
				AND owner_id = (SELECT id FROM users WHERE tenant_id = customers.tenant_id AND username = 'sales')) AS c,
			(SELECT min(id) FROM warehouses WHERE tenant_id = ?) AS w,
			(SELECT max(id) FROM products WHERE tenant_id = ? AND active) AS m`, tid, tid, tid); err != nil {
			t.Fatal(err)
		}
		// The product the route makes: 10 units free in the warehouse and
		// no promotion that would change the quoted price on the order.
		var p int64
		if err := q.Get(ctx, &p, `SELECT min(b.product_id) FROM stock_balances b JOIN products p ON p.tenant_id = b.tenant_id
			AND p.id = b.product_id WHERE b.tenant_id = ? AND b.warehouse_id = ? AND p.active AND p.type = 'goods'
			AND b.on_hand - b.reserved >= 100000 AND NOT EXISTS (SELECT 1 FROM promotions x WHERE x.tenant_id = b.tenant_id
			AND (x.product_id = b.product_id OR x.get_product_id = b.product_id))`, tid, ids.W); err != nil || p == 0 {
			t.Fatalf("no stocked product: %v", err)
		}
		seller := login(t, srv, "demo", "sales", app.DemoPassword)
		manager := login(t, srv, "demo", "manager", app.DemoPassword)
		finance := login(t, srv, "demo", "finance", app.DemoPassword)
		keeper := login(t, srv, "demo", "warehouse", app.DemoPassword)
		admin := adminToken(t, srv)

		type stock struct{ onHand, reserved, held int64 }
		var orderID int64
		// now reads the product's balance and what the order holds of it.
		now := func() stock {
			t.Helper()
			var s stock
			if err := q.Get(ctx, &s.onHand, `SELECT on_hand FROM stock_balances WHERE tenant_id = ? AND product_id = ? AND warehouse_id = ?`,
				tid, p, ids.W); err != nil {
				t.Fatal(err)
			}
			if err := q.Get(ctx, &s.reserved, `SELECT reserved FROM stock_balances WHERE tenant_id = ? AND product_id = ? AND warehouse_id = ?`,
				tid, p, ids.W); err != nil {
				t.Fatal(err)
			}
			var held []int64 // summed in Go, as the code does
			if err := q.Select(ctx, &held, `SELECT qty FROM stock_reservations WHERE tenant_id = ? AND doc_type = 'sales_order' AND doc_id = ?`,
				tid, orderID); err != nil {
				t.Fatal(err)
			}
			for _, h := range held {
				s.held += h
			}
			return s
		}
		start := now()
		wantStock := func(step string, onHand, reserved, held int64) {
			t.Helper()
			want := stock{start.onHand + onHand*10000, start.reserved + reserved*10000, held * 10000}
			if got := now(); got != want {
				t.Fatalf("%s: stock (on hand, reserved, held by the order) %+v, want %+v", step, got, want)
			}
		}
		api := func(path string, id int64, action string) string {
			s := fmt.Sprintf("%s/api/v1/%s/%d", srv.URL, path, id)
			if action != "" {
				s += "/" + action
			}
			return s
		}

		// 1. The quotation: one route making 10 units of p; per unit 10 h ×
		// 500 + 1 × 400 = 5,400, quoted at 6,000 → margin 10 %, total 67,800.
		qt := decode[qtJSON](t, mustDo(t, http.StatusCreated, http.MethodPost, srv.URL+"/api/v1/quotations", seller, map[string]any{
			"customer_id": ids.C, "warehouse_id": ids.W, "lines": []map[string]any{{"kind": "route", "product_id": p, "qty": "10",
				"price": "6000", "tax_rate": "13", "description": "定制机箱",
				"steps":     []map[string]any{{"name": "装配", "hours": "10", "rate": "500"}},
				"materials": []map[string]any{{"product_id": ids.M, "qty": "1", "unit_cost": "400"}}}}}))
		if qt.Status != "draft" || len(qt.Lines) != 1 || qt.Lines[0].Kind != "route" || qt.Lines[0].UnitCost != "5400.00" ||
			qt.Cost != "54000.00" || qt.Margin != "6000.00" || qt.MarginPct != "10.00" || qt.Total != "67800.00" {
			t.Fatalf("quotation created: %+v", qt)
		}
		qt = decode[qtJSON](t, mustDo(t, http.StatusOK, http.MethodPost, api("quotations", qt.ID, "submit"), seller, map[string]any{"version": qt.Version}))
		if qt.Status != "pending_review" {
			t.Fatalf("a 10 %% margin under the 15 %% rule: %s", qt.Status)
		}
		resp, body := do(t, http.MethodPost, api("quotations", qt.ID, "send"), seller, map[string]any{"version": qt.Version})
		wantProblem(t, "send a quotation in review", resp, body, http.StatusConflict, "sales.quote.bad_status")
		qt = decode[qtJSON](t, mustDo(t, http.StatusOK, http.MethodPost, api("quotations", qt.ID, "approve"), manager, map[string]any{"comment": "同意"}))
		if qt.Status != "approved" {
			t.Fatalf("reviewed: %s", qt.Status)
		}
		qt = decode[qtJSON](t, mustDo(t, http.StatusOK, http.MethodPost, api("quotations", qt.ID, "send"), seller, map[string]any{"version": qt.Version}))
		if qt.Status != "sent" {
			t.Fatalf("sent: %s", qt.Status)
		}
		wantStock("quotation sent", 0, 0, 0)
		qt = decode[qtJSON](t, mustDo(t, http.StatusOK, http.MethodPost, api("quotations", qt.ID, "accept"), seller, map[string]any{"version": qt.Version}))
		if qt.Status != "accepted" || qt.OrderID == nil {
			t.Fatalf("accepted: %+v", qt)
		}
		orderID = *qt.OrderID

		// 2. The order it became: a draft line of p at the quoted price.
		order := func(step, status, shipped string) pathOrder {
			t.Helper()
			o := decode[pathOrder](t, mustDo(t, http.StatusOK, http.MethodGet, api("sales-orders", orderID, ""), seller, nil))
			if o.Status != status || len(o.Lines) != 1 || o.Lines[0].ShippedQty != shipped {
				t.Fatalf("%s: order %+v, want %s with %s shipped", step, o, status, shipped)
			}
			return o
		}
		o := order("accepted", "draft", "0.00")
		if o.Total != "67800.00" || o.QuoteID == nil || *o.QuoteID != qt.ID || o.Lines[0].ProductID != p || o.Lines[0].Qty != "10.00" {
			t.Fatalf("the order made from the quotation: %+v", o)
		}
		wantStock("order made", 0, 0, 0)
		o = decode[pathOrder](t, mustDo(t, http.StatusOK, http.MethodPost, api("sales-orders", orderID, "submit"), seller, map[string]any{"version": o.Version}))
		if o.Status != "pending_review" {
			t.Fatalf("¥67,800 submitted: %s", o.Status)
		}
		wantStock("submitted", 0, 0, 0)
		resp, body = do(t, http.MethodPost, api("sales-orders", orderID, "approve"), finance, map[string]any{})
		wantProblem(t, "finance before the manager", resp, body, http.StatusForbidden, "approval.not_approver")
		mustDo(t, http.StatusOK, http.MethodPost, api("sales-orders", orderID, "approve"), manager, map[string]any{"comment": "同意"})
		o = order("the manager approved", "pending_review", "0.00")
		wantStock("first level", 0, 0, 0)
		mustDo(t, http.StatusOK, http.MethodPost, api("sales-orders", orderID, "approve"), finance, map[string]any{})
		o = order("finance approved", "approved", "0.00")
		wantStock("approved", 0, 10, 10)

		// 3. A delivery of 4 of the 10, picked, packed and shipped.
		dl := decode[pathDelivery](t, mustDo(t, http.StatusCreated, http.MethodPost, srv.URL+"/api/v1/deliveries", keeper, map[string]any{
			"carrier": "sf", "lines": []map[string]any{{"order_line_id": o.Lines[0].ID, "qty": "4"}}}))
		if dl.Status != "draft" || len(dl.Lines) != 1 || dl.Lines[0].Qty != "4.00" {
			t.Fatalf("delivery made: %+v", dl)
		}
		order("delivery made", "approved", "0.00")
		wantStock("delivery made", 0, 10, 10)
		resp, body = do(t, http.MethodPost, api("deliveries", dl.ID, "ship"), keeper, map[string]any{"version": dl.Version,
			"carrier": "sf", "tracking_no": "SF1400000000001"})
		wantProblem(t, "ship a draft", resp, body, http.StatusConflict, "sales.delivery.bad_status")
		for _, step := range []struct{ action, status string }{{"pick", "picking"}, {"pack", "packed"}} {
			dl = decode[pathDelivery](t, mustDo(t, http.StatusOK, http.MethodPost, api("deliveries", dl.ID, step.action), keeper,
				map[string]any{"version": dl.Version}))
			if dl.Status != step.status {
				t.Fatalf("%s: %s", step.action, dl.Status)
			}
			order(step.action, "approved", "0.00")
			wantStock(step.action, 0, 10, 10)
		}
		dl = decode[pathDelivery](t, mustDo(t, http.StatusOK, http.MethodPost, api("deliveries", dl.ID, "ship"), keeper, map[string]any{
			"version": dl.Version, "carrier": "sf", "tracking_no": "SF1400000000001"}))
		if dl.Status != "shipped" || dl.Carrier != "sf" || dl.TrackingNo != "SF1400000000001" ||
			dl.TrackingURL != "https://www.kuaidi100.com/chaxun?com=shunfeng&nu=SF1400000000001" {
			t.Fatalf("shipped: %+v", dl)
		}
		o = order("shipped 4", "partially_shipped", "4.00")
		if o.Lines[0].OpenQty != "6.00" {
			t.Fatalf("open after shipping 4 of 10: %s", o.Lines[0].OpenQty)
		}
		wantStock("shipped 4", -4, 6, 6)

		// 4. The customer signs for 3: one unit short.
		resp, body = do(t, http.MethodPost, api("deliveries", dl.ID, "deliver"), keeper, map[string]any{"version": dl.Version,
			"received_by": "李四", "exceptions": []map[string]any{{"line_id": dl.Lines[0].ID, "short": "1"}}})
		wantProblem(t, "short without a note", resp, body, http.StatusUnprocessableEntity, "field:exceptions[0].note=field.required")
		dl = decode[pathDelivery](t, mustDo(t, http.StatusOK, http.MethodPost, api("deliveries", dl.ID, "deliver"), keeper, map[string]any{
			"version": dl.Version, "received_by": "李四", "exceptions": []map[string]any{{"line_id": dl.Lines[0].ID, "short": "1", "note": "少一箱"}}}))
		if dl.Status != "exception" || dl.Lines[0].ShortQty != "1.00" || dl.Lines[0].DamagedQty != "0.00" || dl.Lines[0].ExceptionNote != "少一箱" {
			t.Fatalf("signed one short: %+v", dl)
		}
		order("signed for", "partially_shipped", "4.00")
		wantStock("signed for", -4, 6, 6)

		// 5. A return of 1 unit: 67,800 / 10 = 6,780 back.
		rt := decode[rtJSON](t, mustDo(t, http.StatusCreated, http.MethodPost, srv.URL+"/api/v1/sales-returns", seller, map[string]any{
			"order_id": orderID, "kind": "return", "reason": "quality", "lines": []map[string]any{{"order_line_id": o.Lines[0].ID, "qty": "1"}}}))
		if rt.Status != "requested" || rt.Amount != "6780.00" || rt.Refund != nil {
			t.Fatalf("return requested: %+v", rt)
		}
		resp, body = do(t, http.MethodPost, api("sales-returns", rt.ID, "receive"), keeper, map[string]any{"version": rt.Version})
		wantProblem(t, "receive before approval", resp, body, http.StatusConflict, "sales.return.bad_status")
		rt = decode[rtJSON](t, mustDo(t, http.StatusOK, http.MethodPost, api("sales-returns", rt.ID, "approve"), manager, map[string]any{"version": rt.Version}))
		if rt.Status != "approved" {
			t.Fatalf("return approved: %s", rt.Status)
		}
		wantStock("return approved", -4, 6, 6)
		rt = decode[rtJSON](t, mustDo(t, http.StatusOK, http.MethodPost, api("sales-returns", rt.ID, "receive"), keeper, map[string]any{"version": rt.Version}))
		if rt.Status != "received" {
			t.Fatalf("return received: %s", rt.Status)
		}
		wantStock("return received", -4, 6, 6)
		if n := count(t, d, `SELECT count(*) FROM sales_refund_requests WHERE tenant_id = ? AND return_id = ?`, tid, rt.ID); n != 0 {
			t.Fatalf("%d refund requests before the inspection", n)
		}
		rt = decode[rtJSON](t, mustDo(t, http.StatusOK, http.MethodPost, api("sales-returns", rt.ID, "inspect"), keeper, map[string]any{
			"version": rt.Version, "lines": []map[string]any{{"line_id": rt.Lines[0].ID, "restock_qty": "1"}}}))
		if rt.Status != "refunded" || rt.Refund == nil || rt.Refund.Amount != "6780.00" || rt.Refund.Status != "requested" {
			t.Fatalf("return inspected: %+v (refund %+v)", rt, rt.Refund)
		}
		wantStock("restocked", -3, 6, 6)
		order("returned 1", "partially_shipped", "4.00")
		var refund struct {
			Amount   int64  `db:"amount"`
			Status   string `db:"status"`
			OrderID  int64  `db:"order_id"`
			Customer int64  `db:"customer_id"`
			Currency string `db:"currency"`
		}
		if err := q.Get(ctx, &refund, `SELECT amount, status, order_id, customer_id, currency FROM sales_refund_requests
			WHERE tenant_id = ? AND return_id = ?`, tid, rt.ID); err != nil {
			t.Fatal(err)
		}
		if refund.Amount != 6780_0000 || refund.Status != "requested" || refund.OrderID != orderID || refund.Customer != ids.C || refund.Currency != "CNY" {
			t.Fatalf("the refund request row: %+v", refund)
		}
		fin := decode[struct {
			Items []struct {
				ReturnID int64  `json:"return_id"`
				Amount   string `json:"amount"`
			} `json:"items"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/sales-refund-requests", finance, nil))
		if !slices.ContainsFunc(fin.Items, func(f struct {
			ReturnID int64  `json:"return_id"`
			Amount   string `json:"amount"`
		}) bool {
			return f.ReturnID == rt.ID && f.Amount == "6780.00"
		}) {
			t.Fatalf("finance's refund requests lack the return's: %+v", fin.Items)
		}

		// 6. Every transition, in order, in each document's audit trail.
		trail := func(recordType string, id int64, want ...string) {
			t.Helper()
			entries := auditLog(t, srv, admin, fmt.Sprintf("record_type=%s&record_id=%d", recordType, id))
			var got []string
			for i := len(entries) - 1; i >= 0; i-- { // the log is newest first
				got = append(got, strings.TrimPrefix(entries[i].Action, recordType+"."))
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s %d audit trail:\n got %v\nwant %v", recordType, id, got, want)
			}
		}
		trail("sales_quote", qt.ID, "create", "approval_submit", "submit", "approval_approve", "approve", "send", "accept")
		trail("sales_order", orderID, "create", "approval_submit", "submit", "approval_approve", "approval_approve", "approve", "ship")
		trail("sales_delivery", dl.ID, "create", "pick", "pack", "ship", "deliver")
		trail("sales_return", rt.ID, "create", "approve", "receive", "inspect")
	})
}
