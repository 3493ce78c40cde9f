package app_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/pdf/pdftest"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

type doJSON struct {
	ID          int64  `json:"id"`
	Number      string `json:"number"`
	Status      string `json:"status"`
	CustomerID  int64  `json:"customer_id"`
	TrackingURL string `json:"tracking_url"`
	Version     int    `json:"version"`
	Lines       []struct {
		ID int64 `json:"id"`
	} `json:"lines"`
}

// The demo has a shipped and a signed-for delivery. The warehouse keeper
// prints the shipped one's delivery note and picking list: PDFs whose text
// holds the Chinese customer name and the number; its page links the
// carrier's tracking page; picking it again is 409 with the status; the
// salesperson may read it but not act (403).
func TestDeliveryAPIAndPrintouts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		ctx := context.Background()
		tid := tenantID(t, d, "demo")
		q := db.Tenant(d.Read(), tid)
		var statuses []string
		if err := q.Select(ctx, &statuses, `SELECT status FROM sales_deliveries WHERE tenant_id = ? ORDER BY id`, tid); err != nil ||
			strings.Join(statuses, ",") != "shipped,delivered" {
			t.Fatalf("the demo's deliveries: %v %v", statuses, err)
		}
		keeper := login(t, srv, "demo", "warehouse", app.DemoPassword)
		seller := login(t, srv, "demo", "sales", app.DemoPassword)
		list := decode[struct {
			Items []doJSON `json:"items"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/deliveries?status=shipped", keeper, nil))
		if len(list.Items) != 1 || !strings.HasPrefix(list.Items[0].Number, "DO") ||
			list.Items[0].TrackingURL != "https://www.kuaidi100.com/chaxun?com=shunfeng&nu=SF1400236789012" {
			t.Fatalf("shipped deliveries: %+v", list.Items)
		}
		dl := list.Items[0]
		var customer string
		if err := q.Get(ctx, &customer, `SELECT name FROM customers WHERE tenant_id = ? AND id = ?`, tid, dl.CustomerID); err != nil {
			t.Fatal(err)
		}
		if !strings.ContainsFunc(customer, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Fatalf("the demo customer %q has no Chinese name", customer)
		}
		for _, doc := range []string{"note", "picking"} {
			resp, body := do(t, http.MethodGet, fmt.Sprintf("%s/sales/deliveries/%d/%s.pdf", srv.URL, dl.ID, doc), keeper, nil)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
				t.Fatalf("%s.pdf: %d %s", doc, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			text := pdftest.Text(t, body)
			if !strings.Contains(text, customer) || !strings.Contains(text, dl.Number) {
				t.Fatalf("%s.pdf lacks %q or %s:\n%s", doc, customer, dl.Number, text)
			}
		}
		resp, body := do(t, http.MethodGet, fmt.Sprintf("%s/sales/deliveries/%d", srv.URL, dl.ID), keeper, nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `href="https://www.kuaidi100.com/chaxun?com=shunfeng&amp;nu=SF1400236789012"`) ||
			strings.Contains(string(body), `data-testid="do-pick"`) || !strings.Contains(string(body), `data-testid="do-deliver-form"`) {
			t.Fatalf("the delivery page: %d\n%s", resp.StatusCode, body)
		}
		item := fmt.Sprintf("%s/api/v1/deliveries/%d", srv.URL, dl.ID)
		resp, body = do(t, http.MethodPost, item+"/pick", keeper, map[string]any{"version": dl.Version})
		wantProblem(t, "pick a shipped delivery", resp, body, http.StatusConflict, "sales.delivery.bad_status")
		resp, body = do(t, http.MethodPost, item+"/deliver", seller, map[string]any{"version": dl.Version})
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("the seller signing: %d %s", resp.StatusCode, body)
		}
		full := decode[doJSON](t, mustDo(t, http.StatusOK, http.MethodGet, item, keeper, nil))
		got := decode[doJSON](t, mustDo(t, http.StatusOK, http.MethodPost, item+"/deliver", keeper, map[string]any{"version": full.Version,
			"received_by": "张三", "exceptions": []map[string]any{{"line_id": full.Lines[0].ID, "damaged": "1", "note": "外箱破损"}}}))
		if got.Status != "exception" {
			t.Fatalf("signed with a damaged line: %s", got.Status)
		}
	})
}
