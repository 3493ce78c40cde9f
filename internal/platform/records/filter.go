package records

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
)

// textMatch is the FROM/WHERE part for the user's q: the search index when
// the type has Search fields, else LIKE over the name and code columns.
type textMatch struct {
	join, where string
	bind        func(more ...any) []any // the statement's arguments: the match's, then more
	// opts and params split bind for a statement using the match twice:
	// opts once first, then params per use.
	opts   []any
	params func(more ...any) []any
	all    bool // q was empty: every row of the tenant
}

func (s *Service) textMatch(sq db.Scoped, m *meta, q string) textMatch {
	q = strings.TrimSpace(q)
	if m.hasSearch() {
		c := m.index.Match(sq, "t", q)
		join := c.Join
		if join != "" {
			join = " " + join
		}
		return textMatch{join: join, where: c.Where, bind: c.Bind, opts: c.Opts(), params: c.Params, all: q == ""}
	}
	where := "t.tenant_id = ?"
	args := []any{sq.Tenant}
	if q != "" {
		like := db.ILike(sq)
		cols := []string{"t." + m.t.nameField()}
		if c := m.t.CodeFieldName(); c != "" && c != m.t.nameField() {
			cols = append(cols, "t."+c)
		}
		var ors []string
		for _, c := range cols {
			ors = append(ors, c+" "+like+` ? ESCAPE '\'`)
			args = append(args, "%"+likeEscaper.Replace(q)+"%")
		}
		where += " AND (" + strings.Join(ors, " OR ") + ")"
	}
	bind := func(more ...any) []any { return append(append([]any{}, args...), more...) }
	return textMatch{where: where, all: q == "", bind: bind, params: bind}
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// filterSQL turns the list filters into conditions on typed values.
func (s *Service) filterSQL(ctx context.Context, sq db.Scoped, m *meta, filters map[string]string) (string, []any, error) {
	names := make([]string, 0, len(filters))
	for k, v := range filters {
		if strings.TrimSpace(v) != "" {
			names = append(names, k)
		}
	}
	slices.Sort(names) // one SQL text per combination of filters
	var (
		sb   strings.Builder
		args []any
	)
	for _, name := range names {
		raw := strings.TrimSpace(filters[name])
		cond, cargs, err := s.filter(ctx, sq, m, name, raw)
		if err != nil {
			return "", nil, err
		}
		sb.WriteString(cond)
		args = append(args, cargs...)
	}
	return sb.String(), args, nil
}

func (s *Service) filter(ctx context.Context, sq db.Scoped, m *meta, name, raw string) (string, []any, error) {
	invalid := func() (string, []any, error) {
		return "", nil, errs.Invalid(errs.Field(name, "field.invalid"))
	}
	if m.t.Owned && (name == "owner_id" || name == "department_id") {
		n, ok, code := parseInt(raw)
		if code != "" || !ok {
			return invalid()
		}
		return " AND t." + name + " = ?", []any{n}, nil
	}
	for _, suffix := range []string{"_from", "_to"} {
		base, ok := strings.CutSuffix(name, suffix)
		if !ok {
			continue
		}
		op := " >= ?"
		if suffix == "_to" {
			op = " <= ?"
		}
		if base == "created_at" || base == "updated_at" {
			d, err := time.Parse(time.DateOnly, raw)
			if err != nil {
				return invalid()
			}
			if suffix == "_to" { // the whole day
				return " AND t." + base + " < ?", []any{d.AddDate(0, 0, 1)}, nil
			}
			return " AND t." + base + op, []any{d}, nil
		}
		f, ok := m.byName[base]
		if !ok || !f.Range {
			break
		}
		v, fe := parseField(Field{Name: name, Kind: f.Kind}, raw)
		if fe != nil {
			return "", nil, errs.Invalid(*fe)
		}
		if v == nil {
			return invalid()
		}
		col, err := toColumn(f, v)
		if err != nil {
			return invalid()
		}
		return " AND t." + base + op, []any{col}, nil
	}
	f, ok := m.byName[name]
	if !ok || !(f.Filter || name == m.t.Of) {
		return invalid()
	}
	switch f.Kind {
	case Tags:
		return " AND t." + name + ` LIKE ? ESCAPE '\'`, []any{"%|" + likeEscaper.Replace(fold(raw)) + "|%"}, nil
	case Ref:
		id, ok, code := parseInt(raw)
		if code != "" || !ok {
			return invalid()
		}
		tm := s.meta(s.refType(f))
		if tm.t.Parent == "" {
			return " AND t." + name + " = ?", []any{id}, nil
		}
		ids, err := s.descendants(ctx, sq, tm, id)
		if err != nil {
			return "", nil, err
		}
		return inList("t."+name, ids)
	case Dict:
		if d, _ := s.reg.Dictionary(f.Dict); d.Tree {
			codes, err := s.dictDescendants(ctx, sq, f.Dict, raw)
			if err != nil {
				return "", nil, err
			}
			return inList("t."+name, codes)
		}
	}
	v, fe := parseField(Field{Name: name, Kind: f.Kind, Values: f.Values, Dict: f.Dict}, raw)
	if fe != nil {
		return "", nil, errs.Invalid(*fe)
	}
	col, err := toColumn(f, v)
	if err != nil {
		return invalid()
	}
	return " AND t." + name + " = ?", []any{col}, nil
}

func inList[T any](col string, vals []T) (string, []any, error) {
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = v
	}
	in, args := padded(args)
	return " AND " + col + " IN (" + in + ")", args, nil
}

// dictDescendants is code and the codes of every item below it in a tree
// dictionary (a province and its cities and districts).
func (s *Service) dictDescendants(ctx context.Context, sq db.Scoped, dict, code string) ([]string, error) {
	td, err := s.dicts.get(ctx, db.Tenant(s.db.Read(), sq.Tenant))
	if err != nil {
		return nil, err
	}
	out := []string{code}
	root, ok := td.byCode[dict][code]
	if !ok {
		return out, nil
	}
	ids := map[int64]bool{root.ID: true}
	for changed := true; changed; {
		changed = false
		for _, it := range td.byDict[dict] {
			if it.Parent != nil && ids[*it.Parent] && !ids[it.ID] {
				ids[it.ID] = true
				out = append(out, it.Code)
				changed = true
			}
		}
	}
	return out, nil
}

// listSpec is the sorts of a type for package list.
func listSpec(t *Type) list.Spec {
	sp := list.Spec{Sorts: map[string]string{"id": "t.id", "created_at": "t.created_at", "updated_at": "t.updated_at"},
		DefaultSort: t.DefaultSort, ID: "t.id"}
	if sp.DefaultSort == "" {
		sp.DefaultSort = "-id"
	}
	for _, f := range t.Fields {
		if f.Sort {
			sp.Sorts[f.Name] = "t." + f.Name
		}
	}
	return sp
}
