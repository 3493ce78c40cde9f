package recordio_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/jobs"
	"github.com/taihe-erp/taihe/internal/platform/recordio"
	"github.com/taihe-erp/taihe/internal/platform/recordtest"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// server is a minimal HTTP server with the import/export API and pages.
type server struct {
	*env
	url   string
	srv   *web.Server
	token map[string]string // username → session token
}

func newServer(t *testing.T, d *db.DB) *server {
	t.Helper()
	e := newEnv(t, d)
	srv := e.w.Server(recordio.Views())
	api := web.NewAPI(srv, "test")
	recordio.RegisterAPI(api, srv, e.io)
	recordio.RegisterUI(srv, e.io)
	jobs.RegisterAPI(api, srv, e.jobs)
	s := &server{env: e, url: e.w.Serve(srv).URL, srv: srv, token: map[string]string{}}
	for _, user := range []string{"boss", "seller", "viewer"} {
		s.token[user] = e.w.Login("acme", user)
	}
	s.token["rival"] = e.w.Login("beta", "boss")
	return s
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("decode %.300s: %v", a.body, err)
	}
}

// api calls the JSON API as user with a bearer token.
func (s *server) api(method, path, user, contentType string, body []byte) answer {
	s.t.Helper()
	req, err := http.NewRequest(method, s.url+path, bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+s.token[user])
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return s.do(req)
}

// page calls a page as user with the session cookie (and its CSRF token).
func (s *server) page(method, path, user, contentType string, body []byte, hx ...string) answer {
	s.t.Helper()
	req, err := http.NewRequest(method, s.url+path, bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Cookie", web.SessionCookie+"="+s.token[user])
	req.Header.Set("X-CSRF-Token", web.CSRFForToken(s.token[user]))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if len(hx) > 0 {
		req.Header.Set("HX-Request", "true")
		req.Header.Set("HX-Target", hx[0])
	}
	return s.do(req)
}

func (s *server) do(req *http.Request) answer {
	s.t.Helper()
	a := recordtest.Do(s.t, &http.Client{Timeout: time.Minute, CheckRedirect: recordtest.NoRedirect}, req)
	return answer{status: a.Status, header: a.Header, body: a.Body}
}

// multipartBody builds a form with a file and plain fields.
func multipartBody(t *testing.T, filename string, file []byte, fields ...string) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		if err := w.WriteField(fields[i], fields[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if file != nil {
		fw, err := w.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(file)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), b.Bytes()
}

// TestImportAPI: multipart and raw uploads, the dry run, the 422 with every
// row's problems, and the 202 job a large file becomes.
func TestImportAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		s := newServer(t, d)
		file := csv("编码,名称,来源", "A1,甲公司,网站", "A2,乙公司,展会")
		ct, body := multipartBody(t, "客户.csv", file, "dry_run", "true")
		a := s.api("POST", "/api/v1/gadgets/import", "boss", ct, body)
		var res recordio.Result
		a.json(t, &res)
		if a.status != 200 || !res.DryRun || res.Created != 2 || res.Committed || len(s.codes(s.admin)) != 0 {
			t.Fatalf("dry run: %d %s", a.status, a.body)
		}
		a = s.api("POST", "/api/v1/gadgets/import", "boss", "text/csv", file)
		res = recordio.Result{}
		a.json(t, &res)
		if a.status != 200 || !res.Committed || res.Created != 2 {
			t.Fatalf("raw commit: %d %s", a.status, a.body)
		}

		bad := csv("code,name,email", "Z1,ok,", "Z2,,x@y.cn", "Z3,bad,not-mail")
		a = s.api("POST", "/api/v1/gadgets/import?dry_run=true", "boss", "text/csv", bad)
		var p web.Problem
		a.json(t, &p)
		var fields []string
		for _, e := range p.Errors {
			fields = append(fields, e.Field+"="+e.Code)
			if e.Message == "" || e.Message == e.Code {
				t.Errorf("untranslated %+v", e)
			}
		}
		if a.status != 422 || p.Code != "import.rejected" || strings.Join(fields, " ") != "rows[3].name=field.required rows[4].email=field.invalid_email" {
			t.Errorf("bad rows: %d %s", a.status, a.body)
		}
		// A mapping as JSON in the query.
		a = s.api("POST", "/api/v1/gadgets/import?mapping="+url.QueryEscape(`{"号":"code","称":"name"}`), "boss", "text/csv", csv("号,称", "M1,映射"))
		if a.status != 200 {
			t.Errorf("mapped import: %d %s", a.status, a.body)
		}
		// XLSX as the raw body.
		var x bytes.Buffer
		w, _ := importer.NewWriter(&x, "xlsx", []string{"Code", "Name"})
		_ = w.Write([]string{"X9", "Excel"})
		_ = w.Close()
		if a = s.api("POST", "/api/v1/gadgets/import", "boss", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", x.Bytes()); a.status != 200 {
			t.Errorf("xlsx body: %d %s", a.status, a.body)
		}
		if a = s.api("POST", "/api/v1/gadgets/import", "viewer", "text/csv", file); a.status != 403 {
			t.Errorf("read-only user: %d", a.status)
		}
		if a = s.api("POST", "/api/v1/gadgets/import", "", "text/csv", file); a.status != 401 {
			t.Errorf("no session: %d", a.status)
		}

		// A large file: 202, then the job.
		s.io.SyncMax = 3
		lines := []string{"编码,名称"}
		for i := 0; i < 10; i++ {
			lines = append(lines, fmt.Sprintf("L%02d,大文件%d", i, i))
		}
		a = s.api("POST", "/api/v1/gadgets/import", "boss", "text/csv", csv(lines...))
		var jv jobs.View
		a.json(t, &jv)
		loc := a.header.Get("Location")
		if a.status != 202 || loc != fmt.Sprintf("/api/v1/jobs/%d", jv.ID) || jv.Kind != recordio.JobKind {
			t.Fatalf("large file: %d %s %s", a.status, loc, a.body)
		}
		for end := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
			a = s.api("GET", loc, "boss", "", nil)
			jv = jobs.View{}
			a.json(t, &jv)
			if jv.Finished() || time.Now().After(end) {
				break
			}
		}
		res = recordio.Result{}
		if err := json.Unmarshal(jv.Result, &res); err != nil || jv.Status != jobs.StatusDone || jv.Total != 10 || res.Created != 10 {
			t.Errorf("job: %s", a.body)
		}
		if a = s.api("GET", loc, "seller", "", nil); a.status != 404 {
			t.Errorf("another user's job: %d", a.status)
		}
		if a = s.api("GET", loc, "rival", "", nil); a.status != 404 {
			t.Errorf("another tenant's job: %d", a.status)
		}
	}, migrations()...)
}

