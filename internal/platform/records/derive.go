package records

import (
	"fmt"

	"github.com/taihe-erp/taihe/internal/platform/search"
)

// What the engine derives from a record's values on every write. Exported
// for writers that insert rows without the engine (the benchmark data
// generator), so their rows are searchable and duplicate-checked exactly
// like the engine's.

// SearchText is the search_text column of a record of t: search.Text over
// the Search fields, the name field first, then the others in declaration
// order ("" when t has no Search field).
func SearchText(t *Type, vals map[string]any) string {
	parts := searchParts(t, vals)
	if len(parts) == 0 {
		return ""
	}
	return search.Text(parts...)
}

// searchParts are the values SearchText indexes: the name first.
func searchParts(t *Type, vals map[string]any) []string {
	name := t.nameField()
	var parts []string
	add := func(v any) {
		switch x := v.(type) {
		case string:
			parts = append(parts, x)
		case []string:
			parts = append(parts, x...)
		case nil:
		default:
			parts = append(parts, fmt.Sprint(x))
		}
	}
	if f, ok := t.Field(name); ok && f.Search {
		add(vals[name])
	}
	for _, f := range t.Fields {
		if f.Search && f.Name != name {
			add(vals[f.Name])
		}
	}
	return parts
}

// DuplicateKeys are the record_keys rows of a record of t (field → key) for
// its non-empty Duplicate fields: phones as digits without the country code
// 86 ("p:13800138000"), other values folded like search input and prefixed
// with the field name ("name:杭州星辰科技").
func DuplicateKeys(t *Type, vals map[string]any) map[string]string {
	out := map[string]string{}
	for _, f := range t.Fields {
		if !f.Duplicate {
			continue
		}
		if k := dupKey(f, vals[f.Name]); k != "" {
			out[f.Name] = k
		}
	}
	return out
}
