package recordio_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/recordio"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// imp imports data into t as sc, in the request (no job expected).
func (e *env) imp(sc tenant.Scope, t *records.Type, name string, data []byte, opt recordio.Options) (recordio.Result, error) {
	e.t.Helper()
	if opt.Lang == "" {
		opt.Lang = "zh-CN"
	}
	res, j, err := e.io.Import(context.Background(), sc, t, recordio.Upload{Filename: name, Data: data}, opt)
	if j != nil {
		e.t.Fatalf("import of %s became job %d", name, j.ID)
	}
	return res, err
}

// find reads the gadget with code as sc.
func (e *env) find(sc tenant.Scope, code string) records.Record {
	e.t.Helper()
	r, ok, err := e.rec.FindBy(context.Background(), e.d.Read(), sc, e.gadgets, "code", code)
	if err != nil || !ok {
		e.t.Fatalf("gadget %s: found %v, %v", code, ok, err)
	}
	r, err = e.rec.Get(context.Background(), sc, e.gadgets, r.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// problems lists a report's problems as "row:field:code".
func problems(res recordio.Result) []string {
	var out []string
	for _, p := range res.Problems {
		if !p.Warn {
			out = append(out, fmt.Sprintf("%d:%s:%s", p.Row, p.Field, p.Code))
		}
	}
	return out
}

const groupsCSV = "分组编码,分组名称,上级分组\nG1,华东区,\nG11,杭州,G1\nG12,上海,华东区\n"

// TestImportCreatesThenUpdates: a dry run reports what a commit does and
// writes nothing; the commit resolves dictionaries by label or code, tags,
// references by code or name (a tree whose parents come earlier in the
// same file), users and the owner; a code already present updates.
func TestImportCreatesThenUpdates(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		res, err := e.imp(e.admin, e.groups, "groups.csv", []byte(groupsCSV), recordio.Options{})
		if err != nil || res.Created != 3 || !res.Committed {
			t.Fatalf("groups: %+v %v", res, err)
		}
		file := csv(
			"编码,名称,类型,电话,邮箱,信用额度,开始日期,重要,来源,标签,分组,客服,负责人",
			"C001,杭州星辰科技有限公司,单位,13800138000,a@x.cn,\"1,234.50\",2026/3/1,是,网站,\"大客户，new\",G11,销售甲,seller",
			"C002,李雷,individual,,,,,否,fair,,上海,seller2,",
		)
		dry, err := e.imp(e.admin, e.gadgets, "gadgets.csv", file, recordio.Options{DryRun: true})
		if err != nil || dry.Committed || !dry.DryRun || dry.Rows != 2 || dry.Created != 2 || dry.Errors != 0 {
			t.Fatalf("dry run: %+v %v", dry, err)
		}
		if got := e.codes(e.admin); len(got) != 0 {
			t.Fatalf("a dry run wrote %v", got)
		}
		res, err = e.imp(e.admin, e.gadgets, "gadgets.csv", file, recordio.Options{})
		if err != nil || !res.Committed || res.Created != 2 || res.Updated != 0 {
			t.Fatalf("commit: %+v %v", res, err)
		}
		g1 := e.find(e.admin, "C001")
		grp, _, _ := e.rec.FindBy(ctx, d.Read(), e.admin, e.groups, "code", "G11")
		want := map[string]any{"name": "杭州星辰科技有限公司", "kind": "organisation", "phone": "13800138000", "email": "a@x.cn",
			"credit": money.MustParse("1234.5").String(), "since": "2026-03-01", "vip": true, "source": "web",
			"tags": "vip,new", "group_id": grp.ID, "rep_id": e.seller.Actor()}
		for k, v := range want {
			got := g1.Values[k]
			switch x := got.(type) {
			case money.Amount:
				got = x.String()
			case []string:
				got = strings.Join(x, ",")
			}
			if got != v {
				t.Errorf("C001 %s = %#v, want %#v", k, got, v)
			}
		}
		if g1.OwnerID != e.seller.Actor() {
			t.Errorf("owner %d, want the seller %d", g1.OwnerID, e.seller.Actor())
		}
		g2 := e.find(e.admin, "C002")
		sh, _, _ := e.rec.FindBy(ctx, d.Read(), e.admin, e.groups, "code", "G12")
		if g2.Values["kind"] != "individual" || g2.Values["source"] != "fair" || g2.Int("group_id") != sh.ID ||
			g2.Int("rep_id") != e.seller2.Actor() || g2.OwnerID != e.admin.Actor() {
			t.Errorf("C002 %+v owner %d", g2.Values, g2.OwnerID)
		}
		// The group tree: G12's parent given by name, G11's by code.
		g1grp, _, _ := e.rec.FindBy(ctx, d.Read(), e.admin, e.groups, "code", "G1")
		if grp.Int("parent_id") != g1grp.ID || sh.Int("parent_id") != g1grp.ID {
			t.Errorf("group parents %d %d, want %d", grp.Int("parent_id"), sh.Int("parent_id"), g1grp.ID)
		}

		// The same code again updates; a column left out stays, an empty cell clears.
		res, err = e.imp(e.admin, e.gadgets, "again.csv", csv("编码,名称,邮箱", "C001,杭州星辰科技股份有限公司,"), recordio.Options{})
		if err != nil || res.Created != 0 || res.Updated != 1 {
			t.Fatalf("update: %+v %v", res, err)
		}
		up := e.find(e.admin, "C001")
		if up.Values["name"] != "杭州星辰科技股份有限公司" || up.Values["email"] != nil || up.Values["phone"] != "13800138000" ||
			up.Version != g1.Version+1 {
			t.Errorf("updated C001: %+v v%d", up.Values, up.Version)
		}
		var n int
		if err := db.Tenant(d.Read(), e.admin.Tenant()).Get(ctx, &n, `SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = ?`,
			e.admin.Tenant(), "gadgets.import"); err != nil || n != 2 {
			t.Errorf("import audit rows: %d %v", n, err)
		}
	}, migrations()...)
}

