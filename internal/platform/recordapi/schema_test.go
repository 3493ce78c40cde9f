package recordapi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/records"
)

// schemaType has one field of every kind the schema builder treats apart.
func schemaType() *records.Type {
	zero := int64(0)
	return &records.Type{Key: "spare_parts", Path: "spare-parts", Module: "parts", Owned: true, DocType: "part",
		Fields: []records.Field{
			{Name: "code", Kind: records.Code},
			{Name: "name", Kind: records.Text, Required: true, MaxLen: 80},
			{Name: "kind", Kind: records.Enum, Values: []string{"small", "large"}, Required: true, Default: "small"},
			{Name: "grade", Kind: records.Enum, Values: []string{"a", "b"}},
			{Name: "price", Kind: records.Decimal, Min: &zero},
			{Name: "qty", Kind: records.Int, Min: &zero},
			{Name: "since", Kind: records.Date},
			{Name: "active", Kind: records.Bool},
			{Name: "phone", Kind: records.Phone, Mask: true},
			{Name: "email", Kind: records.Email},
			{Name: "source", Kind: records.Dict, Dict: "part_source"},
			{Name: "tags", Kind: records.Tags, Dict: "part_tag"},
			{Name: "maker_id", Kind: records.Ref, Ref: "makers"},
			{Name: "buyer", Kind: records.User},
			{Name: "tax_id", Kind: records.TaxID, Required: true, ShowIf: "kind=large"},
			{Name: "notes", Kind: records.LongText},
			{Name: "score", Kind: records.Int, ReadOnly: true},
		}}
}

