package records

import (
	"bytes"
	"encoding/json"
	"sort"
	"time"
)

// Record is one stored record of a Type.
//
// JSON (API.md) is one flat object: id, version, created_at, updated_at,
// every field by name (Decimal as a decimal string, Date "YYYY-MM-DD",
// Tags an array), for Owned types owner_id, department_id,
// shared_user_ids and shared_department_ids, then for every Ref, User and
// Dict field "<name>_label" (the referenced record's name, the user's
// display name, the dictionary item's label in the caller's language),
// and "warnings" when a save produced any.
type Record struct {
	ID        int64
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
	Values    map[string]any    // by field name, typed per Kind; nil = empty
	Labels    map[string]string // display text of Ref/User/Dict/Enum fields (and owner_id)
	// Owned types only.
	OwnerID      int64
	DepartmentID int64
	SharedUsers  []int64
	SharedDepts  []int64
	Warnings     []Warning
	Masked       bool // phones were masked for this caller
	typ          *Type
}

// Warning is a non-blocking notice about a save (a possible duplicate).
// Code is a catalog key; Data fills its template (ID, Name of the other
// record).
type Warning struct {
	Field string         `json:"field"`
	Code  string         `json:"code"`
	Data  map[string]any `json:"data,omitempty"`
	// Message is Code translated for the caller (filled by the edge).
	Message string `json:"message,omitempty"`
}

// Input is what a caller submits: field name → raw value. Values may be
// strings (forms, JSON), JSON numbers (float64 or json.Number), bools,
// []any / []string (Tags, shared ids), or already typed values (imports:
// int64, money.Amount, time.Time, bool). A key that is absent leaves the
// field unchanged on update (PATCH) and takes Field.Default on create; a
// present key with nil or "" clears an optional field.
//
// Owned types also take "owner_id", "shared_user_ids" and
// "shared_department_ids".
type Input map[string]any

// Name is the record's title (its NameField value).
func (r Record) Name(t *Type) string {
	s, _ := r.Values[t.nameField()].(string)
	return s
}

// String returns a string-kinded value, "" when empty.
func (r Record) String(field string) string { s, _ := r.Values[field].(string); return s }

// Int returns an Int/Ref/User value, 0 when empty.
func (r Record) Int(field string) int64 { v, _ := r.Values[field].(int64); return v }

func (t *Type) nameField() string {
	if t.NameField != "" {
		return t.NameField
	}
	return "name"
}

// Type is the record's type (nil for a Record not read by the engine).
func (r Record) Type() *Type { return r.typ }

// MarshalJSON writes the flat object described on Record: the standard
// keys, the fields in declaration order (every field, null when empty),
// the owner keys of Owned types, "<name>_label" for every label, and
// "warnings"/"masked" when set.
func (r Record) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	put := func(k string, v any) error {
		j, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		kj, _ := json.Marshal(k)
		b.Write(kj)
		b.WriteByte(':')
		b.Write(j)
		return nil
	}
	if err := put("id", r.ID); err != nil {
		return nil, err
	}
	_ = put("version", r.Version)
	_ = put("created_at", r.CreatedAt)
	_ = put("updated_at", r.UpdatedAt)
	var names []string
	if r.typ != nil {
		for _, f := range r.typ.Fields {
			names = append(names, f.Name)
		}
	} else {
		for k := range r.Values {
			names = append(names, k)
		}
		sort.Strings(names)
	}
	for _, n := range names {
		if err := put(n, r.Values[n]); err != nil {
			return nil, err
		}
	}
	if r.typ != nil && r.typ.Owned {
		_ = put("owner_id", nullable(r.OwnerID))
		_ = put("department_id", nullable(r.DepartmentID))
		_ = put("shared_user_ids", nonNil(r.SharedUsers))
		_ = put("shared_department_ids", nonNil(r.SharedDepts))
	}
	labels := make([]string, 0, len(r.Labels))
	for k := range r.Labels {
		labels = append(labels, k)
	}
	sort.Strings(labels)
	for _, k := range labels {
		_ = put(k+"_label", r.Labels[k])
	}
	if len(r.Warnings) > 0 {
		if err := put("warnings", r.Warnings); err != nil {
			return nil, err
		}
	}
	if r.Masked {
		_ = put("masked", true)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}
