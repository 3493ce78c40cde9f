package records

import (
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/search"
)

// meta is what the engine derives once from a Type: its SQL fragments and
// the fields grouped by the rules that apply to them. Built in New, never
// changed afterwards.
type meta struct {
	t      *Type
	fields []Field
	byName map[string]Field

	// selectCols reads a record with alias t, in the order scanRow expects.
	selectCols string
	insertSQL  string
	spec       list.Spec // sorts and the default sort

	searchFields []string // name first, then the others in declaration order
	index        search.Index
	unique       []string // Unique and Code fields
	dups         []string // Duplicate fields
	masked       []string // Phone fields with Mask
	showIf       map[string]showIf

	parent *meta   // the parent type of a child type (Of)
	refsIn []refIn // Ref fields of registered types that point here
}

type refIn struct {
	m     *meta
	field string
}

type showIf struct {
	field  string
	values []string
}

func (m *meta) key() string { return m.t.Key }

func (m *meta) hasSearch() bool { return len(m.searchFields) > 0 }

func buildMeta(t *Type) *meta {
	m := &meta{t: t, fields: t.Fields, byName: map[string]Field{}, showIf: map[string]showIf{},
		index: search.Index{Table: t.Key, Column: "search_text"}}
	cols := []string{"t.id", "t.version", "t.created_at", "t.updated_at"}
	ins := []string{"tenant_id", "version", "created_at", "updated_at", "created_by", "updated_by"}
	if t.Owned {
		cols = append(cols, "t.owner_id", "t.department_id")
		ins = append(ins, "owner_id", "department_id")
	}
	name := t.nameField()
	for _, f := range t.Fields {
		m.byName[f.Name] = f
		cols = append(cols, "t."+f.Name)
		ins = append(ins, f.Name)
		if f.Unique || f.Kind == Code {
			m.unique = append(m.unique, f.Name)
		}
		if f.Duplicate {
			m.dups = append(m.dups, f.Name)
		}
		if f.Kind == Phone && f.Mask {
			m.masked = append(m.masked, f.Name)
		}
		if f.Search && f.Name != name {
			m.searchFields = append(m.searchFields, f.Name)
		}
		if f.ShowIf != "" {
			other, vals, _ := strings.Cut(f.ShowIf, "=")
			m.showIf[f.Name] = showIf{field: other, values: strings.FieldsFunc(vals, func(r rune) bool { return r == ',' || r == '|' })}
		}
	}
	if f, ok := t.Field(name); ok && f.Search {
		m.searchFields = append([]string{name}, m.searchFields...)
	}
	if m.hasSearch() {
		ins = append(ins, "search_text")
	}
	m.spec = listSpec(t)
	m.selectCols = strings.Join(cols, ", ")
	m.insertSQL = "INSERT INTO " + t.Key + " (" + strings.Join(ins, ", ") + ") VALUES (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(ins)), ", ") + ")"
	return m
}

// link resolves the references between types once every meta exists.
func link(metas map[*Type]*meta, reg *Registry) {
	for _, t := range reg.types {
		m := metas[t]
		if t.Of != "" {
			pt, _ := reg.Type(m.byName[t.Of].Ref)
			m.parent = metas[pt]
		}
		for _, f := range t.Fields {
			if f.Kind == Ref {
				rt, _ := reg.Type(f.Ref)
				metas[rt].refsIn = append(metas[rt].refsIn, refIn{m: m, field: f.Name})
			}
		}
	}
}
