package records

// Catalog keys of a type's texts. Modules keep the messages in their own
// catalogs; these helpers are the one place that says how keys are named.

// LabelKey is the catalog key of the field's label: Label, or
// "<Type.Key>.<Name>".
func (f Field) LabelKey(t *Type) string {
	if f.Label != "" {
		return f.Label
	}
	return t.Key + "." + f.Name
}

// EnumLabelKey is the catalog key of an Enum value: "<Type.Key>.<field>.<value>".
func (t *Type) EnumLabelKey(field, value string) string { return t.Key + "." + field + "." + value }

// LabelKey is the catalog key of the dictionary's name: Label, or "dict.<Key>".
func (d Dictionary) LabelKey() string {
	if d.Label != "" {
		return d.Label
	}
	return "dict." + d.Key
}

// DictItemLabelKey is the catalog key of a built-in item: "dict.<dict>.<code>".
func DictItemLabelKey(dict, code string) string { return "dict." + dict + "." + code }

// NameFieldName is the field that titles a record ("name" by default).
func (t *Type) NameFieldName() string { return t.nameField() }

// CodeFieldName is the field holding the record's code: CodeField, else
// "code" when the type has such a field, else "".
func (t *Type) CodeFieldName() string {
	if t.CodeField != "" {
		return t.CodeField
	}
	if _, ok := t.Field("code"); ok {
		return "code"
	}
	return ""
}

// MaxLength is the longest value a string field takes, in characters.
func (f Field) MaxLength() int {
	if f.MaxLen > 0 {
		return f.MaxLen
	}
	switch f.Kind {
	case LongText:
		return 4000
	case Text, Code, Email, URL, Dict:
		return 200
	case Phone, TaxID:
		return 40
	case Tags:
		return 1000
	}
	return 0
}
