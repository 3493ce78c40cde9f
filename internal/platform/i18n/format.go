package i18n

import (
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/money"
)

// Location is where dates are shown; Chinese SMEs work in China Standard Time.
var Location = loadLocation()

func loadLocation() *time.Location {
	if l, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return l
	}
	return time.FixedZone("CST", 8*3600)
}

// FormatDate shows a date the way the language expects.
func FormatDate(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Location)
	if lang == "en" {
		return t.Format("Jan 2, 2006")
	}
	return t.Format("2006年1月2日")
}

// FormatDateTime shows a timestamp to the minute.
func FormatDateTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Location)
	if lang == "en" {
		return t.Format("Jan 2, 2006 15:04")
	}
	return t.Format("2006-01-02 15:04")
}

// FormatInt groups thousands: 1234567 → "1,234,567" (both languages group by three).
func FormatInt(lang string, n int64) string {
	return groupDigits(strings.TrimPrefix(itoa(n), "-"), n < 0)
}

// FormatDecimal groups the thousands of a plain decimal ("-12345.5" →
// "-12,345.5"), keeping its decimals as they are: quantities.
func FormatDecimal(lang, s string) string {
	neg := strings.HasPrefix(s, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	out := groupDigits(whole, neg)
	if frac != "" {
		out += "." + frac
	}
	return out
}

// FormatMoney shows an amount with its currency symbol and two decimals at least.
func FormatMoney(lang string, a money.Amount, currency string) string {
	s := a.String()
	neg := strings.HasPrefix(s, "-")
	out := FormatDecimal(lang, strings.TrimPrefix(s, "-"))
	sym := currency + " "
	switch currency {
	case "", "CNY":
		sym = "¥"
	case "USD":
		sym = "$"
	case "EUR":
		sym = "€"
	}
	if neg {
		return "-" + sym + out
	}
	return sym + out
}

func groupDigits(s string, neg bool) string {
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	var buf [21]byte
	i := len(buf)
	for n != 0 {
		d := n % 10
		if d < 0 {
			d = -d
		}
		i--
		buf[i] = byte('0' + d)
		n /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}
