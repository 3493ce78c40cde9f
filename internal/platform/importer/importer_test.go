package importer

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
)

var testCatalogFiles = fstest.MapFS{
	"cust.zh-CN.toml": {Data: []byte(`
"cust.code" = "客户编码"
"cust.name" = "客户名称"
"cust.phone" = "电话"
"cust.email" = "邮箱"
"cust.credit_limit" = "信用额度"
"cust.region" = "地区"
"cust.region.north" = "华北"
"cust.region.south" = "华南"
"cust.since" = "合作日期"
"cust.active" = "启用"
"cust.level" = "等级"
`)},
	"cust.en.toml": {Data: []byte(`
"cust.code" = "Customer code"
"cust.name" = "Customer name"
"cust.phone" = "Phone"
"cust.email" = "Email"
"cust.credit_limit" = "Credit limit"
"cust.region" = "Region"
"cust.region.north" = "North China"
"cust.region.south" = "South China"
"cust.since" = "Customer since"
"cust.active" = "Active"
"cust.level" = "Level"
`)},
}

func testCatalog(t testing.TB) *i18n.Catalog {
	t.Helper()
	c, err := i18n.New(testCatalogFiles)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var custSchema = Schema{
	{Key: "code", Header: "cust.code", Kind: Text, Required: true, Unique: true, MaxLen: 32, Aliases: []string{"编号"}, Example: "C0001"},
	{Key: "name", Header: "cust.name", Kind: Text, Required: true, MaxLen: 100, Example: "上海泰和贸易有限公司"},
	{Key: "phone", Header: "cust.phone", Kind: Phone},
	{Key: "email", Header: "cust.email", Kind: Email, Unique: true},
	{Key: "credit_limit", Header: "cust.credit_limit", Kind: Decimal},
	{Key: "region", Header: "cust.region", Kind: Enum, Values: []string{"north", "south"}, ValueLabel: "cust.region"},
	{Key: "since", Header: "cust.since", Kind: Date},
	{Key: "active", Header: "cust.active", Kind: Bool},
	{Key: "level", Header: "cust.level", Kind: Int},
}

const zhCSV = "客户编码,客户名称,电话,邮箱,信用额度,地区,合作日期,启用,等级\n" +
	"C001,上海泰和贸易有限公司,13800138000,sales@taihe.cn,\"1,234.50\",华北,2026-11-23,是,3\n" +
	"C002,北京示例科技,+86 10 6512-3456 转 808,,0,south,2026/11/23,false,\n"

// run is Read + Map + Validate.
func run(t *testing.T, data []byte, name string, saved map[string]string) (Table, []Record, Report) {
	t.Helper()
	tb, err := Read(bytes.NewReader(data), name)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	m, _ := Map(tb.Headers, custSchema, "zh-CN", testCatalog(t), saved)
	recs, rep := Validate(tb, m, custSchema)
	return tb, recs, rep
}

func checkZhRecords(t *testing.T, recs []Record, rep Report) {
	t.Helper()
	if !rep.OK() || len(recs) != 2 || rep.Rows != 2 {
		t.Fatalf("rows %d, records %d, problems %+v", rep.Rows, len(recs), rep.Problems)
	}
	r := recs[0]
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	if r.Row != 2 || r.String("code") != "C001" || r.String("name") != "上海泰和贸易有限公司" ||
		r.String("region") != "north" || !r.Time("since").Equal(day) || !r.Bool("active") || r.Int("level") != 3 {
		t.Fatalf("record 1 = %+v", r)
	}
	if got := r.Amount("credit_limit").String(); got != "1234.50" {
		t.Fatalf("credit_limit = %s", got)
	}
	r = recs[1]
	if r.Row != 3 || r.Has("email") || r.Has("level") || r.String("region") != "south" || r.Bool("active") ||
		!r.Time("since").Equal(day) || r.String("phone") != "+86 10 6512-3456 转 808" {
		t.Fatalf("record 2 = %+v", r)
	}
	if _, ok := r.Values["email"]; !ok {
		t.Fatal("an empty mapped optional cell should be a nil value, not absent")
	}
}

func TestReadUTF8WithBOM(t *testing.T) {
	tb, recs, rep := run(t, append([]byte("\uFEFF"), zhCSV...), "客户.csv", nil)
	if tb.Encoding != "utf-8" || tb.Headers[0] != "客户编码" {
		t.Fatalf("encoding %q, header %q", tb.Encoding, tb.Headers[0])
	}
	checkZhRecords(t, recs, rep)
}

func TestReadUTF8WithoutBOM(t *testing.T) {
	tb, recs, rep := run(t, []byte(zhCSV), "c.csv", nil)
	if tb.Encoding != "utf-8" {
		t.Fatalf("encoding %q", tb.Encoding)
	}
	checkZhRecords(t, recs, rep)
}

func TestReadGB18030(t *testing.T) {
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(zhCSV))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(gb, []byte(zhCSV)) {
		t.Fatal("sample was not re-encoded")
	}
	tb, recs, rep := run(t, gb, "客户.CSV", nil)
	if tb.Encoding != "gb18030" || tb.Headers[1] != "客户名称" {
		t.Fatalf("encoding %q, headers %q", tb.Encoding, tb.Headers)
	}
	checkZhRecords(t, recs, rep)
}

