package recordio_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/jobs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/recordio"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// seedExport imports the export tests' records: three in acme (two VIP,
// one of them the seller's), one VIP in beta.
func (e *env) seedExport() {
	e.t.Helper()
	if _, err := e.imp(e.admin, e.groups, "g.csv", []byte(groupsCSV), recordio.Options{}); err != nil {
		e.t.Fatal(err)
	}
	file := csv("编码,名称,类型,电话,信用额度,开始日期,重要,来源,标签,分组,客服,负责人",
		"E1,杭州星辰科技,单位,13800138000,1000.5,2026-03-01,是,网站,\"大客户,新客户\",G11,seller,seller",
		"E2,普通客户,个人,,,,否,,,,,",
		"E3,=SUM(A1),单位,,,,是,fair,,华东区,,")
	if _, err := e.imp(e.admin, e.gadgets, "e.csv", file, recordio.Options{}); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.imp(e.rival, e.gadgets, "b.csv", csv("编码,名称,重要", "B1,别家客户,是"), recordio.Options{}); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) export(format, lang string, lq list.Query, as ...any) (importer.Table, []byte) {
	e.t.Helper()
	sc := e.admin
	if len(as) > 0 {
		sc = e.scopeArg(as[0])
	}
	var buf bytes.Buffer
	if err := e.io.Export(context.Background(), &buf, sc, e.gadgets, lq, format, lang); err != nil {
		e.t.Fatalf("export: %v", err)
	}
	tbl, err := importer.Read(bytes.NewReader(buf.Bytes()), "x."+format)
	if err != nil {
		e.t.Fatalf("read the export back: %v", err)
	}
	return tbl, buf.Bytes()
}

// TestExport: the export streams exactly what the filter selects within
// the caller's tenant and data scope, in CSV and XLSX, with the template's
// columns in the user's language, values people read, and it imports back
// as updates.
func TestExport(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.seedExport()
		vip := list.Query{Filters: map[string]string{"vip": "true"}, Sort: "code"}
		for _, format := range []string{"csv", "xlsx"} {
			tbl, raw := e.export(format, "zh-CN", vip)
			wantHead := []string{"编码", "名称", "类型", "电话", "邮箱", "信用额度", "开始日期", "重要", "来源", "标签", "分组", "客服", "备注", "负责人"}
			if !slices.Equal(tbl.Headers, wantHead) {
				t.Errorf("%s headers %v", format, tbl.Headers)
			}
			var got []string
			for _, r := range tbl.Rows {
				got = append(got, strings.Join(r, "|"))
			}
			want := []string{
				"E1|杭州星辰科技|单位|13800138000||1000.50|2026-03-01|是|网站|大客户, 新客户|G11|销售甲||销售甲",
				"E3|=SUM(A1)|单位|||||是|展会||G1|||老板",
			}
			if format == "csv" {
				want[1] = "E3|'=SUM(A1)|单位|||||是|展会||G1|||老板" // the formula guard, undone on import
				if !bytes.HasPrefix(raw, []byte("\uFEFF")) {
					t.Error("CSV without BOM")
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s rows:\n%s\nwant\n%s", format, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
		// English headers and labels.
		tbl, _ := e.export("csv", "en", vip)
		if tbl.Headers[0] != "Code" || tbl.Rows[0][2] != "Organisation" || tbl.Rows[0][7] != "yes" || tbl.Rows[0][8] != "Website" {
			t.Errorf("en export %v %v", tbl.Headers, tbl.Rows[0])
		}
		// It imports back: every row an update, nothing else changes.
		_, raw := e.export("xlsx", "zh-CN", list.Query{})
		before := e.find(e.admin, "E1")
		res, err := e.imp(e.admin, e.gadgets, "back.xlsx", raw, recordio.Options{})
		if err != nil || res.Updated != 3 || res.Created != 0 {
			t.Fatalf("re-import: %+v %v", res, err)
		}
		after := e.find(e.admin, "E1")
		for k, v := range before.Values {
			if fmt.Sprint(after.Values[k]) != fmt.Sprint(v) {
				t.Errorf("re-import changed %s: %v → %v", k, v, after.Values[k])
			}
		}
		// A salesman exports his own records only, phones masked.
		tbl, _ = e.export("csv", "zh-CN", list.Query{}, "seller")
		if len(tbl.Rows) != 1 || tbl.Rows[0][0] != "E1" || tbl.Rows[0][3] == "13800138000" {
			t.Errorf("seller's export %v", tbl.Rows)
		}
		// Audited with the filter and the count.
		var changes []string
		q := db.Tenant(d.Read(), e.admin.Tenant())
		if err := q.Select(ctx, &changes, `SELECT changes FROM audit_log WHERE tenant_id = ? AND action = 'gadgets.export' ORDER BY id`, q.Tenant); err != nil {
			t.Fatal(err)
		}
		if len(changes) != 5 || !strings.Contains(changes[0], `"vip":"true"`) || !strings.Contains(changes[0], `"rows","before":null,"after":2`) {
			t.Errorf("audit %v", changes)
		}
		if err := e.io.Export(ctx, &bytes.Buffer{}, e.viewer, e.gadgets, list.Query{}, "csv", "zh-CN"); errs.KindOf(err) != errs.KindForbidden {
			t.Errorf("export without gadgets.export: %v", err)
		}
		if err := e.io.Export(ctx, &bytes.Buffer{}, e.admin, e.gadgets, list.Query{}, "pdf", "zh-CN"); errs.KindOf(err) != errs.KindInvalid {
			t.Errorf("unknown format: %v", err)
		}
	}, migrations()...)
}

func (e *env) scopeArg(a any) tenant.Scope {
	switch a {
	case "seller":
		return e.seller
	}
	e.t.Fatalf("no scope %v", a)
	return e.admin
}

// TestTemplate: headers in the user's language with required ones marked,
// an example row that an untouched template's import skips.
func TestTemplate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for _, format := range []string{"csv", "xlsx"} {
			var buf bytes.Buffer
			if err := e.io.Template(&buf, e.gadgets, format, "en"); err != nil {
				t.Fatal(err)
			}
			tbl, err := importer.Read(bytes.NewReader(buf.Bytes()), "t."+format)
			if err != nil {
				t.Fatal(err)
			}
			if tbl.Headers[0] != "Code*" || tbl.Headers[1] != "Name*" || tbl.Headers[2] != "Kind" || len(tbl.Rows) != 1 || tbl.Rows[0][0] != "C0001" {
				t.Errorf("%s template %v %v", format, tbl.Headers, tbl.Rows)
			}
			res, err := e.imp(e.admin, e.gadgets, "t."+format, buf.Bytes(), recordio.Options{})
			if err != nil || res.Rows != 0 || res.Created != 0 {
				t.Errorf("untouched %s template: %+v %v", format, res, err)
			}
		}
	}, migrations()...)
}

