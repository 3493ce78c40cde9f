package records

import (
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
	typeKey      string
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
