package importer

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/govalues/decimal"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"github.com/taihe-erp/taihe/internal/platform/money"
)

// maxValueLen bounds Problem.Value so a report stays small.
const maxValueLen = 100

// Validate parses every non-blank row by the schema and reports every
// problem (the mapping's problems first). It returns a Record for each row
// without problems; commit only when Report.OK(). Cell codes:
// field.required, field.too_long {Max}, field.not_number,
// field.invalid_email, import.not_integer, import.out_of_range,
// import.too_many_decimals {Max}, import.invalid_date {Example},
// import.invalid_bool, import.invalid_choice {Values}, import.invalid_phone,
// import.duplicate_in_file {FirstRow}.
func Validate(t Table, m Mapping, s Schema) ([]Record, Report) {
	all, rep := ValidateAll(t, m, s)
	recs := all[:0]
	for _, r := range all {
		if !r.Failed {
			recs = append(recs, r)
		}
	}
	return recs, rep
}

// ValidateAll is Validate returning a Record for every non-blank row: a row
// with problems is marked Failed and holds its good cells only. An import
// that groups rows (order lines into orders) needs the whole group to tell
// which group a bad row spoils and to check the rest of it.
func ValidateAll(t Table, m Mapping, s Schema) ([]Record, Report) {
	if len(m.col) != len(s) {
		panic("importer: mapping built for another schema") // a bug, never user input
	}
	rep := Report{Problems: append([]Problem(nil), m.probs...)}
	mapped := 0
	for _, fi := range m.col {
		if fi >= 0 {
			mapped++
		}
	}
	seen := make([]map[string]int, len(s))
	for i, c := range s {
		if c.Unique && m.col[i] >= 0 {
			seen[i] = make(map[string]int, len(t.Rows))
		}
	}
	xlsx := t.Format == "xlsx"
	recs := make([]Record, 0, len(t.Rows))
	for ri, cells := range t.Rows {
		if cells == nil {
			continue
		}
		if ri == 0 && isExample(cells, m, s) {
			continue // the template's example row, left in by the user
		}
		row := ri + 2
		rep.Rows++
		vals := make(map[string]any, mapped)
		bad := false
		for i, c := range s {
			fi := m.col[i]
			if fi < 0 {
				continue
			}
			raw := ""
			if fi < len(cells) {
				raw = cells[fi]
			}
			v := unescapeFormula(strings.TrimSpace(raw))
			if v == "" {
				if c.Required {
					rep.Problems = append(rep.Problems, Problem{Row: row, Field: c.Key, Code: "field.required"})
					bad = true
				} else {
					vals[c.Key] = nil
				}
				continue
			}
			val, code, data := parseCell(c, m.enum[i], v, xlsx)
			if code == "" && c.MaxLen > 0 {
				if str, ok := val.(string); ok && utf8.RuneCountInString(str) > c.MaxLen {
					code, data = "field.too_long", map[string]any{"Max": c.MaxLen}
				}
			}
			if code == "" && seen[i] != nil {
				k := uniqueKey(c, val)
				if first, dup := seen[i][k]; dup {
					code, data = "import.duplicate_in_file", map[string]any{"FirstRow": first}
				} else {
					seen[i][k] = row
				}
			}
			if code != "" {
				rep.Problems = append(rep.Problems, Problem{Row: row, Field: c.Key, Code: code, Value: clip(raw), Data: data})
				bad = true
				continue
			}
			vals[c.Key] = val
		}
		recs = append(recs, Record{Row: row, Values: vals, Failed: bad})
	}
	return recs, rep
}

// isExample reports whether cells repeat the schema's Example values.
func isExample(cells []string, m Mapping, s Schema) bool {
	found := false
	for i, c := range s {
		fi := m.col[i]
		if fi < 0 {
			continue
		}
		v := ""
		if fi < len(cells) {
			v = strings.TrimSpace(cells[fi])
		}
		if v != strings.TrimSpace(c.Example) {
			return false
		}
		found = found || v != ""
	}
	return found
}