// TestThreeBadRows: a file whose rows 3, 6 and 9 are wrong — a cell, a
// dictionary item, a reference — commits nothing and reports exactly those
// rows and fields, with messages in the caller's language.
func TestThreeBadRows(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		lines := []string{"code,name,email,source,group_id"}
		for i := 2; i <= 11; i++ {
			email, source, group := fmt.Sprintf("u%d@x.cn", i), "web", ""
			switch i {
			case 3:
				email = "not-an-email"
			case 6:
				source = "电视广告"
			case 9:
				group = "NOPE"
			}
			lines = append(lines, fmt.Sprintf("B%02d,客户%d,%s,%s,%s", i, i, email, source, group))
		}
		res, err := e.imp(e.admin, e.gadgets, "bad.csv", csv(lines...), recordio.Options{Lang: "en"})
		want := []string{"3:email:field.invalid_email", "6:source:recordio.unknown_item", "9:group_id:recordio.unknown_ref"}
		if !slices.Equal(problems(res), want) || res.Committed || res.Errors != 3 {
			t.Errorf("problems %v, want %v (%+v)", problems(res), want, res)
		}
		if e, ok := errs.As(err); !ok || e.Code != "import.rejected" || len(e.Fields) != 3 || e.Fields[0].Field != "rows[3].email" {
			t.Errorf("error %v", err)
		}
		for _, p := range res.Problems {
			if p.Message == "" || p.Message == p.Code || p.Column == "" {
				t.Errorf("untranslated problem %+v", p)
			}
		}
		if res.Problems[1].Message != "“电视广告” is not an item of this list: enter an item's code or name" {
			t.Errorf("message %q", res.Problems[1].Message)
		}
		if got := e.codes(e.admin); len(got) != 0 {
			t.Errorf("rows written: %v", got)
		}
	}, migrations()...)
}