// asJSON is a schema as the OpenAPI document prints it.
func asJSON(t *testing.T, s *huma.Schema) map[string]any {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func prop(t *testing.T, s map[string]any, name string) map[string]any {
	t.Helper()
	p, ok := s["properties"].(map[string]any)[name].(map[string]any)
	if !ok {
		t.Fatalf("no property %q in %v", name, s["properties"])
	}
	return p
}

func TestRecordSchema(t *testing.T) {
	typ := schemaType()
	reg := huma.NewMapRegistry("#/components/schemas/", huma.DefaultSchemaNamer)
	names := registerSchemas(reg, docs{}, typ)
	if names != (schemaNames{"SparePart", "SparePartInput", "SparePartPatch", "SparePartList"}) {
		t.Fatalf("names %+v", names)
	}
	for _, n := range []string{names.Record, names.Input, names.Patch, names.List} {
		if reg.Map()[n] == nil {
			t.Errorf("component %s not registered", n)
		}
	}
	s := asJSON(t, reg.Map()[names.Record])
	for name, want := range map[string]map[string]any{
		"id":                    {"type": "integer", "format": "int64", "readOnly": true},
		"name":                  {"type": "string"},
		"kind":                  {"type": "string", "enum": []any{"small", "large"}},
		"grade":                 {"type": []any{"string", "null"}, "enum": []any{"a", "b", nil}},
		"price":                 {"type": []any{"string", "null"}, "format": "decimal"},
		"qty":                   {"type": []any{"integer", "null"}, "format": "int64"},
		"since":                 {"type": []any{"string", "null"}, "format": "date"},
		"active":                {"type": "boolean"},
		"email":                 {"type": []any{"string", "null"}, "format": "email"},
		"source":                {"type": []any{"string", "null"}, "x-dictionary": "part_source"},
		"tags":                  {"type": []any{"array", "null"}, "x-dictionary": "part_tag"},
		"maker_id":              {"type": []any{"integer", "null"}, "x-ref": "makers"},
		"score":                 {"readOnly": true},
		"owner_id":              {"type": []any{"integer", "null"}},
		"shared_user_ids":       {"type": "array"},
		"maker_id_label":        {"type": "string", "readOnly": true},
		"tags_label":            {"readOnly": true},
		"source_label":          {"readOnly": true},
		"buyer_label":           {"readOnly": true},
		"grade_label":           {"readOnly": true},
		"owner_id_label":        {"readOnly": true},
		"warnings":              {"type": "array", "readOnly": true},
		"shared_department_ids": {"type": "array"},
	} {
		p := prop(t, s, name)
		for k, v := range want {
			if !reflect.DeepEqual(p[k], v) {
				t.Errorf("record %s.%s = %#v, want %#v", name, k, p[k], v)
			}
		}
	}
	// A stored value may be masked: the record schema has no write formats.
	if p := prop(t, s, "phone"); p["pattern"] != nil || p["maxLength"] != nil {
		t.Errorf("record phone carries input constraints: %v", p)
	}
	req, _ := s["required"].([]any)
	for _, n := range []string{"id", "version", "created_at", "name", "grade", "tags", "owner_id", "shared_user_ids"} {
		if !slices.Contains(req, any(n)) {
			t.Errorf("record: %q not required (always present): %v", n, req)
		}
	}
	for _, n := range []string{"warnings", "masked", "maker_id_label"} {
		if slices.Contains(req, any(n)) {
			t.Errorf("record: %s required, but it is not always there", n)
		}
	}
}

func TestInputSchemas(t *testing.T) {
	typ := schemaType()
	in := asJSON(t, inputSchema(docs{}, typ, false))
	if in["additionalProperties"] != false {
		t.Errorf("input allows additional properties: %v", in["additionalProperties"])
	}
	// name only: code is numbered, kind has a default, tax_id depends on kind.
	if req := in["required"]; !reflect.DeepEqual(req, []any{"name"}) {
		t.Errorf("input required %v, want [name]", req)
	}
	for name, want := range map[string]map[string]any{
		"name":     {"type": "string", "maxLength": json.Number("80")},
		"code":     {"type": []any{"string", "null"}, "maxLength": json.Number("200")},
		"notes":    {"maxLength": json.Number("4000")},
		"kind":     {"default": "small", "type": "string"},
		"price":    {"pattern": `^-?[0-9]+(\.[0-9]{1,4})?$`},
		"qty":      {"minimum": json.Number("0")},
		"phone":    {"pattern": `^[0-9+\-() ]+$`},
		"tax_id":   {"pattern": `^[0-9A-Za-z]{15,20}$`, "type": []any{"string", "null"}},
		"active":   {"type": "boolean"},
		"owner_id": {"type": []any{"integer", "null"}},
	} {
		p := prop(t, in, name)
		for k, v := range want {
			if !reflect.DeepEqual(p[k], v) {
				t.Errorf("input %s.%s = %#v, want %#v", name, k, p[k], v)
			}
		}
	}
	props := in["properties"].(map[string]any)
	for _, n := range []string{"score", "id", "version", "department_id", "maker_id_label"} {
		if _, ok := props[n]; ok {
			t.Errorf("input has %q, which is not writable", n)
		}
	}
	patch := asJSON(t, inputSchema(docs{}, typ, true))
	if req := patch["required"]; !reflect.DeepEqual(req, []any{"version"}) {
		t.Errorf("patch required %v, want [version]", req)
	}
	// A required field stays filled; an optional one may be cleared.
	if p := prop(t, patch, "name"); p["type"] != "string" || p["default"] != nil {
		t.Errorf("patch name %v: want a string that cannot be cleared, no default", p)
	}
	if p := prop(t, patch, "grade"); !reflect.DeepEqual(p["type"], []any{"string", "null"}) {
		t.Errorf("patch grade %v: want clearable", p)
	}
}

func TestTypeNames(t *testing.T) {
	for key, want := range map[string]string{
		"customers": "Customer", "product_categories": "ProductCategory", "price_lists": "PriceList",
		"addresses": "Address", "warehouses": "Warehouse", "dict_items": "DictItem", "boxes": "Box", "process_steps": "ProcessStep",
	} {
		if got := typeName(key); got != want {
			t.Errorf("typeName(%q) = %q, want %q", key, got, want)
		}
	}
}