// TestImportJob: a file over SyncMax rows runs as a job with progress; its
// result is the report, and a file with a bad row fails it with the rows.
func TestImportJob(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.io.SyncMax = 5
		lines := []string{"编码,名称"}
		for i := 1; i <= 12; i++ {
			lines = append(lines, fmt.Sprintf("J%02d,任务客户%d", i, i))
		}
		_, j, err := e.io.Import(ctx, e.admin, e.gadgets, recordio.Upload{Filename: "big.csv", Data: csv(lines...)}, recordio.Options{Lang: "zh-CN"})
		if err != nil || j == nil {
			t.Fatalf("no job: %v", err)
		}
		done, err := e.jobs.Wait(ctx, e.admin, j.ID, time.Minute)
		if err != nil || done.Status != jobs.StatusDone || done.Done != 12 || done.Total != 12 {
			t.Fatalf("job %+v %v", done, err)
		}
		var res recordio.Result
		if err := json.Unmarshal(done.Result, &res); err != nil || res.Created != 12 || !res.Committed {
			t.Errorf("job result %s %v", done.Result, err)
		}
		if n := len(e.codes(e.admin)); n != 12 {
			t.Errorf("%d records after the job", n)
		}
		lines[7] = "J07,"
		_, j, err = e.io.Import(ctx, e.admin, e.gadgets, recordio.Upload{Filename: "big.csv", Data: csv(lines...)}, recordio.Options{Lang: "en"})
		if err != nil || j == nil {
			t.Fatalf("no job: %v", err)
		}
		failed, err := e.jobs.Wait(ctx, e.admin, j.ID, time.Minute)
		if err != nil || failed.Status != jobs.StatusFailed || failed.ErrorCode != "import.rejected" {
			t.Fatalf("job with a bad row: %+v %v", failed, err)
		}
		res = recordio.Result{}
		if err := json.Unmarshal(failed.Result, &res); err != nil || len(res.Problems) != 1 || res.Problems[0].Row != 8 ||
			res.Problems[0].Field != "name" || res.Problems[0].Message != "Required" {
			t.Errorf("failed job's report %s %v", failed.Result, err)
		}
	}, migrations()...)
}

func TestCatalog(t *testing.T) {
	cat, err := i18n.New(recordio.Locales())
	if err != nil {
		t.Fatal(err)
	}
	i18n.CheckComplete(t, cat)
}
