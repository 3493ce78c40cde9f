package records

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

var identRe = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// reserved are the standard columns a field may not be named after.
var reserved = []string{"id", "tenant_id", "version", "created_at", "updated_at", "created_by", "updated_by",
	"owner_id", "department_id", "search_text", "shared_user_ids", "shared_department_ids", "warnings", "masked"}

// check panics on a wiring bug in the registry: a name that is not a safe
// SQL identifier (keys and field names are spliced into SQL), a Ref to an
// unknown type, a Dict field without a registered dictionary, a Parent or
// Of that is not a Ref field.
func (r *Registry) check() {
	for _, t := range r.types {
		fail := func(format string, args ...any) {
			panic(fmt.Sprintf("records: type %q: ", t.Key) + fmt.Sprintf(format, args...))
		}
		if !identRe.MatchString(t.Key) {
			fail("key is not a lower-case identifier")
		}
		if t.Module == "" {
			fail("no permission module")
		}
		seen := map[string]bool{}
		for _, f := range t.Fields {
			if !identRe.MatchString(f.Name) || slices.Contains(reserved, f.Name) || strings.HasSuffix(f.Name, "_label") {
				fail("field name %q is not allowed", f.Name)
			}
			if seen[f.Name] {
				fail("field %q declared twice", f.Name)
			}
			seen[f.Name] = true
			switch f.Kind {
			case Enum:
				if len(f.Values) == 0 {
					fail("enum field %q has no values", f.Name)
				}
			case Dict, Tags:
				if _, ok := r.Dictionary(f.Dict); !ok {
					fail("field %q uses unknown dictionary %q", f.Name, f.Dict)
				}
			case Ref:
				if _, ok := r.Type(f.Ref); !ok {
					fail("field %q refers to unknown type %q", f.Name, f.Ref)
				}
			}
			if f.Range && f.Kind != Date && f.Kind != Decimal && f.Kind != Int {
				fail("field %q: Range needs a Date, Decimal or Int field", f.Name)
			}
			if f.ShowIf != "" {
				other, _, ok := strings.Cut(f.ShowIf, "=")
				if _, exists := t.Field(other); !ok || !exists {
					fail("field %q: ShowIf %q names no field", f.Name, f.ShowIf)
				}
			}
		}
		if f, ok := t.Field(t.nameField()); !ok || !isStringKind(f.Kind) {
			fail("name field %q is not a string field", t.nameField())
		}
		if t.CodeField != "" {
			if _, ok := t.Field(t.CodeField); !ok {
				fail("code field %q does not exist", t.CodeField)
			}
		}
		if t.Parent != "" {
			if f, ok := t.Field(t.Parent); !ok || f.Kind != Ref || f.Ref != t.Key {
				fail("Parent %q is not a Ref field to the type itself", t.Parent)
			}
		}
		if t.Of != "" {
			if f, ok := t.Field(t.Of); !ok || f.Kind != Ref || f.Ref == t.Key {
				fail("Of %q is not a Ref field to another type", t.Of)
			}
		}
		if t.Owned && t.Of != "" {
			fail("a child type (Of) is scoped through its parent and cannot be Owned")
		}
	}
	for i, d := range r.dicts {
		for _, e := range r.dicts[i+1:] {
			if d.Key == e.Key {
				panic("records: dictionary registered twice: " + d.Key)
			}
		}
	}
}

func isStringKind(k Kind) bool {
	switch k {
	case Int, Decimal, Bool, Tags, Ref, User:
		return false
	}
	return true
}
