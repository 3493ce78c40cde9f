package records

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/govalues/decimal"
	"golang.org/x/text/width"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/money"
)

// parseField turns one raw input value into the field's Go type (see Kind)
// and checks its form: number, date, e-mail, phone, tax id, URL, colour,
// enum membership, length, minimum. nil is an empty value. Membership in a
// dictionary, references and uniqueness need the database (validate.go).
func parseField(f Field, raw any) (any, *errs.FieldError) {
	bad := func(code string, kv ...any) (any, *errs.FieldError) {
		fe := errs.Field(f.Name, code, kv...)
		return nil, &fe
	}
	switch f.Kind {
	case Bool:
		return parseBool(raw, bad)
	case Int, Ref, User:
		n, ok, code := parseInt(raw)
		if code != "" && f.Kind != Int {
			return bad(refCode(f))
		}
		if code != "" {
			return bad(code)
		}
		if !ok {
			return nil, nil
		}
		if f.Kind != Int {
			if n <= 0 {
				return bad(refCode(f))
			}
			return n, nil
		}
		if f.Min != nil && n < *f.Min {
			return bad("field.min", "Min", *f.Min)
		}
		return n, nil
	case Decimal:
		a, ok, fe := parseDecimal(f, raw)
		if fe != nil || !ok {
			return nil, fe
		}
		if f.Min != nil && a.Decimal().Cmp(decimal.MustNew(*f.Min, 0)) < 0 {
			return bad("field.min", "Min", *f.Min)
		}
		return a, nil
	case Tags:
		codes := parseTags(raw)
		if len(codes) == 0 {
			return nil, nil
		}
		if len("|"+strings.Join(codes, "|")+"|") > f.MaxLength() {
			return bad("field.too_long", "Max", f.MaxLength())
		}
		return codes, nil
	case Date:
		if t, ok := raw.(time.Time); ok {
			if t.IsZero() {
				return nil, nil
			}
			return t.Format(time.DateOnly), nil
		}
	}
	s, ok := asString(raw)
	if !ok {
		return bad("field.invalid")
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	switch f.Kind {
	case Date:
		d, err := time.Parse(time.DateOnly, fold(s))
		if err != nil {
			return bad("field.invalid_date")
		}
		s = d.Format(time.DateOnly)
	case Email:
		s = fold(s)
		if !importer.ValidEmail(s) {
			return bad("field.invalid_email")
		}
	case Phone:
		s = fold(s)
		if !importer.ValidPhone(s) {
			return bad("field.invalid_phone")
		}
	case TaxID:
		s = strings.ToUpper(fold(s))
		if !validTaxID(s) {
			return bad("field.invalid_tax_id")
		}
	case URL:
		if !validURL(s) {
			return bad("field.invalid_url")
		}
	case Color:
		s = strings.ToLower(fold(s))
		if !validColor(s) {
			return bad("field.invalid_color")
		}
	case Enum:
		found := false
		for _, v := range f.Values {
			if v == s {
				found = true
				break
			}
		}
		if !found {
			return bad("field.invalid_choice")
		}
	case Code, Dict:
		s = fold(s)
	}
	if max := f.MaxLength(); max > 0 && utf8.RuneCountInString(s) > max {
		return bad("field.too_long", "Max", max)
	}
	return s, nil
}

func refCode(f Field) string {
	if f.Kind == User {
		return "field.unknown"
	}
	return "field.unknown_ref"
}

// asString accepts what forms, JSON and imports send for a string field.
func asString(raw any) (string, bool) {
	switch v := raw.(type) {
	case nil:
		return "", true
	case string:
		return v, true
	case []byte:
		return string(v), true
	case json.Number:
		return v.String(), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case bool:
		return strconv.FormatBool(v), true
	case money.Amount:
		return v.String(), true
	case []string:
		if len(v) == 1 {
			return v[0], true
		}
		return "", len(v) == 0
	}
	return "", false
}

// fold maps full-width letters and digits to ASCII (１３８ → 138).
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.TrimSpace(width.Fold.String(s))
		}
	}
	return s
}

