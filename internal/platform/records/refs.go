package records

import (
	"context"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// labels fills Labels of recs — referenced records' names, users' display
// names, departments, dictionary items and enum values in sc's language —
// with one query per referenced table for the whole page, never per row.
func (s *Service) labels(ctx context.Context, q db.Querier, sc tenant.Scope, m *meta, recs []Record) error {
	if len(recs) == 0 {
		return nil
	}
	sq := db.Tenant(q, sc.Tenant())
	refs := map[*meta]map[int64]string{}
	users := map[int64]string{}
	depts := map[int64]string{}
	needDicts := m.t == DictItems
	for _, f := range m.fields {
		switch f.Kind {
		case Ref:
			tm := s.meta(s.refType(f))
			if refs[tm] == nil {
				refs[tm] = map[int64]string{}
			}
			for _, r := range recs {
				if id, ok := r.Values[f.Name].(int64); ok {
					refs[tm][id] = ""
				}
			}
		case User:
			for _, r := range recs {
				if id, ok := r.Values[f.Name].(int64); ok {
					users[id] = ""
				}
			}
		case Dict, Tags:
			needDicts = true
		}
	}
	if m.t.Owned {
		for _, r := range recs {
			if r.OwnerID != 0 {
				users[r.OwnerID] = ""
			}
			if r.DepartmentID != 0 {
				depts[r.DepartmentID] = ""
			}
		}
	}
	var dicts *tenantDicts
	if needDicts {
		var err error
		// The cache loads from the read pool only (see dictCache).
		if dicts, err = s.dicts.get(ctx, db.Tenant(s.db.Read(), sc.Tenant())); err != nil {
			return err
		}
	}
	for tm, ids := range refs {
		if tm.t == DictItems {
			for id := range ids {
				if it, ok := dicts.byID[id]; ok {
					ids[id] = s.dictLabel(sc.Locale(), it)
				}
			}
			continue
		}
		if err := names(ctx, sq, tm.key(), "t."+tm.t.nameField(), ids); err != nil {
			return err
		}
	}
	if err := names(ctx, sq, "users", "t.display_name", users); err != nil {
		return err
	}
	if err := names(ctx, sq, "departments", "t.name", depts); err != nil {
		return err
	}
	loc := sc.Locale()
	for i := range recs {
		r := &recs[i]
		r.Labels = map[string]string{}
		for _, f := range m.fields {
			v := r.Values[f.Name]
			if v == nil {
				continue
			}
			switch f.Kind {
			case Ref:
				r.Labels[f.Name] = refs[s.meta(s.refType(f))][v.(int64)]
			case User:
				r.Labels[f.Name] = users[v.(int64)]
			case Enum:
				r.Labels[f.Name] = s.t(loc, m.t.EnumLabelKey(f.Name, v.(string)), nil)
			case Dict:
				r.Labels[f.Name] = dicts.label(s, loc, f.Dict, v.(string))
			case Tags:
				var ls []string
				for _, c := range v.([]string) {
					ls = append(ls, dicts.label(s, loc, f.Dict, c))
				}
				r.Labels[f.Name] = strings.Join(ls, listSep(loc))
			}
		}
		if m.t.Owned {
			if r.OwnerID != 0 {
				r.Labels["owner_id"] = users[r.OwnerID]
			}
			if r.DepartmentID != 0 {
				r.Labels["department_id"] = depts[r.DepartmentID]
			}
		}
		if m.t == DictItems {
			if it, ok := dicts.byID[r.ID]; ok {
				r.Labels["name"] = s.dictLabel(loc, it)
			}
			if d, ok := s.reg.Dictionary(r.String("dict")); ok {
				r.Labels["dict"] = s.t(loc, d.LabelKey(), nil)
			}
		}
	}
	return nil
}

// names fills ids with the column col of table's rows (one query).
func names(ctx context.Context, q db.Scoped, table, col string, ids map[int64]string) error {
	if len(ids) == 0 {
		return nil
	}
	list := make([]any, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	in, list := padded(list)
	var rows []struct {
		ID   int64   `db:"id"`
		Name *string `db:"name"`
	}
	if err := q.Select(ctx, &rows, "SELECT t.id, "+col+" AS name FROM "+table+" t WHERE t.tenant_id = ? AND t.id IN ("+in+")",
		append([]any{q.Tenant}, list...)...); err != nil {
		return err
	}
	for _, r := range rows {
		if r.Name != nil {
			ids[r.ID] = *r.Name
		}
	}
	return nil
}

func listSep(locale string) string {
	if strings.HasPrefix(locale, "zh") || locale == "" {
		return "、"
	}
	return ", "
}
