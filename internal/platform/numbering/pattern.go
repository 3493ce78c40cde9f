package numbering

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
)

// Reset policies: when the counter starts again at 1.
const (
	ResetNever   = "never"
	ResetYearly  = "yearly"
	ResetMonthly = "monthly"
	ResetDaily   = "daily"
)

const (
	maxPatternLen = 64 // characters; numbers are printed on narrow forms
	maxDocTypeLen = 64
	maxSeqWidth   = 12 // a BIGINT counter never needs more padding than this
)

// part is one piece of a parsed pattern: literal text or a token.
type part struct {
	lit   string
	tok   string // "yyyy", "yy", "mm", "dd" or "seq"; "" for a literal
	width int    // for "seq"
}

// Validate checks a sequence as Configure stores it. Beyond syntax it refuses
// a reset policy whose period is not visible in the pattern: "SO-{seq:4}"
// resetting monthly would print SO-0001 again every month.
func Validate(s Sequence) error {
	var bad []errs.FieldError
	switch {
	case s.DocType == "":
		bad = append(bad, errs.Field("doc_type", "field.required"))
	case utf8.RuneCountInString(s.DocType) > maxDocTypeLen:
		bad = append(bad, errs.Field("doc_type", "field.too_long", "Max", maxDocTypeLen))
	case !validDocType(s.DocType):
		bad = append(bad, errs.Field("doc_type", "field.invalid"))
	}
	resetOK := s.Reset == ResetNever || s.Reset == ResetYearly || s.Reset == ResetMonthly || s.Reset == ResetDaily
	if !resetOK {
		bad = append(bad, errs.Field("reset", "numbering.bad_reset"))
	}
	parts, fe := parse(s.Pattern)
	if fe != nil {
		bad = append(bad, *fe)
	} else if resetOK && !showsPeriod(parts, s.Reset) {
		bad = append(bad, errs.Field("pattern", "numbering.reset_needs_date", "Reset", s.Reset))
	}
	if len(bad) > 0 {
		return errs.Invalid(bad...)
	}
	return nil
}

func validDocType(s string) bool {
	for i, r := range s {
		ok := r >= 'a' && r <= 'z' || i > 0 && (r >= '0' && r <= '9' || r == '_' || r == '.')
		if !ok {
			return false
		}
	}
	return true
}

// parse splits a pattern into literals and tokens; it needs exactly one
// {seq:N}, since without it every document would get the same number.
func parse(p string) ([]part, *errs.FieldError) {
	bad := func(token string) *errs.FieldError {
		f := errs.Field("pattern", "numbering.bad_pattern", "Token", token)
		return &f
	}
	if p == "" {
		f := errs.Field("pattern", "field.required")
		return nil, &f
	}
	if utf8.RuneCountInString(p) > maxPatternLen {
		f := errs.Field("pattern", "field.too_long", "Max", maxPatternLen)
		return nil, &f
	}
	var parts []part
	seqs := 0
	for rest := p; rest != ""; {
		open := strings.IndexAny(rest, "{}")
		if open < 0 {
			open = len(rest)
		}
		if lit := rest[:open]; lit != "" {
			if strings.IndexFunc(lit, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
				return nil, bad(lit)
			}
			parts = append(parts, part{lit: lit})
		}
		rest = rest[open:]
		if rest == "" {
			break
		}
		end := strings.IndexByte(rest, '}')
		if rest[0] == '}' || end < 0 {
			return nil, bad(rest)
		}
		tok := rest[1:end]
		rest = rest[end+1:]
		switch {
		case tok == "yyyy" || tok == "yy" || tok == "mm" || tok == "dd":
			parts = append(parts, part{tok: tok})
		case strings.HasPrefix(tok, "seq:"):
			w, err := strconv.Atoi(tok[len("seq:"):])
			if err != nil || w < 1 || w > maxSeqWidth {
				return nil, bad("{" + tok + "}")
			}
			seqs++
			parts = append(parts, part{tok: "seq", width: w})
		default:
			return nil, bad("{" + tok + "}")
		}
	}
	if seqs != 1 {
		f := errs.Field("pattern", "numbering.need_one_seq")
		return nil, &f
	}
	return parts, nil
}

func showsPeriod(parts []part, reset string) bool {
	has := map[string]bool{}
	for _, p := range parts {
		has[p.tok] = true
	}
	year := has["yyyy"] || has["yy"]
	switch reset {
	case ResetYearly:
		return year
	case ResetMonthly:
		return year && has["mm"]
	case ResetDaily:
		return year && has["mm"] && has["dd"]
	}
	return true
}

// Format renders pattern for counter value n at time t (China time), e.g. for
// a settings page preview. The sequence is zero-padded to its width and grows
// beyond it rather than wrapping, so numbers stay unique.
func Format(pattern string, t time.Time, n int64) (string, error) {
	parts, fe := parse(pattern)
	if fe != nil {
		return "", errs.Invalid(*fe)
	}
	return render(parts, t, n), nil
}

func render(parts []part, t time.Time, n int64) string {
	t = t.In(i18n.Location)
	var b strings.Builder
	for _, p := range parts {
		switch p.tok {
		case "":
			b.WriteString(p.lit)
		case "yyyy":
			b.WriteString(pad(int64(t.Year()), 4))
		case "yy":
			b.WriteString(pad(int64(t.Year()%100), 2))
		case "mm":
			b.WriteString(pad(int64(t.Month()), 2))
		case "dd":
			b.WriteString(pad(int64(t.Day()), 2))
		case "seq":
			b.WriteString(pad(n, p.width))
		}
	}
	return b.String()
}

func pad(n int64, width int) string {
	s := strconv.FormatInt(n, 10)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

// Period is the counter key for a reset policy at time t: "" for never,
// "2026", "2026-11" or "2026-11-23". It uses China time, so a document made
// at 00:30 Beijing time on 1 December counts in December, not November.
func Period(reset string, t time.Time) string {
	t = t.In(i18n.Location)
	switch reset {
	case ResetYearly:
		return t.Format("2006")
	case ResetMonthly:
		return t.Format("2006-01")
	case ResetDaily:
		return t.Format("2006-01-02")
	}
	return ""
}
