package recordapi

import (
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// listKeys are the query parameters every list shares (API.md § Reading).
var listKeys = map[string]bool{"q": true, "sort": true, "limit": true, "cursor": true, "page": true}

// ListQuery turns a list URL's query string into the engine's list.Query:
// q, sort, limit, cursor and page, and every filter the Type declares
// (FilterNames). Any other parameter is a 422 field error, so a misspelt
// filter never silently lists everything. ignore names parameters the
// caller handles itself (export's "format"). Pages and exports may use it
// too, so that a filtered list, its export and its API answer alike.
func ListQuery(t *records.Type, v url.Values, ignore ...string) (list.Query, error) {
	q := list.Query{Q: v.Get("q"), Sort: v.Get("sort"), Cursor: v.Get("cursor"), Filters: map[string]string{}}
	var c errs.Collector
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		switch {
		case err != nil || n < 0:
			c.Add("limit", "field.invalid")
		case n > list.MaxLimit:
			c.Add("limit", "list.limit_max", "Max", list.MaxLimit)
		}
		q.Limit = n
	}
	if s := v.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			c.Add("page", "field.invalid")
		}
		q.Page = n
	}
	allowed := map[string]bool{}
	for _, n := range FilterNames(t) {
		allowed[n] = true
	}
	skip := map[string]bool{}
	for _, n := range ignore {
		skip[n] = true
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch {
		case listKeys[k], skip[k]:
		case allowed[k]:
			if s := v.Get(k); s != "" {
				q.Filters[k] = s
			}
		default:
			c.Add(k, "recordapi.unknown_filter")
		}
	}
	return q, c.Err()
}

// FilterNames lists the list filters of t, as List takes them: every
// Filter field, "<name>_from"/"<name>_to" of Range fields and of the
// timestamps (API.md: created_at_from…), owner_id and department_id of
// Owned types, and the parent field of a child type.
func FilterNames(t *records.Type) []string {
	var out []string
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, f := range t.Fields {
		if f.Filter {
			add(f.Name)
		}
		if f.Range {
			add(f.Name + "_from")
			add(f.Name + "_to")
		}
	}
	for _, ts := range []string{"created_at", "updated_at"} {
		add(ts + "_from")
		add(ts + "_to")
	}
	if t.Owned {
		add("owner_id")
		add("department_id")
	}
	if t.Of != "" {
		add(t.Of)
	}
	return out
}

// listParams documents the list's query parameters; the handler reads the
// raw query through ListQuery.
func listParams(t *records.Type) []*huma.Param {
	str := func() *huma.Schema { return &huma.Schema{Type: huma.TypeString} }
	ps := []*huma.Param{
		{Name: "q", In: "query", Schema: str(), Description: "Fuzzy search over names, codes, phones and the pinyin of Chinese names"},
		{Name: "sort", In: "query", Schema: &huma.Schema{Type: huma.TypeString, Enum: sortValues(t)},
			Description: "Field name, '-' prefix for descending"},
		{Name: "limit", In: "query", Schema: &huma.Schema{Type: huma.TypeInteger, Minimum: ptr(0.0), Maximum: ptr(float64(list.MaxLimit))}},
		{Name: "cursor", In: "query", Schema: str(), Description: "next_cursor of the previous page"},
		{Name: "page", In: "query", Schema: &huma.Schema{Type: huma.TypeInteger, Minimum: ptr(0.0)}, Description: "Jump to page (when no cursor)"},
	}
	for _, n := range FilterNames(t) {
		ps = append(ps, &huma.Param{Name: n, In: "query", Schema: filterSchema(t, n), Description: filterDesc(t, n)})
	}
	return ps
}

func sortValues(t *records.Type) []any {
	out := []any{"id", "-id", "created_at", "-created_at", "updated_at", "-updated_at"}
	for _, f := range t.Fields {
		if f.Sort {
			out = append(out, f.Name, "-"+f.Name)
		}
	}
	return out
}

// filterSchema is the value of a filter: the field's own type (an id for
// ownership and parent filters).
func filterSchema(t *records.Type, name string) *huma.Schema {
	f, ok := t.Field(name)
	if !ok {
		for _, suffix := range []string{"_from", "_to"} {
			if base := trimSuffix(name, suffix); base != name {
				f, ok = t.Field(base)
				break
			}
		}
	}
	switch {
	case strings.HasPrefix(name, "created_at_") || strings.HasPrefix(name, "updated_at_"):
		return &huma.Schema{Type: huma.TypeString, Format: "date"}
	case !ok:
		return idSchema("", false)
	}
	s := fieldSchema(docs{}, t, f, false)
	if f.Kind == records.Tags {
		s = &huma.Schema{Type: huma.TypeString, Description: "Records carrying this tag code"}
	}
	return s
}

func filterDesc(t *records.Type, name string) string {
	switch {
	case name == "owner_id" || name == "department_id":
		return "Records of this " + trimSuffix(name, "_id") + " (within the caller's data scope)"
	case name == t.Of:
		return "Records of this parent"
	case strings.HasPrefix(name, "created_at_") || strings.HasPrefix(name, "updated_at_"):
		return "From or to this day (inclusive), in UTC"
	case strings.HasSuffix(name, "_from"):
		return "At least this value (inclusive)"
	case strings.HasSuffix(name, "_to"):
		return "At most this value (inclusive)"
	}
	if f, ok := t.Field(name); ok && f.Kind == records.Ref {
		return "Exact match; for a tree, the node and its descendants"
	}
	return "Exact match"
}

func trimSuffix(s, suffix string) string {
	base, _ := strings.CutSuffix(s, suffix)
	return base
}
