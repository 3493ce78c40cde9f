package recordui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// formValue is a stored value as a form control holds it ("" when empty).
// Tags give their codes through tagValues instead.
func formValue(f records.Field, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "1"
		}
		return ""
	case int64:
		if x == 0 && (f.Kind == records.Ref || f.Kind == records.User) {
			return ""
		}
		return strconv.FormatInt(x, 10)
	case money.Amount:
		return x.String()
	case *money.Amount:
		if x == nil {
			return ""
		}
		return x.String()
	}
	return fmt.Sprint(v)
}

// tagValues are the codes of a Tags value.
func tagValues(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	case string: // "|a|b|" as stored
		return strings.FieldsFunc(x, func(r rune) bool { return r == '|' })
	}
	return nil
}

// groupDecimal shows a decimal with thousands separators, as stored (no
// currency: a Decimal may be money, a quantity or a rate).
func groupDecimal(lang string, a money.Amount) string {
	s := a.String()
	neg := strings.HasPrefix(s, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return s
	}
	if neg {
		n = -n
	}
	out := i18n.FormatInt(lang, n)
	if neg && n == 0 {
		out = "-" + out
	}
	if frac != "" {
		out += "." + frac
	}
	return out
}
