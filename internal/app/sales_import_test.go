package app_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type soImportJSON struct {
	Format          string `json:"format"`
	DryRun          bool   `json:"dry_run"`
	Committed       bool   `json:"committed"`
	Created         int    `json:"created"`
	AlreadyImported int    `json:"already_imported"`
	Orders          []struct {
		Ref    string `json:"ref"`
		Status string `json:"status"`
		ID     int64  `json:"id"`
		Total  string `json:"total"`
	} `json:"orders"`
}

// multipartFile is a form with the file field and the other fields given.
func multipartFile(t *testing.T, name string, data []byte, fields ...string) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(fields); i += 2 {
		if err := mw.WriteField(fields[i], fields[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if data != nil {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(data)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), buf.Bytes()
}

// The salesperson imports orders through the API and the page: the
// template's headers follow the language; a dry run (raw XML) creates
// nothing; the commit (multipart CSV) creates the order with channel
// import and its ref; importing again creates nothing; a bad row answers 422
// naming row and field in the caller's language; the page checks, then
// commits the file it carried.
func TestSalesOrderImport(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		tid := tenantID(t, d, "demo")
		var ref struct {
			C string `db:"c"`
			W string `db:"w"`
			P string `db:"p"`
		}
		q := db.Tenant(d.Read(), tid)
		if err := q.Get(context.Background(), &ref, `SELECT
			(SELECT min(code) FROM customers WHERE tenant_id = ? AND NOT blacklisted
				AND owner_id = (SELECT id FROM users WHERE tenant_id = ? AND username = 'sales')) AS c,
			(SELECT min(code) FROM warehouses WHERE tenant_id = ?) AS w,
			(SELECT min(sku) FROM products WHERE tenant_id = ? AND type = 'goods' AND active) AS p`, tid, tid, tid, tid); err != nil {
			t.Fatal(err)
		}
		seller := login(t, srv, "demo", "sales", app.DemoPassword)
		url := srv.URL + "/api/v1/sales-orders/import"
		imported := func() int {
			return count(t, d, `SELECT count(*) FROM sales_orders WHERE tenant_id = ? AND channel = 'import'`, tid)
		}

		for lang, header := range map[string]string{"zh-CN": "外部单号", "en": "External reference"} {
			resp, body := doH(t, http.MethodGet, srv.URL+"/api/v1/sales-orders/import-template?format=csv",
				http.Header{"Authorization": {"Bearer " + seller}, "Accept-Language": {lang}}, nil)
			if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), header) {
				t.Errorf("template in %s: %d %s", lang, resp.StatusCode, body)
			}
		}

		xml := fmt.Sprintf(`<orders><order ref="API-1"><customer code="%s"/><date>2026-11-23</date><warehouse code="%s"/>
			<lines><line product="%s" qty="2" price="10.50"/></lines></order></orders>`, ref.C, ref.W, ref.P)
		resp, body := doH(t, http.MethodPost, url+"?dry_run=true", http.Header{"Authorization": {"Bearer " + seller},
			"Content-Type": {"application/xml"}}, xml)
		dry := decode[soImportJSON](t, body)
		if resp.StatusCode != http.StatusOK || dry.Format != "xml" || !dry.DryRun || dry.Committed || dry.Created != 1 ||
			len(dry.Orders) != 1 || dry.Orders[0].Status != "new" || imported() != 0 {
			t.Fatalf("dry run: %d %s", resp.StatusCode, body)
		}

		csv := fmt.Sprintf("external_ref,customer,order_date,warehouse,product,qty,price\nAPI-1,%s,2026-11-23,%s,%s,2,10.50\n", ref.C, ref.W, ref.P)
		ct, form := multipartFile(t, "orders.csv", []byte(csv))
		resp, body = doH(t, http.MethodPost, url, http.Header{"Authorization": {"Bearer " + seller}, "Content-Type": {ct}}, form)
		done := decode[soImportJSON](t, body)
		if resp.StatusCode != http.StatusOK || !done.Committed || done.Created != 1 || done.Orders[0].Status != "created" ||
			done.Orders[0].Total != dry.Orders[0].Total || imported() != 1 {
			t.Fatalf("commit: %d %s", resp.StatusCode, body)
		}
		o := decode[struct {
			soJSON
			ExternalRef string `json:"external_ref"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, fmt.Sprintf("%s/api/v1/sales-orders/%d", srv.URL, done.Orders[0].ID), seller, nil))
		if o.Channel != "import" || o.ExternalRef != "API-1" || o.Status != "draft" || o.Total != dry.Orders[0].Total {
			t.Errorf("imported order %+v", o)
		}

		// Again, as XML: nothing new.
		resp, body = doH(t, http.MethodPost, url, http.Header{"Authorization": {"Bearer " + seller}, "Content-Type": {"application/xml"}}, xml)
		again := decode[soImportJSON](t, body)
		if resp.StatusCode != http.StatusOK || again.Created != 0 || again.AlreadyImported != 1 || imported() != 1 {
			t.Fatalf("again: %d %s", resp.StatusCode, body)
		}

		bad := csv + fmt.Sprintf("API-2,%s,2026-11-23,%s,%s,two,1\n", ref.C, ref.W, ref.P)
		msgs := map[string]string{}
		for _, lang := range []string{"zh-CN", "en"} {
			resp, body = doH(t, http.MethodPost, url, http.Header{"Authorization": {"Bearer " + seller}, "Content-Type": {"text/csv"},
				"Accept-Language": {lang}}, bad)
			p := wantProblem(t, "a bad quantity", resp, body, http.StatusUnprocessableEntity, "field:rows[3].qty=field.not_number")
			for _, e := range p.Errors {
				msgs[lang] = e.Message
			}
		}
		if msgs["zh-CN"] == "" || msgs["en"] == "" || msgs["zh-CN"] == msgs["en"] || imported() != 1 {
			t.Errorf("messages %v, orders %d", msgs, imported())
		}

		// The page: check, then commit what the report carried.
		h := http.Header{"Cookie": {web.SessionCookie + "=" + seller}, "X-CSRF-Token": {web.CSRFForToken(seller)}}
		resp, body = doH(t, http.MethodGet, srv.URL+"/sales/orders/import", h, nil)
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `data-testid="so-import-upload"`) {
			t.Fatalf("page: %d %.300s", resp.StatusCode, body)
		}
		pageCSV := strings.Replace(csv, "API-1", "PAGE-1", 1)
		ct, form = multipartFile(t, "orders.csv", []byte(pageCSV), "action", "check")
		h.Set("Content-Type", ct)
		resp, body = doH(t, http.MethodPost, srv.URL+"/sales/orders/import", h, form)
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `data-testid="so-import-ok"`) ||
			!strings.Contains(string(body), `name="carry"`) || imported() != 1 {
			t.Fatalf("page check: %d %s", resp.StatusCode, body)
		}
		carry := between(string(body), `name="carry" value="`, `"`)
		ct, form = multipartFile(t, "", nil, "action", "commit", "filename", "orders.csv", "carry", carry)
		h.Set("Content-Type", ct)
		resp, body = doH(t, http.MethodPost, srv.URL+"/sales/orders/import", h, form)
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `data-testid="so-import-done"`) || imported() != 2 {
			t.Fatalf("page commit: %d %s", resp.StatusCode, body)
		}
		// A bad file: the report names the row and the reason.
		ct, form = multipartFile(t, "bad.csv", []byte(strings.Replace(bad, "API-", "PAGE-B", -1)), "action", "check")
		h.Set("Content-Type", ct)
		resp, body = doH(t, http.MethodPost, srv.URL+"/sales/orders/import", h, form)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), `data-row="3"`) || imported() != 2 {
			t.Fatalf("page with a bad row: %d %s", resp.StatusCode, body)
		}
	})
}

func between(s, from, to string) string {
	_, rest, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(rest, to)
	return v
}
