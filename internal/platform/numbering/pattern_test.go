package numbering

import (
	"strings"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// cst builds a wall-clock time in China; the package must format in it.
func cst(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.FixedZone("CST", 8*3600))
}

func TestFormat(t *testing.T) {
	nov15 := cst(2026, 11, 15, 10, 0)
	tests := []struct {
		pattern string
		at      time.Time
		n       int64
		want    string
	}{
		{"SO{yyyy}{mm}-{seq:5}", nov15, 1, "SO202611-00001"},
		{"{yy}{mm}{dd}{seq:3}", nov15, 7, "261115007"},
		{"PO-{seq:3}", nov15, 1234, "PO-1234"}, // grows past the width, never wraps
		{"PO-{seq:1}", nov15, 9, "PO-9"},
		{"销售{yyyy}-{seq:4}", nov15, 12, "销售2026-0012"},
		// 16:30 UTC on 30 Nov is already 1 Dec in Beijing.
		{"{yyyy}{mm}{dd}-{seq:2}", time.Date(2026, 11, 30, 16, 30, 0, 0, time.UTC), 1, "20261201-01"},
		{"{yy}/{seq:2}", cst(2009, 1, 1, 0, 0), 3, "09/03"},
	}
	for _, tc := range tests {
		got, err := Format(tc.pattern, tc.at, tc.n)
		if err != nil || got != tc.want {
			t.Errorf("Format(%q, %v, %d) = %q, %v; want %q", tc.pattern, tc.at, tc.n, got, err, tc.want)
		}
	}
}

func TestPeriod(t *testing.T) {
	lastNov := time.Date(2026, 11, 30, 15, 59, 59, 0, time.UTC) // 23:59:59 Beijing
	firstDec := lastNov.Add(time.Second)
	tests := []struct {
		reset string
		at    time.Time
		want  string
	}{
		{ResetNever, lastNov, ""},
		{ResetYearly, lastNov, "2026"},
		{ResetMonthly, lastNov, "2026-11"},
		{ResetMonthly, firstDec, "2026-12"},
		{ResetDaily, lastNov, "2026-11-30"},
		{ResetDaily, firstDec, "2026-12-01"},
		{ResetYearly, time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC), "2027"},
	}
	for _, tc := range tests {
		if got := Period(tc.reset, tc.at); got != tc.want {
			t.Errorf("Period(%s, %v) = %q, want %q", tc.reset, tc.at, got, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	ok := []Sequence{
		{"sales.order", "SO{yyyy}{mm}-{seq:5}", ResetMonthly},
		{"sales.order", "SO{yy}{mm}{dd}{seq:3}", ResetDaily},
		{"invoice", "INV{yy}-{seq:4}", ResetYearly},
		{"customer", "C{seq:6}", ResetNever},
		{"customer", "C{yyyy}{seq:6}", ResetNever},
	}
	for _, s := range ok {
		if err := Validate(s); err != nil {
			t.Errorf("Validate(%+v) = %v, want nil", s, err)
		}
	}
	bad := []struct {
		seq         Sequence
		field, code string
	}{
		{Sequence{"x", "", ResetNever}, "pattern", "field.required"},
		{Sequence{"x", "SO", ResetNever}, "pattern", "numbering.need_one_seq"},
		{Sequence{"x", "{seq:2}-{seq:3}", ResetNever}, "pattern", "numbering.need_one_seq"},
		{Sequence{"x", "SO-{seq}", ResetNever}, "pattern", "numbering.bad_pattern"},
		{Sequence{"x", "SO-{seq:0}", ResetNever}, "pattern", "numbering.bad_pattern"},
		{Sequence{"x", "SO-{seq:13}", ResetNever}, "pattern", "numbering.bad_pattern"},
		{Sequence{"x", "SO-{seq:-1}", ResetNever}, "pattern", "numbering.bad_pattern"},
		{Sequence{"x", "SO-{yyyy{seq:3}", ResetNever}, "pattern", "numbering.bad_pattern"},
		{Sequence{"x", "SO-{seq:3", ResetNever}, "pattern", "numbering.bad_pattern"},
		{Sequence{"x", "SO}-{seq:3}", ResetNever}, "pattern", "numbering.bad_pattern"},
		{Sequence{"x", "{YYYY}{seq:3}", ResetNever}, "pattern", "numbering.bad_pattern"},
		{Sequence{"x", "{foo}{seq:3}", ResetNever}, "pattern", "numbering.bad_pattern"},
		{Sequence{"x", "SO\t{seq:3}", ResetNever}, "pattern", "numbering.bad_pattern"},
		{Sequence{"x", "SO-{seq:3}" + strings.Repeat("x", 60), ResetNever}, "pattern", "field.too_long"},
		{Sequence{"x", "SO-{seq:4}", ResetMonthly}, "pattern", "numbering.reset_needs_date"},
		{Sequence{"x", "SO{yyyy}-{seq:4}", ResetMonthly}, "pattern", "numbering.reset_needs_date"},
		{Sequence{"x", "SO{mm}-{seq:4}", ResetMonthly}, "pattern", "numbering.reset_needs_date"},
		{Sequence{"x", "SO{yyyy}{mm}-{seq:4}", ResetDaily}, "pattern", "numbering.reset_needs_date"},
		{Sequence{"x", "SO{mm}-{seq:4}", ResetYearly}, "pattern", "numbering.reset_needs_date"},
		{Sequence{"x", "SO-{seq:4}", "weekly"}, "reset", "numbering.bad_reset"},
		{Sequence{"x", "SO-{seq:4}", ""}, "reset", "numbering.bad_reset"},
		{Sequence{"", "SO-{seq:4}", ResetNever}, "doc_type", "field.required"},
		{Sequence{"Sales", "SO-{seq:4}", ResetNever}, "doc_type", "field.invalid"},
		{Sequence{"1x", "SO-{seq:4}", ResetNever}, "doc_type", "field.invalid"},
		{Sequence{"a b", "SO-{seq:4}", ResetNever}, "doc_type", "field.invalid"},
	}
	for _, tc := range bad {
		assertField(t, Validate(tc.seq), tc.field, tc.code)
	}
}

// assertField checks err is Invalid and names exactly this field and code.
func assertField(t *testing.T, err error, field, code string) {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.KindInvalid {
		t.Errorf("want Invalid %s/%s, got %v", field, code, err)
		return
	}
	if len(e.Fields) != 1 || e.Fields[0].Field != field || e.Fields[0].Code != code {
		t.Errorf("want one field error %s/%s, got %v", field, code, e.Fields)
	}
}

func TestFormatRejectsBadPattern(t *testing.T) {
	_, err := Format("SO-{seq:3}{dd", time.Now(), 1)
	assertField(t, err, "pattern", "numbering.bad_pattern")
}

func TestNewPanicsOnBadDefaults(t *testing.T) {
	for name, defs := range map[string][]Sequence{
		"invalid":   {{"sales.order", "SO", ResetNever}},
		"duplicate": {{"a", "A{seq:2}", ResetNever}, {"a", "B{seq:2}", ResetNever}},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("New did not panic")
				}
			}()
			New(defs...)
		})
	}
}
