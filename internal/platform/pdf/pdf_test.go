package pdf_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/pdf"
	"github.com/taihe-erp/taihe/internal/platform/pdf/pdftest"
)

// A delivery-note-like document of 120 rows spans pages: the Chinese
// customer name, every row, the repeated header row and "page x / y" are
// in the text pdftotext reads back.
func TestRenderChineseManyPages(t *testing.T) {
	d := pdf.Document{
		Title: "发货单 DO202611-00001",
		Fields: []pdf.Field{{Key: "客户", Value: "杭州西湖茶叶有限公司"}, {Key: "仓库", Value: "W1 主仓库"},
			{Key: "收货地址", Value: strings.Repeat("浙江省杭州市西湖区龙井路 ", 8)}, {Key: "日期", Value: "2026-11-22"}},
		Columns: []pdf.Column{{Title: "行", Width: 1}, {Title: "商品", Width: 6}, {Title: "数量", Width: 2, Num: true}},
		Notes:   []string{"签收人：__________"},
		Footer:  func(p, n int) string { return fmt.Sprintf("第 %d 页 / 共 %d 页", p, n) },
	}
	for i := 1; i <= 120; i++ {
		d.Rows = append(d.Rows, []string{fmt.Sprint(i), fmt.Sprintf("龙井茶叶礼盒 %03d 号（明前特级，一盒二百五十克装）", i), fmt.Sprintf("%d.5", i)})
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("not a PDF: %q", b[:min(len(b), 16)])
	}
	text := pdftest.Text(t, b)
	pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
	if len(pages) < 2 {
		t.Fatalf("%d page(s), want 2 or more:\n%s", len(pages), text)
	}
	for _, want := range []string{"杭州西湖茶叶有限公司", "发货单 DO202611-00001", "签收人", "龙井茶叶礼盒 001 号", "龙井茶叶礼盒 120 号", "120.5"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for i, p := range pages {
		// pdftotext drops the narrow spaces between Chinese characters.
		if want := fmt.Sprintf("第%d页/共%d页", i+1, len(pages)); !strings.Contains(strings.ReplaceAll(p, " ", ""), want) {
			t.Errorf("page %d lacks its footer %q", i+1, want)
		}
		if !strings.Contains(p, "商品") || !strings.Contains(p, "数量") {
			t.Errorf("page %d lacks the table's header row", i+1)
		}
	}
	if len(b) > 400_000 {
		t.Errorf("%d bytes: the font was not subset", len(b))
	}
}

// A number column is right-aligned: its values end at the table's right
// edge, so the longer number starts further left than the shorter.
func TestNumbersRightAligned(t *testing.T) {
	d := pdf.Document{Columns: []pdf.Column{{Title: "名称", Width: 3}, {Title: "金额", Width: 1, Num: true}},
		Rows: [][]string{{"甲", "1.00"}, {"乙", "123456.00"}}}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, b)
	var ends []int
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "1.00") || strings.Contains(l, "123456.00") {
			ends = append(ends, len([]rune(strings.TrimRight(l, " "))))
		}
	}
	if len(ends) != 2 || ends[0] != ends[1] {
		t.Fatalf("the amounts do not end in one column: %v\n%s", ends, text)
	}
}
