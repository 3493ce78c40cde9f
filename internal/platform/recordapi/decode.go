package recordapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// bodyKind says which extra keys a body may carry besides the fields.
type bodyKind int

const (
	createBody bodyKind = iota
	patchBody           // "version" required
	checkBody           // duplicates: "id" (the record being edited) and "version" allowed
)

// decoded is a JSON body split into the record's input and the extras.
type decoded struct {
	In      records.Input
	Version int
	ID      int64
}

// decodeInput reads a JSON object into a records.Input. Numbers stay
// json.Number (the engine parses them per kind, money never through a
// float). Malformed JSON is a 400; keys that are not writable fields are
// 422 field errors, all of them at once.
func decodeInput(t *records.Type, body []byte, kind bodyKind) (decoded, error) {
	var out decoded
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return out, errs.BadRequest("bad_request")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return out, errs.BadRequest("bad_request") // trailing data after the object
	}
	writable := writableKeys(t)
	var c errs.Collector
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // errors in a stable order
	out.In = records.Input{}
	for _, k := range keys {
		v := m[k]
		switch {
		case k == "version" && kind != createBody:
			n, ok := positiveInt(v)
			if !ok {
				c.Add(k, "field.invalid")
			}
			out.Version = int(n)
		case k == "id" && kind == checkBody:
			if v == nil {
				continue
			}
			n, ok := positiveInt(v)
			if !ok {
				c.Add(k, "field.invalid")
			}
			out.ID = n
		case writable[k]:
			out.In[k] = v
		default:
			if f, ok := t.Field(k); ok && f.ReadOnly {
				c.Add(k, "recordapi.read_only")
			} else {
				c.Add(k, "recordapi.unknown_field")
			}
		}
	}
	if _, ok := m["version"]; kind == patchBody && !ok {
		c.Add("version", "field.required")
	}
	return out, c.Err()
}

// writableKeys are the keys an input may carry: the fields that are not
// read-only, and the ownership keys of Owned types.
func writableKeys(t *records.Type) map[string]bool {
	w := map[string]bool{}
	for _, f := range t.Fields {
		if !f.ReadOnly {
			w[f.Name] = true
		}
	}
	if t.Owned {
		w["owner_id"], w["shared_user_ids"], w["shared_department_ids"] = true, true, true
	}
	return w
}

// positiveInt accepts a JSON integer ≥ 1 (a number or a string of digits).
func positiveInt(v any) (int64, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = x
	default:
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n >= 1
}