func parseBool(raw any, bad func(string, ...any) (any, *errs.FieldError)) (any, *errs.FieldError) {
	if b, ok := raw.(bool); ok {
		return b, nil
	}
	s, ok := asString(raw)
	if !ok {
		return bad("field.invalid")
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "false", "0", "off", "no", "n", "否", "假":
		return false, nil
	case "true", "1", "on", "yes", "y", "是", "真":
		return true, nil
	}
	return bad("field.invalid")
}

// parseInt reads an integer; ok is false for an empty value.
func parseInt(raw any) (n int64, ok bool, code string) {
	switch v := raw.(type) {
	case nil:
		return 0, false, ""
	case int64:
		return v, true, ""
	case int:
		return int64(v), true, ""
	case float64:
		if v != math.Trunc(v) || math.Abs(v) > 1<<53 {
			return 0, false, "field.not_number"
		}
		return int64(v), true, ""
	}
	s, isStr := asString(raw)
	if !isStr {
		return 0, false, "field.not_number"
	}
	s = strings.ReplaceAll(fold(strings.TrimSpace(s)), ",", "")
	if s == "" {
		return 0, false, ""
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false, "field.not_number"
	}
	return n, true, ""
}

// maxAmount is the largest value a scaled BIGINT holds.
var maxAmount = decimal.MustParse("922337203685477.5807")

func parseDecimal(f Field, raw any) (money.Amount, bool, *errs.FieldError) {
	bad := func(code string, kv ...any) (money.Amount, bool, *errs.FieldError) {
		fe := errs.Field(f.Name, code, kv...)
		return money.Amount{}, false, &fe
	}
	var a money.Amount
	switch v := raw.(type) {
	case money.Amount:
		a = v
	case int64:
		return parseDecimal(f, strconv.FormatInt(v, 10))
	case int:
		return parseDecimal(f, strconv.Itoa(v))
	default:
		s, ok := asString(raw)
		if !ok {
			return bad("field.not_number")
		}
		s = strings.ReplaceAll(fold(strings.TrimSpace(s)), ",", "")
		if s == "" {
			return money.Amount{}, false, nil
		}
		var err error
		if a, err = money.Parse(s); err != nil {
			if d, derr := decimal.Parse(s); derr == nil && d.Scale() > money.Scale {
				return bad("field.too_many_decimals", "Max", money.Scale)
			}
			return bad("field.not_number")
		}
	}
	if a.Decimal().Abs().Cmp(maxAmount) > 0 {
		return bad("field.not_number")
	}
	return a, true, nil
}

// parseTags accepts a list ([]string, []any) or one string of codes split by
// commas, "|" or spaces; duplicates are dropped, order is kept.
func parseTags(raw any) []string {
	var parts []string
	switch v := raw.(type) {
	case []string:
		parts = v
	case []any:
		for _, x := range v {
			if s, ok := asString(x); ok {
				parts = append(parts, s)
			}
		}
	default:
		s, _ := asString(raw)
		parts = strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '|' || r == '，' || r == ' ' || r == '、' })
	}
	var out []string
	seen := map[string]bool{}
	for _, p := range parts {
		p = fold(strings.TrimSpace(p))
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// parseIDs reads a list of ids (shared users/departments).
func parseIDs(raw any) ([]int64, bool) {
	var parts []any
	switch v := raw.(type) {
	case nil:
		return nil, true
	case []int64:
		return dedupeIDs(v), true
	case []any:
		parts = v
	case []string:
		for _, s := range v {
			parts = append(parts, s)
		}
	default:
		s, ok := asString(raw)
		if !ok {
			return nil, false
		}
		for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
			parts = append(parts, p)
		}
	}
	out := make([]int64, 0, len(parts))
	for _, p := range parts {
		n, ok, code := parseInt(p)
		if code != "" || (ok && n <= 0) {
			return nil, false
		}
		if ok {
			out = append(out, n)
		}
	}
	return dedupeIDs(out), true
}

func dedupeIDs(ids []int64) []int64 {
	out := make([]int64, 0, len(ids))
	seen := map[int64]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
