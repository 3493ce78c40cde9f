package recordapi

import (
	"fmt"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// The OpenAPI schemas of a Type are built from its fields, so the document
// describes every definition-driven record exactly (types, enums, required,
// lengths, decimal strings, dates, nullability) instead of an untyped
// object. huma derives schemas from Go types; a Type has none, so these are
// registered in the API's components by hand.

// schemaNames are the component names of one Type's schemas.
type schemaNames struct {
	Record, Input, Patch, List string
}

func namesOf(t *records.Type) schemaNames {
	n := typeName(t.Key)
	return schemaNames{Record: n, Input: n + "Input", Patch: n + "Patch", List: n + "List"}
}

func ref(name string) *huma.Schema { return &huma.Schema{Ref: "#/components/schemas/" + name} }

// registerSchemas adds the record, create, patch and list schemas of t to
// the API's components. A name already taken (by a Go type or another
// Type) is a wiring bug.
func registerSchemas(reg huma.Registry, d docs, t *records.Type) schemaNames {
	n := namesOf(t)
	m := reg.Map()
	for name, s := range map[string]*huma.Schema{
		n.Record: recordSchema(d, t),
		n.Input:  inputSchema(d, t, false),
		n.Patch:  inputSchema(d, t, true),
		n.List:   listSchema(n.Record),
	} {
		if _, ok := m[name]; ok {
			panic("recordapi: OpenAPI schema name taken: " + name)
		}
		m[name] = s
	}
	return n
}

// recordSchema is the record as the API returns it (records.Record JSON).
func recordSchema(d docs, t *records.Type) *huma.Schema {
	s := &huma.Schema{Type: huma.TypeObject, Title: d.title(t.Label), Properties: map[string]*huma.Schema{}}
	add := func(name string, p *huma.Schema) {
		s.Properties[name] = p
		s.Required = append(s.Required, name)
	}
	add("id", &huma.Schema{Type: huma.TypeInteger, Format: "int64", ReadOnly: true})
	add("version", &huma.Schema{Type: huma.TypeInteger, ReadOnly: true,
		Description: "Increases on every change; send it back with PATCH and DELETE."})
	add("created_at", &huma.Schema{Type: huma.TypeString, Format: "date-time", ReadOnly: true})
	add("updated_at", &huma.Schema{Type: huma.TypeString, Format: "date-time", ReadOnly: true})
	for _, f := range t.Fields {
		p := fieldSchema(d, t, f, false)
		p.Nullable = p.Nullable || (!f.Required && f.Kind != records.Bool)
		p.ReadOnly = f.ReadOnly
		nullEnum(p)
		add(f.Name, p)
	}
	if t.Owned {
		add("owner_id", idSchema("The user who owns the record", true))
		add("department_id", idSchema("The owner's department", true))
		add("shared_user_ids", idsSchema("Users the record is shared with"))
		add("shared_department_ids", idsSchema("Departments the record is shared with"))
	}
	for _, name := range labelled(t) {
		s.Properties[name+"_label"] = &huma.Schema{Type: huma.TypeString, ReadOnly: true,
			Description: "Display text of " + name + " in the caller's language; present when " + name + " has a value"}
	}
	s.Properties["masked"] = &huma.Schema{Type: huma.TypeBoolean, ReadOnly: true,
		Description: "Present and true when phones are masked for the caller"}
	s.Properties["warnings"] = &huma.Schema{Type: huma.TypeArray, Items: warningSchema(), ReadOnly: true,
		Description: "Non-blocking notices of a save (a possible duplicate)"}
	return s
}

// inputSchema is the body of POST (patch false) and PATCH (patch true):
// the writable fields only, nothing else (unknown fields are refused).
func inputSchema(d docs, t *records.Type, patch bool) *huma.Schema {
	s := &huma.Schema{Type: huma.TypeObject, Title: d.title(t.Label), Properties: map[string]*huma.Schema{},
		AdditionalProperties: false}
	for _, f := range t.Fields {
		if f.ReadOnly {
			continue
		}
		p := fieldSchema(d, t, f, true)
		if createRequired(t, f) && !patch {
			s.Required = append(s.Required, f.Name)
		}
		if clearable(t, f, patch) {
			p.Nullable = true
			nullEnum(p)
		}
		if f.Default != nil && !patch {
			p.Default = f.Default
		}
		s.Properties[f.Name] = p
	}
	if t.Owned {
		s.Properties["owner_id"] = idSchema("The user who owns the record (default: the caller)", true)
		s.Properties["shared_user_ids"] = idsSchema("Users the record is shared with")
		s.Properties["shared_department_ids"] = idsSchema("Departments the record is shared with")
	}
	if patch {
		s.Properties["version"] = &huma.Schema{Type: huma.TypeInteger, Minimum: ptr(1.0),
			Description: "The version last read; 409 when the record changed since"}
		s.Required = append(s.Required, "version")
		s.Description = "Only the fields to change, and the version."
	}
	return s
}

// clearable: null (or "") empties the field. A required field keeps a
// value, except one shown only for some values of another (ShowIf) and a
// code the numbering fills on create.
func clearable(t *records.Type, f records.Field, patch bool) bool {
	switch {
	case f.Kind == records.Bool:
		return false
	case !f.Required, f.ShowIf != "":
		return true
	}
	return !patch && f.Kind == records.Code && t.DocType != ""
}

// createRequired: a create must carry the field. A blank code is filled by
// numbering, a default fills an omitted field, and a field shown only for
// some values of another (ShowIf) is required only then.
func createRequired(t *records.Type, f records.Field) bool {
	switch {
	case !f.Required, f.ReadOnly, f.Default != nil, f.ShowIf != "", f.Kind == records.Bool:
		return false
	case f.Kind == records.Code && t.DocType != "":
		return false
	}
	return true
}

func listSchema(record string) *huma.Schema {
	return &huma.Schema{Type: huma.TypeObject, Required: []string{"items", "next_cursor", "total", "total_capped"},
		Properties: map[string]*huma.Schema{
			"items": {Type: huma.TypeArray, Items: ref(record)},
			"next_cursor": {Type: huma.TypeString, Nullable: true,
				Description: "Pass as cursor for the next page; null on the last page"},
			"total": {Type: huma.TypeInteger,
				Description: fmt.Sprintf("Matching records, counted up to %d", records.CountCap+1)},
			"total_capped": {Type: huma.TypeBoolean,
				Description: fmt.Sprintf("True when more than %d records match (total stopped counting)", records.CountCap)},
		}}
}

func warningSchema() *huma.Schema {
	return &huma.Schema{Type: huma.TypeObject, Required: []string{"field", "code", "message"},
		Properties: map[string]*huma.Schema{
			"field":   {Type: huma.TypeString},
			"code":    {Type: huma.TypeString, Description: "Stable message code"},
			"data":    {Type: huma.TypeObject, Description: "Details, e.g. id and name of the other record"},
			"message": {Type: huma.TypeString, Description: "The warning in the caller's language"},
		}}
}

// fieldSchema is one field's value. input adds the formats the engine
// checks on write (patterns, lengths); a stored value may not match them
// (a masked phone), so the record schema leaves them out.
func fieldSchema(d docs, t *records.Type, f records.Field, input bool) *huma.Schema {
	p := &huma.Schema{Type: huma.TypeString, Title: d.title(f.LabelKey(t))}
	var desc []string
	switch f.Kind {
	case records.Int:
		p.Type, p.Format = huma.TypeInteger, "int64"
		if f.Min != nil {
			p.Minimum = ptr(float64(*f.Min))
		}
	case records.Decimal:
		p.Format = "decimal"
		desc = append(desc, "Decimal string with up to 4 decimal places, never a float")
		if input {
			p.Pattern = `^-?[0-9]+(\.[0-9]{1,4})?$`
		}
		if f.Min != nil {
			desc = append(desc, fmt.Sprintf("at least %d", *f.Min))
		}
	case records.Date:
		p.Format = "date"
	case records.Bool:
		p.Type = huma.TypeBoolean
	case records.Enum:
		for _, v := range f.Values {
			p.Enum = append(p.Enum, v)
		}
	case records.Email:
		p.Format = "email"
	case records.Phone:
		desc = append(desc, "Digits with + - space ( ), 5 to 20 digits")
		if f.Mask {
			desc = append(desc, "shown masked (138****1234) without the module's unmask permission")
		}
		if input {
			p.Pattern = `^[0-9+\-() ]+$`
		}
	case records.TaxID:
		desc = append(desc, "Unified social credit code (18 characters) or 15 to 20 letters and digits")
		if input {
			p.Pattern = `^[0-9A-Za-z]{15,20}$`
		}
	case records.URL:
		desc = append(desc, "http(s) URL; may contain {number}")
	case records.Color:
		if input {
			p.Pattern = `^#[0-9a-fA-F]{6}$`
		}
		desc = append(desc, "#rrggbb")
	case records.Dict:
		desc = append(desc, dictDesc(f.Dict, "Code of an active item"))
		p.Extensions = map[string]any{"x-dictionary": f.Dict}
	case records.Tags:
		p.Type, p.Items, p.UniqueItems = huma.TypeArray, &huma.Schema{Type: huma.TypeString}, true
		desc = append(desc, dictDesc(f.Dict, "Codes of items"))
		p.Extensions = map[string]any{"x-dictionary": f.Dict}
	case records.Ref:
		p.Type, p.Format = huma.TypeInteger, "int64"
		desc = append(desc, "ID of a record of "+d.refPath(f.Ref))
		p.Extensions = map[string]any{"x-ref": f.Ref}
	case records.User:
		p.Type, p.Format = huma.TypeInteger, "int64"
		desc = append(desc, "ID of an active user")
	}
	if n := maxLen(f); n > 0 && input {
		p.MaxLength = &n
	}
	if f.Kind == records.Code && t.DocType != "" {
		desc = append(desc, "filled from the numbering sequence when left empty")
	}
	if f.Unique || f.Kind == records.Code {
		desc = append(desc, "unique per tenant")
	}
	if f.ShowIf != "" {
		desc = append(desc, "used only when "+f.ShowIf)
	}
	p.Description = strings.Join(desc, "; ")
	return p
}

// maxLen is the longest string the engine accepts; tags are an array
// (their limit is the stored text's).
func maxLen(f records.Field) int {
	if f.Kind == records.Tags {
		return 0
	}
	return f.MaxLength()
}

// labelled lists the fields the engine gives a "<name>_label" (the
// display text of references, users, choices and tags; a dictionary
// item's name and dictionary).
func labelled(t *records.Type) []string {
	var out []string
	for _, f := range t.Fields {
		switch f.Kind {
		case records.Ref, records.User, records.Dict, records.Enum, records.Tags:
			out = append(out, f.Name)
		}
	}
	if t.Owned {
		out = append(out, "owner_id", "department_id")
	}
	if t.Key == records.DictItems.Key {
		out = append(out, "name", "dict")
	}
	return out
}

func dictDesc(dict, what string) string {
	return fmt.Sprintf("%s of the dictionary %q (GET %s/%s)", what, dict, optionsBase, dict)
}

func idSchema(desc string, nullable bool) *huma.Schema {
	return &huma.Schema{Type: huma.TypeInteger, Format: "int64", Nullable: nullable, Description: desc}
}

func idsSchema(desc string) *huma.Schema {
	return &huma.Schema{Type: huma.TypeArray, Items: &huma.Schema{Type: huma.TypeInteger, Format: "int64"}, Description: desc}
}

// nullEnum lets a nullable enum hold null too (JSON Schema checks enum
// after type).
func nullEnum(p *huma.Schema) {
	if p.Nullable && len(p.Enum) > 0 && p.Enum[len(p.Enum)-1] != nil {
		p.Enum = append(p.Enum, nil)
	}
}

// docs is what the schemas borrow from the application: English labels
// for titles, and the paths of referenced types. Either may be nil.
type docs struct {
	cat   *i18n.Catalog
	types *records.Registry
}

// title is a label in English for the document (which is English); none
// when the catalog has no such message.
func (d docs) title(key string) string {
	if d.cat == nil || key == "" || !d.cat.Has("en", key) {
		return ""
	}
	return d.cat.T("en", key, nil)
}

// refPath is where records of a referenced type are read.
func (d docs) refPath(key string) string {
	if d.types != nil {
		if rt, ok := d.types.Type(key); ok {
			return apiBase + "/" + rt.Path
		}
	}
	return key
}

// typeName is the component name of a type key: "price_lists" →
// "PriceList", "product_categories" → "ProductCategory".
func typeName(key string) string {
	parts := strings.FieldsFunc(key, func(r rune) bool { return r == '_' || r == '-' })
	if n := len(parts); n > 0 {
		parts[n-1] = singular(parts[n-1])
	}
	var b strings.Builder
	for _, p := range parts {
		if p != "" {
			b.WriteString(strings.ToUpper(p[:1]) + p[1:])
		}
	}
	return b.String()
}

func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 3:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

func ptr[T any](v T) *T { return &v }