func uniqueKey(c Column, v any) string {
	switch x := v.(type) {
	case string:
		if c.Kind == Email || c.Kind == Enum {
			return strings.ToLower(x)
		}
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case money.Amount:
		return x.Decimal().Trim(0).String()
	case time.Time:
		return x.Format(time.DateOnly)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// unescapeFormula undoes NewWriter's CSV formula guard ("'=x" → "=x") so
// an exported file imports back unchanged.
func unescapeFormula(v string) string {
	if len(v) > 1 && v[0] == '\'' && strings.IndexByte("=+-@", v[1]) >= 0 {
		return v[1:]
	}
	return v
}

func clip(s string) string {
	if utf8.RuneCountInString(s) <= maxValueLen {
		return s
	}
	r := []rune(s)
	return string(r[:maxValueLen]) + "…"
}

// fold maps full-width digits and letters to ASCII (１３８ → 138).
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.TrimSpace(width.Fold.String(s))
		}
	}
	return s
}

func parseCell(c Column, enum map[string]string, v string, xlsx bool) (any, string, map[string]any) {
	switch c.Kind {
	case Int:
		return parseInt(fold(v))
	case Decimal:
		return parseDecimal(fold(v), xlsx)
	case Date:
		if d, ok := parseDate(fold(v), xlsx); ok {
			return d, "", nil
		}
		return nil, "import.invalid_date", map[string]any{"Example": "2026-11-23"}
	case Bool:
		if b, ok := bools[strings.ToLower(fold(v))]; ok {
			return b, "", nil
		}
		return nil, "import.invalid_bool", nil
	case Enum:
		if val, ok := enum[normalize(v)]; ok {
			return val, "", nil
		}
		return nil, "import.invalid_choice", map[string]any{"Values": strings.Join(c.Values, ", ")}
	case Email:
		v = fold(v)
		if ValidEmail(v) {
			return v, "", nil
		}
		return nil, "field.invalid_email", nil
	case Phone:
		v = fold(v)
		if ValidPhone(v) {
			return v, "", nil
		}
		return nil, "import.invalid_phone", nil
	}
	return v, "", nil
}

var bools = map[string]bool{
	"true": true, "false": false, "1": true, "0": false, "yes": true, "no": false,
	"y": true, "n": false, "是": true, "否": false, "真": true, "假": false,
}

// stripThousands removes "," group separators only when they are well formed
// ("1,234,567.5"), so a decimal comma ("1,5") stays an error.
func stripThousands(v string) string {
	if strings.IndexByte(v, ',') < 0 {
		return v
	}
	intPart, frac, hasFrac := strings.Cut(v, ".")
	sign := ""
	if intPart != "" && (intPart[0] == '-' || intPart[0] == '+') {
		sign, intPart = intPart[:1], intPart[1:]
	}
	groups := strings.Split(intPart, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return v
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return v
		}
	}
	out := sign + strings.Join(groups, "")
	if hasFrac {
		out += "." + frac
	}
	return out
}

func parseInt(v string) (any, string, map[string]any) {
	v = stripThousands(v)
	n, err := strconv.ParseInt(v, 10, 64)
	if err == nil {
		return n, "", nil
	}
	if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		return nil, "import.out_of_range", nil
	}
	if _, ferr := strconv.ParseFloat(v, 64); ferr == nil {
		return nil, "import.not_integer", nil
	}
	return nil, "field.not_number", nil
}

