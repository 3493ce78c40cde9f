package money

import (
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// ParseField reads a decimal a user typed into a form or JSON field (thousands
// separators allowed) as its stored integer, adding field errors to c: empty
// is required unless zeroOK (then 0), not a number, more than 4 decimals or
// too large, and ≤ 0 when positive or < 0 otherwise.
func ParseField(c *errs.Collector, field, s string, positive, zeroOK bool) int64 {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	if s == "" {
		if positive || !zeroOK {
			c.Add(field, "field.required")
		}
		return 0
	}
	a, err := Parse(s)
	if err != nil {
		c.Add(field, "field.not_number")
		return 0
	}
	v, err := a.Scaled()
	switch {
	case err != nil:
		c.Add(field, "field.too_large")
	case positive && v <= 0:
		c.Add(field, "field.positive")
	case v < 0:
		c.Add(field, "field.not_negative")
	}
	return v
}
