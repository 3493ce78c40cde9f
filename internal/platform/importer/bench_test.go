package importer

import (
	"bytes"
	"fmt"
	"testing"
)

var benchSchema = Schema{
	{Key: "code", Header: "cust.code", Kind: Text, Required: true, Unique: true, MaxLen: 32},
	{Key: "name", Header: "cust.name", Kind: Text, Required: true, MaxLen: 100},
	{Key: "phone", Header: "cust.phone", Kind: Phone},
	{Key: "email", Header: "cust.email", Kind: Email, Unique: true},
	{Key: "credit_limit", Header: "cust.credit_limit", Kind: Decimal},
	{Key: "region", Header: "cust.region", Kind: Enum, Values: []string{"north", "south"}, ValueLabel: "cust.region"},
}

func customerCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFF客户编码,客户名称,电话,邮箱,信用额度,地区\n")
	regions := []string{"华北", "华南", "north", "South China"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "C%06d,上海泰和第%d贸易有限公司,138%08d,buyer%d@example.cn,%d.%02d,%s\n",
			i, i, i, i, i%500000, i%100, regions[i%4])
	}
	return b.Bytes()
}

// BenchmarkReadValidate100k measures Read+Map+Validate of a 100,000-row
// customer CSV (the dry run; the commit adds the DB writes).
func BenchmarkReadValidate100k(b *testing.B) {
	data := customerCSV(100000)
	cat := testCatalog(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		t, err := Read(bytes.NewReader(data), "customers.csv")
		if err != nil {
			b.Fatal(err)
		}
		m, probs := Map(t.Headers, benchSchema, "zh-CN", cat, nil)
		recs, rep := Validate(t, m, benchSchema)
		if len(probs) != 0 || !rep.OK() || len(recs) != 100000 {
			b.Fatalf("probs %v, %d records, %d problems %+v", probs, len(recs), len(rep.Problems), rep.Problems[:min(3, len(rep.Problems))])
		}
	}
}
