package recordui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// The values of a record form: filled from a record or defaults, bound
// from a submission, turned into the engine's input.

// fillForm sets the form's values: from the record when editing, else the
// fields' defaults and the page's query string (/new?dict=region); a new
// record's owner is the caller.
func (u *UI) fillForm(r *http.Request, fv *formView, rec *records.Record) {
	f, t := fv.Form, fv.Type
	for _, fd := range t.Fields {
		if rec != nil {
			if fd.Kind == records.Tags {
				f.Values[fd.Name] = tagValues(rec.Values[fd.Name])
				continue
			}
			f.Set(fd.Name, formValue(fd, rec.Values[fd.Name]))
			if fd.Kind == records.Ref {
				f.Set(fd.Name+"_label", rec.Labels[fd.Name])
			}
			continue
		}
		if fd.Default != nil {
			if fd.Kind == records.Tags {
				f.Values[fd.Name] = tagValues(fd.Default)
			} else {
				f.Set(fd.Name, formValue(fd, fd.Default))
			}
		}
		if v := r.URL.Query().Get(fd.Name); v != "" {
			f.Set(fd.Name, v)
		}
	}
	if fv.owned {
		if rec != nil {
			f.Set("owner_id", idString(rec.OwnerID))
			for _, id := range rec.SharedUsers {
				f.Values.Add("shared_user_ids", strconv.FormatInt(id, 10))
			}
			for _, id := range rec.SharedDepts {
				f.Values.Add("shared_department_ids", strconv.FormatInt(id, 10))
			}
		} else {
			f.Set("owner_id", idString(scope(r).Actor()))
		}
	}
	if rec != nil {
		f.Version = rec.Version
		for _, fd := range f.Fields {
			if fd.Type == "readonly" { // shown as text: labels, masked phones
				f.Set(fd.Name, u.displayValue(r, t, rec, fd.Name))
			}
		}
	}
	showIf(f)
}

// bindForm reads the submission into the form (kept when saving fails).
// Unchecked boxes send nothing, so multi-value fields start empty.
func bindForm(r *http.Request, fv *formView) {
	for _, fd := range fv.Form.Fields {
		if fd.Type == "checkboxes" || fd.Type == "checkbox" {
			fv.Form.Values.Del(fd.Name)
		}
	}
	fv.Form.Bind(r)
	showIf(fv.Form)
}

// showIf hides the fields whose condition the current values do not meet.
func showIf(f *adminui.Form) {
	for i, fd := range f.Fields {
		if fd.ShowIf == "" {
			continue
		}
		name, want, _ := strings.Cut(fd.ShowIf, "=")
		v := boolNorm(f.V(name))
		hidden := true
		for _, w := range strings.FieldsFunc(want, func(r rune) bool { return r == ',' || r == '|' }) {
			if boolNorm(w) == v {
				hidden = false
			}
		}
		f.Fields[i].Hidden = hidden
	}
}

// boolNorm: a checkbox is "1" when on; "true"/"false" in a rule mean the same.
func boolNorm(v string) string {
	switch v {
	case "true":
		return "1"
	case "false":
		return ""
	}
	return v
}

// input turns the bound form into the engine's input: every field the form
// writes, booleans and tags explicitly (an unchecked box still means
// "false"), plus the fixed values.
func (fv *formView) input() records.Input {
	in := records.Input{}
	f := fv.Form
	for name, fd := range fv.fields {
		switch fd.Kind {
		case records.Bool:
			in[name] = f.Checked(name, "1")
		case records.Tags:
			in[name] = append([]string{}, f.Values[name]...)
		default:
			in[name] = strings.TrimSpace(f.V(name))
		}
	}
	if fv.owned {
		in["owner_id"] = f.V("owner_id")
		in["shared_user_ids"] = append([]string{}, f.Values["shared_user_ids"]...)
		if f.Has("shared_department_ids") {
			in["shared_department_ids"] = append([]string{}, f.Values["shared_department_ids"]...)
		}
	}
	for _, h := range fv.Hidden {
		if !strings.HasPrefix(h.Name, "_") {
			in[h.Name] = h.Value
		}
	}
	return in
}
