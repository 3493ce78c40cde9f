package masterdata

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// Both languages have the same keys, and every label the declarations
// name — types, fields, enum values, sections, hints, dictionaries and
// their built-in items, permission modules — exists in both.
func TestCatalogs(t *testing.T) {
	c, err := i18n.New(Locales())
	if err != nil {
		t.Fatal(err)
	}
	i18n.CheckComplete(t, c)
	var want []string
	for _, m := range ModuleDefs() {
		want = append(want, "module."+m.Key)
	}
	for _, ty := range Types() {
		want = append(want, ty.Label, ty.Plural)
		for _, f := range ty.Fields {
			label := f.Label
			if label == "" {
				label = ty.Key + "." + f.Name
			}
			want = append(want, label)
			for _, v := range f.Values {
				want = append(want, ty.Key+"."+f.Name+"."+v)
			}
			for _, k := range []string{f.Section, f.Hint} {
				if k != "" {
					want = append(want, k)
				}
			}
		}
	}
	for _, d := range Dictionaries() {
		want = append(want, "dict."+d.Key)
		for _, it := range d.Items {
			want = append(want, "dict."+d.Key+"."+it.Code)
		}
	}
	for _, id := range want {
		for _, lang := range i18n.Supported {
			if !c.Has(lang, id) {
				t.Errorf("%s: no %q", lang, id)
			}
		}
	}
}

// Every Dict/Tags field names a declared dictionary, every Ref a declared
// type, and a tree dictionary's items come after their parents.
func TestDeclarationsAreConsistent(t *testing.T) {
	reg := &records.Registry{}
	Register(reg)
	for _, ty := range reg.Types() {
		for _, f := range ty.Fields {
			switch f.Kind {
			case records.Dict, records.Tags:
				if _, ok := reg.Dictionary(f.Dict); !ok {
					t.Errorf("%s.%s: no dictionary %q", ty.Key, f.Name, f.Dict)
				}
			case records.Ref:
				if _, ok := reg.Type(f.Ref); !ok {
					t.Errorf("%s.%s: no type %q", ty.Key, f.Name, f.Ref)
				}
			}
		}
		if ty.Of != "" {
			if f, ok := ty.Field(ty.Of); !ok || f.Kind != records.Ref || !f.Required {
				t.Errorf("%s: Of %q must be a required Ref field", ty.Key, ty.Of)
			}
		}
	}
	for _, d := range reg.Dicts() {
		seen := map[string]bool{}
		for _, it := range d.Items {
			if seen[it.Code] {
				t.Errorf("dict %s: %s twice", d.Key, it.Code)
			}
			if it.Parent != "" && !seen[it.Parent] {
				t.Errorf("dict %s: %s before its parent %s", d.Key, it.Code, it.Parent)
			}
			seen[it.Code] = true
		}
	}
}
