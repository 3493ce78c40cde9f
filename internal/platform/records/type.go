package records

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Kind is how a field is stored, parsed, validated, shown and imported.
// The Go type of a value in Record.Values is given per kind; nil is an
// empty optional value.
type Kind int

const (
	Text     Kind = iota // string; column TEXT
	LongText             // string, a textarea in forms; column TEXT
	Code                 // string, unique per tenant; filled by numbering when blank and Type.DocType is set
	Int                  // int64; column BIGINT
	Decimal              // money.Amount (money, quantity, rate: scale 4); column BIGINT (scaled)
	Date                 // string "YYYY-MM-DD"; column TEXT (sorts and compares as a date)
	Bool                 // bool; column BOOLEAN
	Enum                 // string, one of Field.Values; label catalog key "<Type.Key>.<field>.<value>"
	Email                // string; validated; column TEXT
	Phone                // string: digits with + - space ( ), 5–20 digits; masked without <module>.unmask when Field.Mask
	TaxID                // string: 统一社会信用代码 (18 chars, check digit) or 15–20 letters/digits
	URL                  // string: http(s) URL, or a template with {number} (carriers' tracking URL)
	Color                // string "#rrggbb"
	Dict                 // string: the code of an active item of dictionary Field.Dict
	Tags                 // []string: codes of items of dictionary Field.Dict; column TEXT "|a|b|"
	Ref                  // int64: id of a record of Type Field.Ref in the same tenant (and visible); column BIGINT
	User                 // int64: id of an active staff user of the tenant; column BIGINT
)

// Field declares one field of a Type. Name is the column and the JSON name.
type Field struct {
	Name  string
	Label string // catalog key; default "<Type.Key>.<Name>"
	Kind  Kind

	Required bool
	Unique   bool     // unique per tenant (backed by a unique index); "field.taken" on conflict
	MaxLen   int      // characters, for string kinds; 0 = the kind's default (Text 200, LongText 4000)
	Values   []string // Enum: the stored values, in display order
	Dict     string   // Dict, Tags: the dictionary key
	Ref      string   // Ref: the referenced Type's Key
	Default  any      // value on create when the input omits the field (typed like Values)
	Min      *int64   // Int: smallest value; Decimal: smallest value in whole units (0 = "not negative")

	// ReadOnly fields are shown but never written from input (set by hooks).
	ReadOnly bool
	// Search adds the field to the search text (name, code, phones…).
	Search bool
	// Duplicate: another record of the tenant with the same value gets a
	// warning (name, phone), never a block.
	Duplicate bool
	// Mask: a Phone shown as 138****1234 without <module>.unmask.
	Mask bool

	// Lists and forms.
	List     bool   // a list column shown by default
	ListHide bool   // a list column the user may choose (hidden by default)
	Sort     bool   // the list may sort by it (needs an index (tenant_id, field, id) to be fast)
	Filter   bool   // the list and the API filter by it with ?<name>=
	Range    bool   // Date/Decimal/Int: ?<name>_from= and ?<name>_to= filters
	Wide     bool   // spans the form row
	Section  string // form section catalog key ("" = the main section)
	// ShowIf shows the field only when another field has one of the values:
	// "type=organisation" (the form follows the customer type). The value
	// of a hidden field is cleared on save.
	ShowIf string
	Hint   string // catalog key of a hint under the control

	// Import/export.
	NoImport bool     // not in templates or imports (computed fields)
	NoExport bool     // not exported
	Aliases  []string // extra header spellings accepted on import
	Example  string   // an example cell for the template
}

// Hooks let a Type add rules the field declarations cannot express. Every
// hook runs inside the write transaction; q is that transaction.
type Hooks struct {
	// Check validates a record about to be written (after field parsing and
	// field validation, before the write). old is nil on create. Return
	// errs.Invalid with field errors; r.Values may be adjusted (derived
	// fields).
	Check func(ctx context.Context, q db.Querier, sc tenant.Scope, r *Record, old *Record) error
	// AfterWrite runs after the row is written (child rows, balances).
	AfterWrite func(ctx context.Context, tx *db.Tx, sc tenant.Scope, r Record, old *Record) error
	// InUse reports why a record may not be deleted ("" = it may); the
	// engine already refuses deleting a record that a Ref field of any
	// registered Type points to.
	InUse func(ctx context.Context, q db.Querier, sc tenant.Scope, id int64) (string, error)
}