// TestExportAPI: the filtered list streamed as CSV or XLSX, the template,
// and the refusals.
func TestExportAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		s := newServer(t, d)
		s.seedExport()
		a := s.api("GET", "/api/v1/gadgets/export?format=csv&vip=true&sort=code", "boss", "", nil)
		tbl, err := importer.Read(bytes.NewReader(a.body), "x.csv")
		if a.status != 200 || err != nil || !strings.HasPrefix(a.header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(a.header.Get("Content-Disposition"), "attachment") || len(tbl.Rows) != 2 || tbl.Rows[0][0] != "E1" {
			t.Errorf("csv export: %d %v %v %v", a.status, a.header, tbl.Rows, err)
		}
		a = s.api("GET", "/api/v1/gadgets/export?format=xlsx", "rival", "", nil)
		tbl, err = importer.Read(bytes.NewReader(a.body), "x.xlsx")
		if a.status != 200 || err != nil || len(tbl.Rows) != 1 || tbl.Rows[0][0] != "B1" {
			t.Errorf("another tenant's export: %d %v %v", a.status, tbl.Rows, err)
		}
		if a = s.api("GET", "/api/v1/gadgets/export?colour=red", "boss", "", nil); a.status != 422 {
			t.Errorf("unknown filter: %d %s", a.status, a.body)
		}
		if a = s.api("GET", "/api/v1/gadgets/export?format=pdf", "boss", "", nil); a.status != 422 {
			t.Errorf("unknown format: %d %s", a.status, a.body)
		}
		if a = s.api("GET", "/api/v1/gadgets/export", "viewer", "", nil); a.status != 403 {
			t.Errorf("export without the permission: %d", a.status)
		}
		a = s.api("GET", "/api/v1/gadgets/import-template?format=xlsx", "boss", "", nil)
		tbl, err = importer.Read(bytes.NewReader(a.body), "t.xlsx")
		if a.status != 200 || err != nil || tbl.Headers[0] != "编码*" {
			t.Errorf("template: %d %v %v", a.status, tbl.Headers, err)
		}
	}, migrations()...)
}

// TestOpenAPIListsEveryRoute: each registered API operation is in the
// OpenAPI document, as the application's route walk requires.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		s := newServer(t, d)
		var doc struct {
			Paths map[string]map[string]json.RawMessage `json:"paths"`
		}
		s.api("GET", "/api/openapi.json", "", "", nil).json(t, &doc)
		var inDoc, inReg []string
		for p, ops := range doc.Paths {
			for m := range ops {
				inDoc = append(inDoc, strings.ToUpper(m)+" "+p)
			}
		}
		for _, rt := range s.srv.Routes() {
			if rt.API && strings.HasPrefix(rt.Path, "/api/v1/") {
				inReg = append(inReg, rt.Method+" "+rt.Path)
			}
		}
		sort.Strings(inDoc)
		sort.Strings(inReg)
		if strings.Join(inDoc, "\n") != strings.Join(inReg, "\n") || len(inReg) != 10 {
			t.Errorf("openapi %v\nregistry %v", inDoc, inReg)
		}
	}, migrations()...)
}
