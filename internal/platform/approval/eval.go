package approval

import (
	"fmt"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/money"
)

// ops are the comparison operators a condition may use.
var ops = map[string]bool{"gt": true, "gte": true, "lt": true, "lte": true, "eq": true, "ne": true, "in": true}

// holds reports whether every condition holds for the document's fields.
// A field the document does not have makes its condition false.
func holds(conds []Condition, fields map[string]any) bool {
	for _, c := range conds {
		if !holdsOne(c, fields[c.Field]) {
			return false
		}
	}
	return true
}

func holdsOne(c Condition, v any) bool {
	if v == nil {
		return false
	}
	switch c.Op {
	case "gt", "gte", "lt", "lte":
		a, ok := decimalOf(v)
		b, err := money.Parse(strings.TrimSpace(c.Value))
		if !ok || err != nil {
			return false
		}
		cmp := a.Decimal().Cmp(b.Decimal())
		switch c.Op {
		case "gt":
			return cmp > 0
		case "gte":
			return cmp >= 0
		case "lt":
			return cmp < 0
		}
		return cmp <= 0
	case "eq":
		return text(v) == strings.TrimSpace(c.Value)
	case "ne":
		return text(v) != strings.TrimSpace(c.Value)
	case "in":
		listed := map[string]bool{}
		for _, s := range strings.Split(c.Value, ",") {
			listed[strings.TrimSpace(s)] = true
		}
		switch x := v.(type) {
		case []int64:
			for _, id := range x {
				if listed[fmt.Sprint(id)] {
					return true
				}
			}
			return false
		case []string:
			for _, s := range x {
				if listed[s] {
					return true
				}
			}
			return false
		}
		return listed[text(v)]
	}
	return false
}

func decimalOf(v any) (money.Amount, bool) {
	switch x := v.(type) {
	case money.Amount:
		return x, true
	case int64:
		return money.FromScaled(x * 10000), true
	case int:
		return money.FromScaled(int64(x) * 10000), true
	case string:
		a, err := money.Parse(x)
		return a, err == nil
	}
	return money.Amount{}, false
}

func text(v any) string {
	if a, ok := v.(money.Amount); ok {
		return a.String()
	}
	return fmt.Sprint(v)
}
