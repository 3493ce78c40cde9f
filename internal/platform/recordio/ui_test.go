package recordio_test

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

var uploadID = regexp.MustCompile(`name="upload" value="(\d+)"`)

// mappingForm is the check/commit form of a report page, as the browser
// would post it: the upload, each header with its selected field (or
// replaced by over).
func mappingForm(t *testing.T, page []byte, over map[string]string) []byte {
	t.Helper()
	m := uploadID.FindSubmatch(page)
	if m == nil {
		t.Fatalf("no upload id in %.500s", page)
	}
	v := url.Values{"upload": {string(m[1])}}
	rows := regexp.MustCompile(`(?s)<input type="hidden" name="header" value="([^"]*)">.*?</select>`).FindAllSubmatch(page, -1)
	for _, r := range rows {
		h := string(r[1])
		sel := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindSubmatch(r[0])
		f := ""
		if sel != nil {
			f = string(sel[1])
		}
		if o, ok := over[h]; ok {
			f = o
		}
		v.Add("header", h)
		v.Add("field", f)
	}
	return []byte(v.Encode())
}

const form = "application/x-www-form-urlencoded"

// TestImportPages: upload → report with the mapping → commit; a bad row
// listed with the commit disabled; a mapping changed on the page.
func TestImportPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		s := newServer(t, d)
		a := s.page("GET", "/md/gadgets/import", "boss", "", nil)
		if a.status != 200 || !bytes.Contains(a.body, []byte(`data-testid="import-upload"`)) ||
			!bytes.Contains(a.body, []byte(`/md/gadgets/import/template?format=xlsx`)) {
			t.Fatalf("import page: %d %.300s", a.status, a.body)
		}
		ct, body := multipartBody(t, "客户.csv", csv("编码,名称,来源", "P1,页面客户,网站"))
		a = s.page("POST", "/md/gadgets/import", "boss", ct, body)
		if a.status != 200 || !bytes.Contains(a.body, []byte(`data-testid="import-ok"`)) || bytes.Contains(a.body, []byte("disabled data-testid=\"import-commit\"")) {
			t.Fatalf("upload: %d %s", a.status, a.body)
		}
		if len(s.codes(s.admin)) != 0 {
			t.Fatal("the upload's check wrote")
		}
		a = s.page("POST", "/md/gadgets/import/commit", "boss", form, mappingForm(t, a.body, nil))
		if a.status != 200 || !bytes.Contains(a.body, []byte(`data-testid="import-done"`)) || len(s.codes(s.admin)) != 1 {
			t.Fatalf("commit: %d %s", a.status, a.body)
		}
		var n int
		_ = d.Read().Get(t.Context(), &n, `SELECT count(*) FROM import_uploads`)
		if n != 0 {
			t.Errorf("%d uploads kept after the commit", n)
		}

		// A bad row: listed by row and field, nothing to commit.
		ct, body = multipartBody(t, "bad.csv", csv("编码,名称,邮箱", "P2,好的,", "P3,坏的,not-mail"))
		a = s.page("POST", "/md/gadgets/import", "boss", ct, body)
		if a.status != 422 || !bytes.Contains(a.body, []byte(`data-row="3" data-field="email"`)) ||
			!bytes.Contains(a.body, []byte(`disabled data-testid="import-commit"`)) {
			t.Errorf("bad row: %d %s", a.status, a.body)
		}

		// Headers the type does not know, mapped on the page.
		ct, body = multipartBody(t, "odd.csv", csv("客户号,客户全称", "P4,改了映射"))
		a = s.page("POST", "/md/gadgets/import", "boss", ct, body)
		if a.status != 422 || !bytes.Contains(a.body, []byte("import.missing_column")) && !bytes.Contains(a.body, []byte("缺少必需的列")) {
			t.Errorf("unknown headers: %d %.2000s", a.status, a.body)
		}
		a = s.page("POST", "/md/gadgets/import/check", "boss", form, mappingForm(t, a.body, map[string]string{"客户号": "code", "客户全称": "name"}))
		if a.status != 200 || !bytes.Contains(a.body, []byte(`data-testid="import-ok"`)) {
			t.Fatalf("remapped check: %d %s", a.status, a.body)
		}
		a = s.page("POST", "/md/gadgets/import/commit", "boss", form, mappingForm(t, a.body, nil))
		if a.status != 200 || !strings.Contains(strings.Join(s.codes(s.admin), ","), "P4") {
			t.Errorf("remapped commit: %d %s", a.status, a.body)
		}

		// Not a spreadsheet: the upload form again, with the reason.
		ct, body = multipartBody(t, "old.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0})
		a = s.page("POST", "/md/gadgets/import", "boss", ct, body)
		if a.status != 422 || !bytes.Contains(a.body, []byte(`data-testid="import-alert"`)) {
			t.Errorf("xls: %d %s", a.status, a.body)
		}
		if a = s.page("GET", "/md/gadgets/import", "viewer", "", nil); a.status != 403 {
			t.Errorf("read-only user's import page: %d", a.status)
		}
	}, migrations()...)
}