func TestReadTabDelimited(t *testing.T) {
	tsv := strings.ReplaceAll(strings.ReplaceAll(zhCSV, "\"1,234.50\"", "1234.50"), ",", "\t")
	_, recs, rep := run(t, []byte(tsv), "c.txt", nil)
	checkZhRecords(t, recs, rep)
}

func buildXLSX(t *testing.T, rows map[int][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, cells := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := f.SetSheetRow("Sheet1", cell, &cells); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadXLSXChineseHeaders(t *testing.T) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	data := buildXLSX(t, map[int][]any{
		1: {"客户编码*", "客户名称", "电话", "邮箱", "信用额度", "地区", "合作日期", "启用", "等级"},
		2: {"C001", "上海泰和贸易有限公司", "13800138000", "sales@taihe.cn", 1234.5, "华北", day, true, 3},
		// row 3 left blank
		4: {"C002", "北京示例科技", "+86 10 6512-3456 转 808", "", 0, "South China", "2026/11/23", "false", nil},
		5: {"C003", "广州", "", "", 0.1 + 0.2, "", "", "", ""},
		7: {"", "", ""}, // trailing blank
	})
	// Give the date cell a date format, as Excel would.
	tb, err := Read(bytes.NewReader(data), "upload.bin")
	if err != nil {
		t.Fatal(err)
	}
	if tb.Format != "xlsx" || tb.Len() != 4 {
		t.Fatalf("format %q, len %d", tb.Format, tb.Len())
	}
	m, probs := Map(tb.Headers, custSchema, "en", testCatalog(t), nil)
	if len(probs) != 0 {
		t.Fatalf("map problems %+v", probs)
	}
	recs, rep := Validate(tb, m, custSchema)
	if !rep.OK() || rep.Rows != 3 || len(recs) != 3 {
		t.Fatalf("rows %d recs %d problems %+v", rep.Rows, len(recs), rep.Problems)
	}
	if recs[0].Row != 2 || recs[1].Row != 4 || recs[2].Row != 5 {
		t.Fatalf("rows %d %d %d", recs[0].Row, recs[1].Row, recs[2].Row)
	}
	if got := recs[0].Amount("credit_limit").String(); got != "1234.50" {
		t.Fatalf("credit = %s", got)
	}
	if !recs[0].Time("since").Equal(day) || !recs[0].Bool("active") || recs[0].Int("level") != 3 || recs[0].String("region") != "north" {
		t.Fatalf("record = %+v", recs[0])
	}
	if recs[1].String("region") != "south" || !recs[1].Time("since").Equal(day) {
		t.Fatalf("record = %+v", recs[1])
	}
	if got := recs[2].Amount("credit_limit").String(); got != "0.30" {
		t.Fatalf("0.1+0.2 read as %s", got)
	}
}

func TestEnglishHeadersAndAliases(t *testing.T) {
	csv := "customer CODE,Customer Name,ＥＭＡＩＬ,Level\nA1,Acme,a@b.co,１２\n"
	tb, err := Read(strings.NewReader(csv), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	m, probs := Map(tb.Headers, custSchema, "zh-CN", testCatalog(t), nil)
	if len(probs) != 0 {
		t.Fatalf("problems %+v", probs)
	}
	want := map[string]string{"customer CODE": "code", "Customer Name": "name", "ＥＭＡＩＬ": "email", "Level": "level"}
	if !reflect.DeepEqual(m.ByHeader, want) {
		t.Fatalf("ByHeader = %v", m.ByHeader)
	}
	recs, rep := Validate(tb, m, custSchema)
	if !rep.OK() || recs[0].Int("level") != 12 || recs[0].String("email") != "a@b.co" {
		t.Fatalf("recs %+v problems %+v", recs, rep.Problems)
	}
	// An alias and the plain key also match.
	m, probs = Map([]string{"编号", "name"}, custSchema, "en", testCatalog(t), nil)
	if len(probs) != 0 || m.ByHeader["编号"] != "code" || m.ByHeader["name"] != "name" {
		t.Fatalf("ByHeader %v problems %+v", m.ByHeader, probs)
	}
}

func TestSavedMapping(t *testing.T) {
	csv := "Kunde Nr,Firma,Notiz,地区\nK1,Müller GmbH,hallo,华南\n"
	saved := map[string]string{"kunde nr": "code", "Firma": "name", "Notiz": "", "地区": "region"}
	_, recs, rep := run(t, []byte(csv), "k.csv", saved)
	if len(rep.Problems) != 0 || len(recs) != 1 {
		t.Fatalf("problems %+v", rep.Problems)
	}
	if r := recs[0]; r.String("code") != "K1" || r.String("name") != "Müller GmbH" || r.String("region") != "south" {
		t.Fatalf("record %+v", r)
	}
}

func TestMapProblems(t *testing.T) {
	_, probs := Map([]string{"客户名称", "Customer name", "备注", ""}, custSchema, "zh-CN", testCatalog(t), nil)
	want := []Problem{
		{Field: "name", Code: "import.duplicate_column", Value: "Customer name", Data: map[string]any{"Column": 2}},
		{Code: "import.unknown_column", Value: "备注", Warn: true, Data: map[string]any{"Column": 3}},
		{Field: "code", Code: "import.missing_column", Data: map[string]any{"Header": "客户编码"}},
	}
	if !reflect.DeepEqual(probs, want) {
		t.Fatalf("problems\n got %+v\nwant %+v", probs, want)
	}
	if !HasErrors(probs) || HasErrors(probs[1:2]) {
		t.Fatal("HasErrors")
	}
}

func TestExactlyThreeBadRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("客户编码,客户名称,电话,邮箱,信用额度,合作日期\n")
	for i := 1; i <= 10; i++ {
		code, name, phone, email, credit, since := "C"+string(rune('0'+i%10))+"x", "公司", "13800138000", "a"+string(rune('0'+i%10))+"@b.cn", "100.00", "2026-11-23"
		switch i {
		case 3:
			email = "not-an-email"
		case 6:
			name, credit = "", "12.34567"
		case 9:
			phone, since = "call me", "2026-02-30"
		}
		b.WriteString(strings.Join([]string{code, name, phone, email, credit, since}, ",") + "\n")
	}
	_, recs, rep := run(t, []byte(b.String()), "c.csv", nil)
	type pr struct {
		Row         int
		Field, Code string
	}
	var got []pr
	for _, p := range rep.Problems {
		got = append(got, pr{p.Row, p.Field, p.Code})
	}
	want := []pr{
		{4, "email", "field.invalid_email"},
		{7, "name", "field.required"},
		{7, "credit_limit", "import.too_many_decimals"},
		{10, "phone", "import.invalid_phone"},
		{10, "since", "import.invalid_date"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("problems\n got %v\nwant %v", got, want)
	}
	if rep.Rows != 10 || len(recs) != 7 {
		t.Fatalf("rows %d records %d", rep.Rows, len(recs))
	}
	if rep.Problems[0].Value != "not-an-email" || rep.Problems[2].Data["Max"] != money.Scale {
		t.Fatalf("value/data: %+v", rep.Problems[:3])
	}
	e, ok := errs.As(rep.Err())
	if !ok || e.Kind != errs.KindInvalid || len(e.Fields) != 5 || e.Fields[0].Field != "rows[4].email" {
		t.Fatalf("Err() = %v", rep.Err())
	}
}

func TestDuplicatesInFile(t *testing.T) {
	csv := "客户编码,客户名称,邮箱\nC1,甲,a@x.cn\nC2,乙,A@X.CN\nC1,丙,\n C1 ,丁,c@x.cn\n"
	_, recs, rep := run(t, []byte(csv), "c.csv", nil)
	want := []Problem{
		{Row: 3, Field: "email", Code: "import.duplicate_in_file", Value: "A@X.CN", Data: map[string]any{"FirstRow": 2}},
		{Row: 4, Field: "code", Code: "import.duplicate_in_file", Value: "C1", Data: map[string]any{"FirstRow": 2}},
		{Row: 5, Field: "code", Code: "import.duplicate_in_file", Value: " C1 ", Data: map[string]any{"FirstRow": 2}},
	}
	if !reflect.DeepEqual(rep.Problems, want) || len(recs) != 1 {
		t.Fatalf("problems\n got %+v\nwant %+v", rep.Problems, want)
	}
}

func TestCells(t *testing.T) {
	region := custSchema[5]
	m, _ := Map([]string{"地区"}, Schema{region}, "zh-CN", testCatalog(t), nil)
	cases := []struct {
		c    Column
		in   string
		xlsx bool
		want any // a value, or a string code prefixed with "!"
	}{
		{custSchema[4], "1234.5", false, "1234.50"},
		{custSchema[4], "1,234,567.8", false, "1234567.80"},
		{custSchema[4], "-0.0001", false, "-0.0001"},
		{custSchema[4], "１００", false, "100.00"},
		{custSchema[4], "0.12345", false, "!import.too_many_decimals"},
		{custSchema[4], "0.30000000000000004", true, "0.30"},
		{custSchema[4], "0.12345", true, "!import.too_many_decimals"},
		{custSchema[4], "abc", false, "!field.not_number"},
		{custSchema[4], "1,5", false, "!field.not_number"},
		{custSchema[4], "¥100", false, "!field.not_number"},
		{custSchema[4], "99999999999999999", false, "!import.out_of_range"},
		{custSchema[4], "922337203685477.5807", false, "922337203685477.5807"},
		{custSchema[4], "-922337203685477.5808", false, "!import.out_of_range"},
		{custSchema[6], "2026-11-23", false, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)},
		{custSchema[6], "2026/11/23", false, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)},
		{custSchema[6], "2026/1/5 0:00", false, time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)},
		{custSchema[6], "2026年11月23日", false, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)},
		{custSchema[6], "20261123", false, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)},
		{custSchema[6], "2024-02-29", false, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{custSchema[6], "46349", true, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)},
		{custSchema[6], "46349", false, "!import.invalid_date"},
		{custSchema[6], "2026-02-30", false, "!import.invalid_date"},
		{custSchema[6], "23/11/2026", false, "!import.invalid_date"},
		{custSchema[6], "2026-13-01", false, "!import.invalid_date"},
		{custSchema[7], "TRUE", false, true},
		{custSchema[7], "否", false, false},
		{custSchema[7], "maybe", false, "!import.invalid_bool"},
		{custSchema[8], "1,200", false, int64(1200)},
		{custSchema[8], "-7", false, int64(-7)},
		{custSchema[8], "1.5", false, "!import.not_integer"},
		{custSchema[8], "x", false, "!field.not_number"},
		{custSchema[8], "99999999999999999999", false, "!import.out_of_range"},
		{custSchema[3], "张三@例子.中国", false, "张三@例子.中国"},
		{custSchema[3], "a@b", false, "!field.invalid_email"},
		{custSchema[3], "a b@c.cn", false, "!field.invalid_email"},
		{custSchema[3], "a@@c.cn", false, "!field.invalid_email"},
		{custSchema[2], "(0755) 8888-1234", false, "(0755) 8888-1234"},
		{custSchema[2], "１３８００１３８０００", false, "13800138000"},
		{custSchema[2], "010-12345678 ext 12", false, "010-12345678 ext 12"},
		{custSchema[2], "1234", false, "!import.invalid_phone"},
		{custSchema[2], "138-abc", false, "!import.invalid_phone"},
		{custSchema[2], "1+3800138000", false, "!import.invalid_phone"},
		{region, "North", false, "north"},
		{region, "华南", false, "south"},
		{region, "South China", false, "south"},
		{region, "west", false, "!import.invalid_choice"},
	}
	for _, tc := range cases {
		v, code, _ := parseCell(tc.c, m.enum[0], fold(tc.in), tc.xlsx)
		if a, ok := v.(money.Amount); ok {
			v = a.String()
		}
		if code != "" {
			v = "!" + code
		}
		if !reflect.DeepEqual(v, tc.want) {
			t.Errorf("%s %q (xlsx %v) = %#v, want %#v", tc.c.Key, tc.in, tc.xlsx, v, tc.want)
		}
	}
}