// Type declares one record type.
type Type struct {
	// Key is the table name, the audit record type and the catalog prefix
	// ("customers"); Path is the URL segment ("price-lists"), default Key.
	Key  string
	Path string
	// Module is the permission module (view, create, edit, delete, export,
	// import, unmask); child types usually share their parent's.
	Module string
	// Label and Plural are catalog keys ("customers.one", "customers.title").
	Label, Plural string
	// Menu is the catalog key of the menu group its list goes in (default
	// "menu.masterdata").
	Menu string

	Fields []Field
	// NameField is the title of a record in lists, references and search
	// results (default "name"); CodeField its code, if any (default "code"
	// when such a field exists).
	NameField, CodeField string
	// DocType is the numbering document type that fills an empty Code field.
	DocType string
	// DefaultSort is the list's default sort ("-id" when empty).
	DefaultSort string

	// Owned types have owner_id and department_id columns and a shared-with
	// list; reads follow the role's data scope for Module, and the type is
	// reassignable when a user is disabled.
	Owned bool
	// Parent is a Ref field to the same Type that makes a tree (groups,
	// categories, regions); MaxDepth limits its levels (0 = unlimited).
	Parent   string
	MaxDepth int
	// Of makes this a child type: the name of its Ref field to the parent
	// record (contacts.customer_id). A child is visible when its parent is,
	// and is listed on the parent's page.
	Of string

	Hooks Hooks
}

// Dictionary declares a configurable list (customer source, industry, region…).
// Built-in items have an empty Name and show the catalog label
// "dict.<Key>.<Code>" in the user's language; a tenant may rename, reorder,
// recolour or deactivate them and add its own.
type Dictionary struct {
	Key   string // "customer_source"
	Label string // catalog key; default "dict.<Key>"
	Tree  bool   // items have parents (region: province → city → district)
	Items []DictItem
}

// DictItem is one seeded item.
type DictItem struct {
	Code   string
	Parent string // parent item's code, for Tree dictionaries
	Color  string
}

// Registry holds the types and dictionaries of every module (wiring time,
// no init()).
type Registry struct {
	types []*Type
	dicts []Dictionary
}

// Add registers types; a duplicate key is a wiring bug.
func (r *Registry) Add(ts ...*Type) {
	for _, t := range ts {
		if _, ok := r.Type(t.Key); ok {
			panic("records: type registered twice: " + t.Key)
		}
		if t.Path == "" {
			t.Path = t.Key
		}
		r.types = append(r.types, t)
	}
}

// AddDict registers dictionaries.
func (r *Registry) AddDict(ds ...Dictionary) { r.dicts = append(r.dicts, ds...) }

// Type finds a type by key.
func (r *Registry) Type(key string) (*Type, bool) {
	for _, t := range r.types {
		if t.Key == key {
			return t, true
		}
	}
	return nil, false
}

// ByPath finds a type by URL segment.
func (r *Registry) ByPath(path string) (*Type, bool) {
	for _, t := range r.types {
		if t.Path == path {
			return t, true
		}
	}
	return nil, false
}

// Types lists the types in registration order.
func (r *Registry) Types() []*Type { return r.types }

// Dicts lists the dictionaries.
func (r *Registry) Dicts() []Dictionary { return r.dicts }

// Dictionary finds a dictionary by key.
func (r *Registry) Dictionary(key string) (Dictionary, bool) {
	for _, d := range r.dicts {
		if d.Key == key {
			return d, true
		}
	}
	return Dictionary{}, false
}

// Field finds a field of the type.
func (t *Type) Field(name string) (Field, bool) {
	for _, f := range t.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}