// TestImportPageJob: a large file shows a progress block that htmx polls
// until it turns into the report, then into the result.
func TestImportPageJob(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		s := newServer(t, d)
		s.io.SyncMax = 3
		lines := []string{"编码,名称"}
		for i := 0; i < 8; i++ {
			lines = append(lines, fmt.Sprintf("Q%d,后台%d", i, i))
		}
		ct, body := multipartBody(t, "big.csv", csv(lines...))
		a := s.page("POST", "/md/gadgets/import", "boss", ct, body)
		poll := regexp.MustCompile(`hx-get="(/md/gadgets/import/job\?id=\d+)" hx-trigger="every 1s"`)
		wait := func(a answer, want string) answer {
			t.Helper()
			m := poll.FindSubmatch(a.body)
			if a.status != 202 || m == nil || !bytes.Contains(a.body, []byte("<progress")) {
				t.Fatalf("job page: %d %s", a.status, a.body)
			}
			for end := time.Now().Add(time.Minute); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
				a = s.page("GET", string(m[1]), "boss", "", nil, "import-job")
				if !bytes.Contains(a.body, []byte("<progress")) {
					break
				}
			}
			if !bytes.Contains(a.body, []byte(want)) || bytes.Contains(a.body, []byte("<html")) {
				t.Fatalf("polled fragment: %d %s", a.status, a.body)
			}
			return a
		}
		a = wait(a, `data-testid="import-ok"`)
		a = s.page("POST", "/md/gadgets/import/commit", "boss", form, mappingForm(t, a.body, nil))
		wait(a, `data-testid="import-done"`)
		if n := len(s.codes(s.admin)); n != 8 {
			t.Errorf("%d records after the job", n)
		}
	}, migrations()...)
}

// TestExportPage: the list's export link streams what the list shows;
// list parameters that are no filter are ignored.
func TestExportPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		s := newServer(t, d)
		s.seedExport()
		a := s.page("GET", "/md/gadgets/export?format=xlsx&vip=true&sort=code&cols=code,name&page=2", "boss", "", nil)
		tbl, err := importer.Read(bytes.NewReader(a.body), "x.xlsx")
		if a.status != 200 || err != nil || len(tbl.Rows) != 2 || tbl.Rows[1][0] != "E3" {
			t.Errorf("export: %d %v %v", a.status, tbl.Rows, err)
		}
		a = s.page("GET", "/md/gadgets/import/template?format=csv", "boss", "", nil)
		if tbl, err = importer.Read(bytes.NewReader(a.body), "t.csv"); a.status != 200 || err != nil || tbl.Headers[1] != "名称*" {
			t.Errorf("template: %d %v %v", a.status, tbl.Headers, err)
		}
		if a = s.page("GET", "/md/gadgets/export", "viewer", "", nil); a.status != 403 {
			t.Errorf("export without the permission: %d", a.status)
		}
	}, migrations()...)
}