func TestTooLong(t *testing.T) {
	csv := "客户编码,客户名称\n" + strings.Repeat("码", 33) + ",ok\n"
	_, _, rep := run(t, []byte(csv), "c.csv", nil)
	if len(rep.Problems) != 1 || rep.Problems[0].Code != "field.too_long" || rep.Problems[0].Data["Max"] != 32 {
		t.Fatalf("problems %+v", rep.Problems)
	}
}

func TestBlankRows(t *testing.T) {
	csv := "客户编码,客户名称\r\nC1,甲\r\n,\r\n\r\nC2,乙\r\n , \r\n,,\r\n\r\n"
	tb, recs, rep := run(t, []byte(csv), "c.csv", nil)
	if tb.Len() != 3 || rep.Rows != 2 || len(recs) != 2 || !rep.OK() {
		t.Fatalf("len %d rows %d recs %d problems %+v", tb.Len(), rep.Rows, len(recs), rep.Problems)
	}
	// encoding/csv skips fully empty lines; ",", " , " and ",," are kept as blank rows.
	if recs[0].Row != 2 || recs[1].Row != 4 {
		t.Fatalf("rows %d %d", recs[0].Row, recs[1].Row)
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		data, name, code string
	}{
		{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", "a.xls", "import.xls_unsupported"},
		{"a,b\n", "a.xls", "import.xls_unsupported"},
		{"not a zip", "a.xlsx", "import.bad_file"},
		{"PK\x03\x04garbage", "a.csv", "import.bad_file"},
		{"", "a.csv", "import.empty"},
		{",,\nC1,x\n", "a.csv", "import.no_header"},
	} {
		_, err := Read(strings.NewReader(tc.data), tc.name)
		if e, ok := errs.As(err); !ok || e.Code != tc.code || e.Kind != errs.KindInvalid {
			t.Errorf("%s %q: err %v, want %s", tc.name, tc.data, err, tc.code)
		}
	}
	old := MaxRows
	MaxRows = 2
	defer func() { MaxRows = old }()
	if _, err := Read(strings.NewReader("a\n1\n2\n\n\n"), "a.csv"); err != nil {
		t.Fatalf("2 rows + blanks: %v", err)
	}
	_, err := Read(strings.NewReader("a\n1\n2\n3\n"), "a.csv")
	if e, ok := errs.As(err); !ok || e.Code != "import.too_many_rows" {
		t.Fatalf("3 rows: %v", err)
	}
}

func TestCommit(t *testing.T) {
	recs := []Record{
		{Row: 2, Values: map[string]any{"code": "C1"}},
		{Row: 3, Values: map[string]any{"code": "C2"}},
		{Row: 5, Values: map[string]any{"code": "C3"}},
	}
	var done []int
	rep, err := Commit(context.Background(), recs, func(_ context.Context, i int, r Record) error {
		done = append(done, i)
		return nil
	})
	if err != nil || !rep.OK() || rep.Rows != 3 || !reflect.DeepEqual(done, []int{0, 1, 2}) {
		t.Fatalf("err %v rep %+v done %v", err, rep, done)
	}

	rep, err = Commit(context.Background(), recs, func(_ context.Context, i int, r Record) error {
		switch r.String("code") {
		case "C1":
			return errs.Invalid(errs.Field("code", "cust.code_taken"))
		case "C3":
			return errs.Conflict("cust.blocked")
		}
		return nil
	})
	e, ok := errs.As(err)
	if !ok || e.Code != "import.rejected" || e.Kind != errs.KindInvalid || len(e.Fields) != 2 {
		t.Fatalf("err = %v", err)
	}
	want := []Problem{{Row: 2, Field: "code", Code: "cust.code_taken", Value: "C1"}, {Row: 5, Code: "cust.blocked"}}
	if !reflect.DeepEqual(rep.Problems, want) {
		t.Fatalf("problems %+v", rep.Problems)
	}

	boom := errors.New("disk full")
	calls := 0
	_, err = Commit(context.Background(), recs, func(context.Context, int, Record) error {
		calls++
		return boom
	})
	if !errors.Is(err, boom) || calls != 1 {
		t.Fatalf("err %v after %d calls", err, calls)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Commit(ctx, recs, func(context.Context, int, Record) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}

func TestWriterCSV(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, "csv", []string{"编码", "名称", "余额"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range [][]string{{"C1", "=HYPERLINK(\"x\")", "-12.50"}, {"C2", "逗号,引号\"", "+3"}, {"C3", "@SUM(A1)", "-x"}} {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFF编码,名称,余额\nC1,\"'=HYPERLINK(\"\"x\"\")\",-12.50\nC2,\"逗号,引号\"\"\",+3\nC3,'@SUM(A1),'-x\n"
	if buf.String() != want {
		t.Fatalf("got\n%q\nwant\n%q", buf.String(), want)
	}
	// It reads back, and the formula guard is undone on import.
	tb, err := Read(&buf, "export.csv")
	if err != nil || tb.Encoding != "utf-8" || tb.Headers[0] != "编码" || tb.Len() != 3 {
		t.Fatalf("read back: %v %+v", err, tb)
	}
	s := Schema{{Key: "code", Header: "x", Aliases: []string{"编码"}}, {Key: "name", Header: "y", Aliases: []string{"名称"}}}
	m, _ := Map(tb.Headers, s, "zh-CN", nil, nil)
	recs, _ := Validate(tb, m, s)
	if recs[0].String("name") != "=HYPERLINK(\"x\")" || recs[2].String("name") != "@SUM(A1)" {
		t.Fatalf("records %+v", recs)
	}
}

func TestWriterXLSX(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, "xlsx", []string{"编码", "名称"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 1000; i++ {
		if err := w.Write([]string{"C" + strings.Repeat("0", i%3), "=1+1"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	tb, err := Read(&buf, "e.xlsx")
	if err != nil || tb.Len() != 1000 || tb.Headers[1] != "名称" || tb.Rows[1][0] != "C0" || tb.Rows[0][1] != "=1+1" {
		t.Fatalf("read back: %v len %d headers %v", err, tb.Len(), tb.Headers)
	}
	if _, err := NewWriter(&buf, "pdf", nil); errs.KindOf(err) != errs.KindInvalid {
		t.Fatalf("pdf: %v", err)
	}
}

func TestTemplate(t *testing.T) {
	cat := testCatalog(t)
	for _, format := range []string{"csv", "xlsx"} {
		for _, lang := range []string{"zh-CN", "en"} {
			var buf bytes.Buffer
			if err := Template(custSchema, lang, cat, format, &buf); err != nil {
				t.Fatal(err)
			}
			tb, err := Read(&buf, "template."+format)
			if err != nil {
				t.Fatal(err)
			}
			wantFirst := map[string]string{"zh-CN": "客户编码*", "en": "Customer code*"}[lang]
			if tb.Headers[0] != wantFirst || tb.Headers[2] != cat.T(lang, "cust.phone", nil) || tb.Len() != 1 {
				t.Fatalf("%s %s: headers %q, %d rows", format, lang, tb.Headers, tb.Len())
			}
			// A user filling in the template in the other language's UI still maps it.
			m, probs := Map(tb.Headers, custSchema, "zh-CN", cat, nil)
			if len(probs) != 0 {
				t.Fatalf("%s %s: map problems %+v", format, lang, probs)
			}
			// The example row left in the file is not imported.
			recs, rep := Validate(tb, m, custSchema)
			if len(recs) != 0 || rep.Rows != 0 || !rep.OK() {
				t.Fatalf("%s %s: example row imported: %+v %+v", format, lang, recs, rep)
			}
		}
	}
}
