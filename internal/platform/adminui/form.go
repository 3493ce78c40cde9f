package adminui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/web"
)

// Option is one choice of a select, radio group or checkbox group. Label is
// display text (already translated, or a name from the database).
type Option struct {
	Value string
	Label string
}

// Field describes one form field; the "form-fields" component renders label,
// control and error slot from it.
type Field struct {
	Name  string
	Label string // catalog key
	// Type: text, email, password, tel, number, date, textarea, select,
	// checkboxes (multi-value), checkbox (a boolean "1"), readonly, color
	// (a "#rrggbb" text box with a picker), ref (an autocomplete, see Source).
	Type        string
	Required    bool
	Wide        bool // spans the whole grid row
	Hint        string
	Auto        string // autocomplete
	Placeholder string
	Options     []Option

	// Module pages (records) use these; platform forms leave them empty.
	InputMode string // inputmode of a text input ("decimal", "numeric")
	Section   string // catalog key of the form section it belongs to ("" = the first)
	// ShowIf shows the field only while another field of the form has one
	// of the values ("type=organisation", "kind=a,b"); Hidden is its state
	// when the page is drawn, app.js keeps it current.
	ShowIf string
	Hidden bool
	// Warn is a URL the form is posted to (htmx) when the value changes;
	// its answer fills the form's warning box (possible duplicates).
	Warn string
	// Source is the options URL of an autocomplete ("ref" type): the
	// control shows the label (value of "<Name>_label") and submits the id.
	Source string
}

// FormSection is a group of fields under a heading.
type FormSection struct {
	Label  string // catalog key; "" for the first, untitled section
	Fields []Field
	Hidden bool // every field is hidden by its ShowIf
}

// Sections groups the fields by Section, in the order sections first appear.
func (f *Form) Sections() []FormSection {
	var out []FormSection
	idx := map[string]int{}
	for _, fd := range f.Fields {
		i, ok := idx[fd.Section]
		if !ok {
			i = len(out)
			idx[fd.Section] = i
			out = append(out, FormSection{Label: fd.Section})
		}
		out[i].Fields = append(out[i].Fields, fd)
	}
	for i := range out {
		out[i].Hidden = true
		for _, fd := range out[i].Fields {
			out[i].Hidden = out[i].Hidden && fd.Hidden
		}
	}
	return out
}

// Form is a form's state: the user's input (kept when it fails), the error
// of each field, a form-level alert, and the version it was read at.
type Form struct {
	ID      string
	Action  string
	Fields  []Field
	Values  url.Values
	Errors  map[string]string
	Alert   string
	Notes   []string // errors of fields the form does not show, listed under the alert
	Version int
}

// NewForm starts an empty form.
func NewForm(id, action string, fields ...Field) *Form {
	return &Form{ID: id, Action: action, Fields: fields, Values: url.Values{}, Errors: map[string]string{}}
}

// V is a field's value.
func (f *Form) V(name string) string { return f.Values.Get(name) }

// Err is a field's error message, "" when it is fine.
func (f *Form) Err(name string) string { return f.Errors[name] }

// Checked tells whether value is among the field's values (checkboxes,
// multi-selects) or a boolean field is on.
func (f *Form) Checked(name, value string) bool {
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Set fills a value (when the form shows a stored record).
func (f *Form) Set(name, value string) { f.Values.Set(name, value) }

// Bind copies the submitted values of the form's fields (and the version).
func (f *Form) Bind(r *http.Request) {
	_ = r.ParseForm()
	for _, fd := range f.Fields {
		if vs, ok := r.PostForm[fd.Name]; ok {
			f.Values[fd.Name] = vs
		}
		if fd.Type == "ref" { // keep the text the user sees with the id
			f.Values[fd.Name+"_label"] = r.PostForm[fd.Name+"_label"]
		}
	}
	f.Version, _ = strconv.Atoi(r.PostFormValue("version"))
}

// Has tells whether the form shows a field.
func (f *Form) Has(name string) bool { return f.has(name) }

func (f *Form) has(name string) bool {
	for _, fd := range f.Fields {
		if fd.Name == name {
			return true
		}
	}
	return false
}

// Fail spreads a problem over the form: each field error goes under its
// field ("role_ids[2]" under "role_ids"; aliases map service field names
// to form names), anything else into the form-level alert.
func (f *Form) Fail(p *web.Problem, alias map[string]string) {
	for _, fe := range p.Errors {
		name := fe.Field
		if a, ok := alias[name]; ok {
			name = a
		}
		if !f.has(name) {
			if i := strings.IndexAny(name, "[."); i > 0 && f.has(name[:i]) {
				name = name[:i]
			}
		}
		if f.has(name) || alias[fe.Field] != "" {
			if f.Errors[name] == "" {
				f.Errors[name] = fe.Message
			}
			continue
		}
		f.Notes = append(f.Notes, fe.Message)
	}
	f.Alert = p.Detail
}

// formFail re-renders a failed form (the fragment for htmx) with the user's
// input, inline errors and the alert, under the problem's status: 422
// invalid, 409 stale or not allowed, 403, 401 (a wrong password on the
// sign-in page), 429 (locked out).
func (u *UI) formFail(w http.ResponseWriter, r *http.Request, f *Form, err error, alias map[string]string, render func(status int)) {
	p := u.problem(r, err)
	f.Fail(p, alias)
	render(p.Status)
}

// strPtr returns a pointer to the trimmed value (nil-able service inputs).
func strPtr(s string) *string { s = strings.TrimSpace(s); return &s }