func parseDecimal(v string, xlsx bool) (any, string, map[string]any) {
	v = stripThousands(v)
	a, err := money.Parse(v)
	if err != nil && xlsx {
		// XLSX stores doubles: "0.30000000000000004" is what Excel shows as
		// 0.3. Round to Excel's 15 significant digits and try again.
		if f, ferr := strconv.ParseFloat(v, 64); ferr == nil {
			f, _ = strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
			a, err = money.Parse(strconv.FormatFloat(f, 'f', -1, 64))
		}
	}
	if err != nil {
		if strings.Contains(err.Error(), "decimals") {
			return nil, "import.too_many_decimals", map[string]any{"Max": money.Scale}
		}
		return nil, "field.not_number", nil
	}
	// money.Amount.Scaled does not catch every overflow (w*10000 can wrap),
	// so bound the value here: a scaled BIGINT holds ±922337203685477.5807.
	if a.Decimal().Abs().Cmp(maxAmount) > 0 {
		return nil, "import.out_of_range", nil
	}
	return a, "", nil
}

var maxAmount = decimal.MustParse("922337203685477.5807")

// parseDate accepts 2026-11-23, 2026/11/23, 2026.11.23, 2026-1-5, 20261123,
// 2026年11月23日, an optional trailing time of day (dropped), and in XLSX an
// Excel serial day number. The result is midnight UTC.
func parseDate(v string, xlsx bool) (time.Time, bool) {
	if xlsx && isNumber(v) {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 1 || f > 2958465 {
			return time.Time{}, false
		}
		t, err := excelize.ExcelDateToTime(f, false)
		if err != nil {
			return time.Time{}, false
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
	}
	if i := strings.IndexAny(v, " T"); i > 0 {
		v = v[:i]
	}
	var y, m, d int
	if len(v) == 8 && isDigits(v) {
		y, _ = strconv.Atoi(v[:4])
		m, _ = strconv.Atoi(v[4:6])
		d, _ = strconv.Atoi(v[6:])
	} else {
		v = strings.TrimSuffix(v, "日")
		parts := strings.FieldsFunc(v, func(r rune) bool {
			return r == '-' || r == '/' || r == '.' || r == '年' || r == '月'
		})
		if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) > 2 || len(parts[2]) > 2 ||
			!isDigits(parts[0]) || !isDigits(parts[1]) || !isDigits(parts[2]) {
			return time.Time{}, false
		}
		y, _ = strconv.Atoi(parts[0])
		m, _ = strconv.Atoi(parts[1])
		d, _ = strconv.Atoi(parts[2])
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1 || t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, false // 2026-02-30 must not roll over to March
	}
	return t, true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isNumber(s string) bool {
	intPart, frac, _ := strings.Cut(s, ".")
	return isDigits(intPart) && (frac == "" || isDigits(frac))
}

// ValidEmail is a practical check: one @, a dotted domain, no spaces or
// characters that need quoting. The record engine validates input with it too.
func ValidEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at > 64 || len(s) > 254 || strings.IndexByte(s, '@') != at {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if strings.ContainsAny(s, " \t\r\n<>(),;:\"[]\\") || strings.Contains(s, "..") ||
		local[0] == '.' || local[len(local)-1] == '.' {
		return false
	}
	dot := strings.LastIndexByte(domain, '.')
	if dot < 1 || dot == len(domain)-1 || domain[0] == '-' || domain[len(domain)-1] == '-' {
		return false
	}
	return true
}

// ValidPhone accepts a mobile or landline number with optional +country
// code, separators " -()" and an extension after 转, ext, x or #:
// 13800138000, +86 138-0013-8000, (010) 6512-3456 转 808. The record
// engine validates input with it too, so a file and a form agree.
func ValidPhone(s string) bool {
	main := strings.ToLower(s)
	for _, sep := range []string{"转", "ext.", "ext", "x", "#"} {
		if i := strings.Index(main, sep); i > 0 {
			ext := strings.TrimSpace(main[i+len(sep):])
			if !isDigits(ext) || len(ext) > 6 {
				return false
			}
			main = strings.TrimSpace(main[:i])
			break
		}
	}
	digits := 0
	for i := 0; i < len(main); i++ {
		switch ch := main[i]; {
		case ch >= '0' && ch <= '9':
			digits++
		case ch == '+' && i == 0:
		case ch == ' ' || ch == '-' || ch == '(' || ch == ')':
		default:
			return false
		}
	}
	return digits >= 5 && digits <= 20
}