// TestXLSXAndGB18030: an Excel file with Chinese headers and a CSV saved
// by Excel on Chinese Windows (GB18030) import.
func TestXLSXAndGB18030(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var x bytes.Buffer
		w, err := importer.NewWriter(&x, "xlsx", []string{"编码", "名称", "类型", "信用额度", "开始日期"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range [][]string{{"X1", "北京用友", "单位", "100", "2026-01-02"}, {"X2", "王芳", "个人", "", ""}} {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		res, err := e.imp(e.admin, e.gadgets, "客户.xlsx", x.Bytes(), recordio.Options{})
		if err != nil || res.Created != 2 {
			t.Fatalf("xlsx: %+v %v", res, err)
		}
		if g := e.find(e.admin, "X2"); g.Values["name"] != "王芳" || g.Values["kind"] != "individual" {
			t.Errorf("X2 %+v", g.Values)
		}
		gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(csv("编码,名称,来源", "G1,广州白云贸易,展会"))
		if err != nil {
			t.Fatal(err)
		}
		res, err = e.imp(e.admin, e.gadgets, "gb.csv", gb, recordio.Options{})
		if err != nil || res.Created != 1 {
			t.Fatalf("gb18030: %+v %v", res, err)
		}
		if g := e.find(e.admin, "G1"); g.Values["name"] != "广州白云贸易" || g.Values["source"] != "fair" {
			t.Errorf("G1 %+v", g.Values)
		}
	}, migrations()...)
}

// TestImportDataScope: a salesman updates his own records by code, but a
// code held by a colleague's record is a row problem — no update, nothing
// about that record; without create or edit nothing is imported at all.
func TestImportDataScope(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		mine, err := e.rec.Create(ctx, e.seller, e.gadgets, records.Input{"code": "S1", "name": "我的客户"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.rec.Create(ctx, e.seller2, e.gadgets, records.Input{"code": "S2", "name": "别人的客户"}); err != nil {
			t.Fatal(err)
		}
		res, err := e.imp(e.seller, e.gadgets, "s.csv", csv("编码,名称", "S1,我的客户（改）", "S2,抢来的客户", "S3,新客户"), recordio.Options{})
		if want := []string{"3:code:field.taken"}; !slices.Equal(problems(res), want) || errs.KindOf(err) != errs.KindInvalid {
			t.Errorf("problems %v, want %v: %v", problems(res), want, err)
		}
		for _, p := range res.Problems {
			if strings.Contains(p.Message, "别人") {
				t.Errorf("the problem tells about the hidden record: %q", p.Message)
			}
		}
		if g := e.find(e.seller2, "S2"); g.Values["name"] != "别人的客户" || g.OwnerID != e.seller2.Actor() {
			t.Errorf("the colleague's record changed: %+v", g.Values)
		}
		res, err = e.imp(e.seller, e.gadgets, "s.csv", csv("编码,名称", "S1,我的客户（改）", "S3,新客户"), recordio.Options{})
		if err != nil || res.Updated != 1 || res.Created != 1 {
			t.Fatalf("own import: %+v %v", res, err)
		}
		if g := e.find(e.seller, "S1"); g.Values["name"] != "我的客户（改）" || g.ID != mine.ID {
			t.Errorf("S1 %+v", g.Values)
		}
		if g := e.find(e.seller, "S3"); g.OwnerID != e.seller.Actor() {
			t.Errorf("a created record belongs to the importer: owner %d", g.OwnerID)
		}
		if _, _, err := e.io.Import(ctx, e.viewer, e.gadgets, recordio.Upload{Filename: "v.csv", Data: csv("编码,名称", "V1,x")},
			recordio.Options{}); errs.KindOf(err) != errs.KindForbidden {
			t.Errorf("read-only import: %v", err)
		}
	}, migrations()...)
}

// TestMappingRemembered: headers the schema does not know are mapped by
// the user once; the next import of the same layout needs no mapping, for
// that user and type only.
func TestMappingRemembered(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		file := csv("客户号,客户全称,内部备注", "M1,映射客户,忽略我")
		res, err := e.imp(e.admin, e.gadgets, "m.csv", file, recordio.Options{})
		if errs.KindOf(err) != errs.KindInvalid || res.Committed {
			t.Fatalf("unmapped headers import: %+v %v", res, err)
		}
		mapping := map[string]string{"客户号": "code", "客户全称": "name", "内部备注": ""}
		res, err = e.imp(e.admin, e.gadgets, "m.csv", file, recordio.Options{Mapping: mapping})
		if err != nil || res.Created != 1 {
			t.Fatalf("mapped import: %+v %v", res, err)
		}
		saved, err := e.io.SavedMapping(ctx, e.admin, e.gadgets)
		if err != nil || saved["客户号"] != "code" || saved["客户全称"] != "name" || saved["内部备注"] != "" {
			t.Errorf("saved mapping %v %v", saved, err)
		}
		res, err = e.imp(e.admin, e.gadgets, "m.csv", csv("客户号,客户全称,内部备注", "M2,第二次,x"), recordio.Options{})
		if err != nil || res.Created != 1 || len(res.Problems) != 0 {
			t.Errorf("remembered mapping: %+v %v", res, err)
		}
		if cols := res.Columns; len(cols) != 3 || cols[0].Field != "code" || cols[2].Field != "" || cols[1].Label != "名称" {
			t.Errorf("columns %+v", cols)
		}
		if other, _ := e.io.SavedMapping(ctx, e.seller, e.gadgets); len(other) != 0 {
			t.Errorf("another user's mapping: %v", other)
		}
		if _, err := e.imp(e.admin, e.gadgets, "m.csv", file, recordio.Options{Mapping: map[string]string{"客户号": "nonsense"}}); errs.KindOf(err) != errs.KindInvalid {
			t.Errorf("a mapping to no field: %v", err)
		}
	}, migrations()...)
}
