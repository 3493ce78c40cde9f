package recordio

import (
	"context"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// chunk bounds the values of one IN (…) list.
const chunk = 500

// refIndex is what an import learned of one referenced type: records by
// code and by name, for the values the file holds.
type refIndex struct {
	t          *records.Type
	code, name string // columns; "" when the type has none
	byCode     map[string]int64
	byName     map[string][]int64
	codeOf     map[int64]string // export: id → code
}

func (l *lookups) ref(rt *records.Type) *refIndex {
	if x := l.refs[rt.Key]; x != nil {
		return x
	}
	x := &refIndex{t: rt, code: rt.CodeFieldName(), byCode: map[string]int64{}, byName: map[string][]int64{}, codeOf: map[int64]string{}}
	if _, ok := rt.Field(rt.NameFieldName()); ok {
		x.name = rt.NameFieldName()
	}
	l.refs[rt.Key] = x
	return x
}

// preload reads, in chunks, the records of x's type whose code or name is
// one of values and which sc may see. The engine checks visibility again
// on write; filtering here only keeps a record sc cannot see from making a
// name ambiguous (which would tell that it exists).
func (l *lookups) preload(ctx context.Context, q db.Querier, x *refIndex, values []string) error {
	if x.code == "" && x.name == "" {
		return nil
	}
	sq := db.Tenant(q, l.sc.Tenant())
	vis, vargs := visibleSQL(l.sc, x.t)
	for len(values) > 0 {
		n := min(len(values), chunk)
		part := values[:n]
		values = values[n:]
		ph := strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ")
		args := []any{sq.Tenant}
		var conds []string
		for _, col := range []string{x.code, x.name} {
			if col == "" {
				continue
			}
			conds = append(conds, col+" IN ("+ph+")")
			for _, v := range part {
				args = append(args, v)
			}
		}
		cols := "id, " + or(x.code, "''") + " AS code, " + or(x.name, "''") + " AS name"
		cond := "(" + strings.Join(conds, " OR ") + ")"
		var rows []struct {
			ID   int64   `db:"id"`
			Code *string `db:"code"`
			Name *string `db:"name"`
		}
		if err := sq.Select(ctx, &rows, "SELECT "+cols+" FROM "+x.t.Key+" WHERE tenant_id = ? AND "+cond+vis,
			append(args, vargs...)...); err != nil {
			return err
		}
		for _, r := range rows {
			x.add(r.ID, deref(r.Code), deref(r.Name))
		}
	}
	return nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (x *refIndex) add(id int64, code, name string) {
	if code != "" {
		x.byCode[code] = id
		x.codeOf[id] = code
	}
	if name != "" {
		for _, have := range x.byName[name] {
			if have == id {
				return
			}
		}
		x.byName[name] = append(x.byName[name], id)
	}
}

// resolve finds the record a cell names: by code first, then by name (a
// name two records share is ambiguous: use the code).
func (x *refIndex) resolve(v string) (int64, string) {
	v = strings.TrimSpace(v)
	if id, ok := x.byCode[v]; ok {
		return id, ""
	}
	switch ids := x.byName[v]; len(ids) {
	case 0:
		return 0, "recordio.unknown_ref"
	case 1:
		return ids[0], ""
	}
	return 0, "recordio.ambiguous"
}

// codes reads the codes of referenced records an export shows, for the ids
// not seen yet.
func (l *lookups) codes(ctx context.Context, x *refIndex, ids []int64) error {
	if x.code == "" {
		return nil
	}
	var todo []int64
	for _, id := range ids {
		if _, ok := x.codeOf[id]; !ok {
			todo = append(todo, id)
			x.codeOf[id] = "" // asked once, even if it has none
		}
	}
	sq := db.Tenant(l.s.db.Read(), l.sc.Tenant())
	for len(todo) > 0 {
		n := min(len(todo), chunk)
		part := todo[:n]
		todo = todo[n:]
		args := []any{sq.Tenant}
		for _, id := range part {
			args = append(args, id)
		}
		var rows []struct {
			ID   int64   `db:"id"`
			Code *string `db:"code"`
		}
		ph := strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ")
		if err := sq.Select(ctx, &rows, "SELECT id, "+x.code+" AS code FROM "+x.t.Key+" WHERE tenant_id = ? AND id IN ("+ph+")", args...); err != nil {
			return err
		}
		for _, r := range rows {
			x.codeOf[r.ID] = deref(r.Code)
		}
	}
	return nil
}

// visibleSQL restricts rows of an Owned type to sc's data scope and to the
// records shared with sc, the rule of package records (records/scope.go),
// for picking among candidates by name. Other types have no restriction of
// their own here.
func visibleSQL(sc tenant.Scope, t *records.Type) (string, []any) {
	if !t.Owned {
		return "", nil
	}
	cond, args := sc.Visibility(t.Module, "owner_id", "department_id")
	if cond == "" {
		return "", nil
	}
	share := "id IN (SELECT record_id FROM record_shares WHERE tenant_id = ? AND record_type = ? AND (user_id = ?"
	args = append(args, sc.Tenant(), t.Key, sc.Actor())
	if sc.Dept() != 0 {
		share += " OR department_id = ?"
		args = append(args, sc.Dept())
	}
	return " AND (" + strings.TrimPrefix(cond, " AND ") + " OR " + share + "))", args
}
