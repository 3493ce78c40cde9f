package recordio

import (
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// OwnerKey is the column of an Owned type's owner: a username or a display
// name in the file.
const OwnerKey = "owner_id"

// ownerLabel is the owner column's header.
const ownerLabel = "recordio.owner"

// Schema is the import/export columns of t, driven by its fields: one per
// field that is neither NoImport nor ReadOnly, in declaration order, then
// the owner of an Owned type. Cells of Ref fields hold the referenced
// record's code or name, Dict cells an item's code or label (zh-CN or en),
// Tags cells several of those separated by , ， ; ； or |, User cells a
// username or display name; these are parsed as text here and resolved
// against the database by the import.
func Schema(t *records.Type) importer.Schema {
	var s importer.Schema
	for _, f := range t.Fields {
		if f.NoImport || f.ReadOnly {
			continue
		}
		c := importer.Column{Key: f.Name, Header: f.LabelKey(t), Aliases: f.Aliases, Example: f.Example,
			Required: required(t, f)}
		switch f.Kind {
		case records.Int:
			c.Kind = importer.Int
		case records.Decimal:
			c.Kind = importer.Decimal
		case records.Date:
			c.Kind = importer.Date
		case records.Bool:
			c.Kind = importer.Bool
		case records.Enum:
			c.Kind, c.Values, c.ValueLabel = importer.Enum, f.Values, t.Key+"."+f.Name
		case records.Email:
			c.Kind = importer.Email
		case records.Phone:
			c.Kind = importer.Phone
		default:
			c.Kind = importer.Text
		}
		switch f.Kind {
		case records.Text, records.LongText, records.Code, records.Email, records.Phone, records.TaxID, records.URL, records.Color:
			c.MaxLen = f.MaxLength()
		}
		// No two rows of a file may claim one unique value (the database
		// check only sees rows already written).
		c.Unique = f.Kind == records.Code || f.Unique
		s = append(s, c)
	}
	if t.Owned {
		s = append(s, importer.Column{Key: OwnerKey, Header: ownerLabel, Kind: importer.Text, Aliases: []string{"owner"}})
	}
	return s
}

// required tells whether a file must fill a field: not when the engine
// fills it (a default, a numbered code) or it cannot be empty (Bool).
func required(t *records.Type, f records.Field) bool {
	return f.Required && f.Default == nil && f.Kind != records.Bool && !(f.Kind == records.Code && t.DocType != "")
}

// matchKeys are the fields that find the existing record a row updates:
// the code field when it is unique per tenant (Kind Code or Unique), and
// for dictionary items the dictionary with the code (an item code is
// unique only within its dictionary). nil: every row creates.
func matchKeys(t *records.Type) []string {
	code := t.CodeFieldName()
	if code == "" {
		return nil
	}
	if t.Key == records.DictItems.Key {
		return []string{"dict", code}
	}
	f, _ := t.Field(code)
	if f.Kind != records.Code && !f.Unique {
		return nil
	}
	return []string{code}
}
