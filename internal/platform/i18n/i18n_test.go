package i18n

import (
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/money"
)

// Every message exists in both languages: zh-CN first, English second.
func TestCatalogsComplete(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	CheckComplete(t, c)
}

func TestFormat(t *testing.T) {
	d := time.Date(2026, 11, 22, 8, 30, 0, 0, time.UTC)
	if got := FormatDate("zh-CN", d); got != "2026年11月22日" {
		t.Errorf("zh date %q", got)
	}
	if got := FormatDate("en", d); got != "Nov 22, 2026" {
		t.Errorf("en date %q", got)
	}
	if got := FormatMoney("zh-CN", money.MustParse("-1234567.5"), "CNY"); got != "-¥1,234,567.50" {
		t.Errorf("money %q", got)
	}
	for in, want := range map[string]string{"-12345.5": "-12,345.5", "42": "42", "0.0005": "0.0005", "1234567": "1,234,567"} {
		if got := FormatDecimal("zh-CN", in); got != want {
			t.Errorf("decimal %s: %q, want %q", in, got, want)
		}
	}
	if got := FormatInt("en", 100000); got != "100,000" {
		t.Errorf("int %q", got)
	}
	if Normalize("en-US,en;q=0.9") != "en" || Normalize("zh-TW") != "zh-CN" || Normalize("fr") != "" {
		t.Error("normalize")
	}
}
