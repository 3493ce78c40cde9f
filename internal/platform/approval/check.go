package approval

import (
	"context"
	"fmt"
	"slices"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
)

// opsOf are the operators that make sense for a field kind: amounts are
// compared, text is matched, a list (a party's groups) is searched.
var opsOf = map[string][]string{
	"decimal": {"gt", "gte", "lt", "lte", "eq", "ne"},
	"text":    {"eq", "ne", "in"},
	"list":    {"in"},
}

// checkRule collects the problems of a rule that need no database as
// field errors ("conditions[0].op", "levels[1]"). A document type that is
// not registered (yet: a module's own tests save rules without the app's
// wiring) gets only the checks that need no field list.
func checkRule(r Rule, h DocHandler, known bool, c *errs.Collector) {
	if r.DocType == "" {
		c.Add("doc_type", "field.required")
	}
	if r.Name == "" {
		c.Add("name", "field.required")
	} else if len([]rune(r.Name)) > 100 {
		c.Add("name", "field.too_long", "Max", 100)
	}
	for i, cond := range r.Conditions {
		at := fmt.Sprintf("conditions[%d].", i)
		kind := ""
		if cond.Field == "" {
			c.Add(at+"field", "field.required")
		} else if known {
			for _, f := range h.Fields {
				if f.Name == cond.Field {
					kind = f.Kind
				}
			}
			if kind == "" {
				c.Add(at+"field", "field.invalid")
			}
		}
		switch {
		case !ops[cond.Op]:
			c.Add(at+"op", "field.invalid")
		case kind != "" && !slices.Contains(opsOf[kind], cond.Op):
			c.Add(at+"op", "approval.op_not_for_field")
		}
		if cond.Value == "" {
			c.Add(at+"value", "field.required")
		} else if kind == "decimal" || cond.Op == "gt" || cond.Op == "gte" || cond.Op == "lt" || cond.Op == "lte" {
			if _, err := money.Parse(cond.Value); err != nil {
				c.Add(at+"value", "field.not_number")
			}
		}
	}
	if len(r.Levels) == 0 {
		c.Add("levels", "approval.levels_required")
	}
	for i, l := range r.Levels {
		switch l.kinds() {
		case 0:
			c.Add(fmt.Sprintf("levels[%d]", i), "approval.level_no_approvers")
		case 1:
		default:
			c.Add(fmt.Sprintf("levels[%d]", i), "approval.level_one_kind")
		}
	}
}

// checkApprovers checks that each level's role exists in the tenant and
// its named users are active staff users of it.
func checkApprovers(ctx context.Context, q db.Scoped, levels []Level, c *errs.Collector) error {
	for i, l := range levels {
		if l.Role != "" {
			var n int
			if err := q.Get(ctx, &n, `SELECT count(*) FROM roles WHERE tenant_id = ? AND code = ?`, q.Tenant, l.Role); err != nil {
				return err
			}
			if n == 0 {
				c.Add(fmt.Sprintf("levels[%d].role", i), "field.unknown")
			}
		}
		if len(l.Users) > 0 {
			ids, err := approvers(ctx, q, Level{Users: l.Users}, 0)
			if err != nil {
				return err
			}
			for _, u := range l.Users {
				if !slices.Contains(ids, u) {
					c.Add(fmt.Sprintf("levels[%d].users", i), "field.unknown")
					break
				}
			}
		}
	}
	return nil
}
