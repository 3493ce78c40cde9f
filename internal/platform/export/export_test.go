package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestCSVHasBOMAndQuotes(t *testing.T) {
	f, err := Table("csv", "users", []string{"名称", "备注"}, [][]string{{"张三", "a,b"}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(f.Body, []byte("\xef\xbb\xbf")) || !strings.Contains(string(f.Body), `张三,"a,b"`) {
		t.Fatalf("got %q", f.Body)
	}
}

func TestXLSXReadsBack(t *testing.T) {
	f, err := Table("xlsx", "users", []string{"名称"}, [][]string{{"张三"}, {"李四"}})
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(f.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(x.GetSheetName(0))
	if len(rows) != 3 || rows[2][0] != "李四" {
		t.Fatalf("rows %v", rows)
	}
	if _, err := Table("pdf", "x", nil, nil); err == nil {
		t.Fatal("unknown format must be refused")
	}
}
