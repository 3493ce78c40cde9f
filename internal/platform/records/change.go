package records

import (
	"slices"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// change is one save being prepared: the record's values after the input
// is applied, which fields the input set, and what went wrong so far.
type change struct {
	old    *Record // nil on create
	vals   map[string]any
	given  map[string]bool // set by the input (or by a default on create)
	failed map[string]bool // input that did not parse: no further checks
	hidden map[string]bool // hidden by ShowIf, so cleared
	c      errs.Collector

	// Owned types.
	owner, dept            int64
	ownerGiven             bool
	users, depts           []int64
	usersGiven, deptsGiven bool
}

func (ch *change) creating() bool { return ch.old == nil }

// changed reports whether the field's value differs from the stored one.
func (ch *change) changed(name string) bool {
	return ch.creating() || !equalValue(ch.vals[name], ch.old.Values[name])
}

// prepare parses in over the old values (update) or the defaults (create)
// and applies ShowIf. Parse errors are collected in ch.c.
func prepare(m *meta, sc tenant.Scope, in Input, old *Record) *change {
	ch := &change{old: old, vals: make(map[string]any, len(m.fields)),
		given: map[string]bool{}, failed: map[string]bool{}, hidden: map[string]bool{}}
	if old != nil {
		for k, v := range old.Values {
			ch.vals[k] = v
		}
		ch.owner, ch.dept = old.OwnerID, old.DepartmentID
		ch.users, ch.depts = old.SharedUsers, old.SharedDepts
	}
	canUnmask := sc.Can(tenant.P(m.t.Module, tenant.Unmask))
	for _, f := range m.fields {
		raw, ok := in[f.Name]
		if !ok || f.ReadOnly {
			continue
		}
		if old != nil {
			// A masked caller sends back what it was shown: keep the number.
			if f.Kind == Phone && f.Mask && !canUnmask && maskedEcho(raw, old.Values[f.Name]) {
				continue
			}
			// A blank code on update keeps the code it has.
			if f.Kind == Code && blank(raw) && old.Values[f.Name] != nil {
				continue
			}
		}
		v, fe := parseField(f, raw)
		if fe != nil {
			ch.c.AddField(*fe)
			ch.failed[f.Name] = true
			continue
		}
		ch.vals[f.Name] = v
		ch.given[f.Name] = true
	}
	if old == nil {
		for _, f := range m.fields {
			if ch.given[f.Name] || ch.failed[f.Name] {
				continue
			}
			var v any
			if f.Default != nil {
				var fe *errs.FieldError
				if v, fe = parseField(f, f.Default); fe != nil {
					panic("records: default of " + m.key() + "." + f.Name + " does not parse: " + fe.Code)
				}
			} else if f.Kind == Bool {
				v = false
			}
			ch.vals[f.Name] = v
			ch.given[f.Name] = v != nil
		}
	}
	if m.t.Owned {
		ch.ownerInput(sc, in)
	}
	for _, f := range m.fields {
		cond, ok := m.showIf[f.Name]
		if !ok || slices.Contains(cond.values, valueString(ch.vals[cond.field])) {
			continue
		}
		ch.hidden[f.Name] = true
		var cleared any
		if f.Kind == Bool {
			cleared = false
		}
		if !equalValue(ch.vals[f.Name], cleared) {
			ch.vals[f.Name] = cleared
			ch.given[f.Name] = true
		}
	}
	return ch
}

// ownerInput reads owner_id and the shared-with lists; the owner of a new
// record defaults to the actor.
func (ch *change) ownerInput(sc tenant.Scope, in Input) {
	if raw, ok := in["owner_id"]; ok {
		n, present, code := parseInt(raw)
		switch {
		case code != "" || (present && n <= 0):
			ch.c.Add("owner_id", "field.unknown")
		case !present:
			ch.c.Add("owner_id", "field.required")
		default:
			ch.owner, ch.ownerGiven = n, true
		}
	} else if ch.creating() && sc.Actor() != 0 {
		ch.owner, ch.ownerGiven = sc.Actor(), true
	}
	if raw, ok := in["shared_user_ids"]; ok {
		if ids, good := parseIDs(raw); good {
			ch.users, ch.usersGiven = ids, true
		} else {
			ch.c.Add("shared_user_ids", "field.unknown")
		}
	}
	if raw, ok := in["shared_department_ids"]; ok {
		if ids, good := parseIDs(raw); good {
			ch.depts, ch.deptsGiven = ids, true
		} else {
			ch.c.Add("shared_department_ids", "field.unknown")
		}
	}
}

// record is the record as it will be written (for hooks and the result).
func (ch *change) record(m *meta) Record {
	r := Record{Values: ch.vals, OwnerID: ch.owner, DepartmentID: ch.dept,
		SharedUsers: ch.users, SharedDepts: ch.depts, typ: m.t}
	if ch.old != nil {
		r.ID, r.Version, r.CreatedAt, r.UpdatedAt = ch.old.ID, ch.old.Version, ch.old.CreatedAt, ch.old.UpdatedAt
	}
	return r
}

func blank(raw any) bool {
	s, ok := asString(raw)
	return ok && strings.TrimSpace(s) == ""
}

func maskedEcho(raw, stored any) bool {
	s, ok := raw.(string)
	st, _ := stored.(string)
	return ok && st != "" && strings.TrimSpace(s) == access.MaskPhone(st)
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []string:
		return len(x) == 0
	}
	return false
}

// equalValue compares two typed values of one field.
func equalValue(a, b any) bool {
	if isEmpty(a) || isEmpty(b) {
		return isEmpty(a) && isEmpty(b)
	}
	switch x := a.(type) {
	case money.Amount:
		y, ok := b.(money.Amount)
		return ok && x.Decimal().Cmp(y.Decimal()) == 0
	case []string:
		y, ok := b.([]string)
		return ok && slices.Equal(x, y)
	}
	return a == b
}

// valueString is a value as ShowIf compares it.
func valueString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case money.Amount:
		return x.String()
	}
	return ""
}

func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}
