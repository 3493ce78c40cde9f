package recordui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// formView is one record form: the standalone create page, the details
// tab of a record, or the inline add form of a child type on its parent's
// page. The "rec-form" template draws it.
type formView struct {
	ID      string
	Form    *adminui.Form
	Type    *records.Type
	Hidden  []hiddenInput // values the form carries but does not show (the parent id)
	Warn    bool          // has a duplicate-warning box
	CanEdit bool
	Cancel  string // URL of the cancel link ("" = none)
	Inline  bool   // a child's add form on the parent page
	Submit  string // catalog key of the submit button
	// fields are the record fields the form writes, by form name.
	fields map[string]records.Field
	owned  bool // the form writes owner and shares
}

type hiddenInput struct{ Name, Value string }

// formOpts say which form to build.
type formOpts struct {
	rec    *records.Record   // nil on create
	fixed  map[string]string // fields given by the page, not the user (a child's parent id)
	inline bool
	ret    string // where to go after saving (the parent's tab)
}

const sharingSection = "recordui.section_sharing"

// buildForm declares the form of t from its fields: a control per kind,
// sections, required marks, ShowIf and duplicate checks. Values are filled
// by fillForm.
func (u *UI) buildForm(r *http.Request, t *records.Type, o formOpts) (*formView, error) {
	sc := scope(r)
	fv := &formView{Type: t, fields: map[string]records.Field{}, Submit: "form.save", CanEdit: o.rec == nil}
	var action string
	if o.rec == nil {
		fv.ID, action, fv.Cancel = "record-form", base(t), base(t)
		if o.inline {
			fv.ID, fv.Inline, fv.Submit, fv.Cancel = "child-form-"+t.Key, true, "recordui.add", ""
		}
	} else {
		fv.ID, action = "record-form", recordHref(t, o.rec.ID)
	}
	fv.Form = adminui.NewForm(fv.ID, action)
	for name, v := range o.fixed {
		fv.Hidden = append(fv.Hidden, hiddenInput{Name: name, Value: v})
	}
	if o.ret != "" {
		fv.Hidden = append(fv.Hidden, hiddenInput{Name: "_return", Value: o.ret})
	}
	var fields []adminui.Field
	for _, f := range t.Fields {
		if _, ok := o.fixed[f.Name]; ok {
			continue
		}
		if isDictItems(t) && f.Name == t.Parent && !u.treeDict(itemDict(r, o.rec)) {
			continue // only tree dictionaries (regions) have parents
		}
		af := adminui.Field{Name: f.Name, Label: fieldLabel(t, f), Required: f.Required, Wide: f.Wide || f.Kind == records.LongText,
			Hint: f.Hint, Section: f.Section, ShowIf: f.ShowIf}
		if f.Kind == records.Code && t.DocType != "" {
			af.Required, af.Hint = false, "recordui.code_auto"
		}
		readOnly := f.ReadOnly || (o.rec != nil && o.rec.Masked && f.Kind == records.Phone && f.Mask) ||
			(o.rec != nil && isDictItems(t) && (f.Name == "dict" || f.Name == "code")) // an item's identity never changes
		if readOnly {
			if o.rec == nil {
				continue
			}
			af.Type, af.Required = "readonly", false
			fields = append(fields, af)
			continue
		}
		if err := u.control(r, t, f, &af, o); err != nil {
			return nil, err
		}
		if f.Duplicate {
			fv.Warn = true
			af.Warn = base(t) + "/duplicates"
			if o.rec != nil {
				af.Warn += "?except=" + strconv.FormatInt(o.rec.ID, 10)
			}
		}
		fv.fields[f.Name] = f
		fields = append(fields, af)
	}
	if t.Owned && !o.inline {
		users, err := u.userChoices(r.Context(), sc)
		if err != nil {
			return nil, err
		}
		fv.owned = true
		fields = append(fields,
			adminui.Field{Name: "owner_id", Label: "recordui.owner", Type: "select", Section: sharingSection,
				Options: append([]adminui.Option{{Value: "", Label: u.ui.T(r, "recordui.choose")}}, users...)},
			adminui.Field{Name: "shared_user_ids", Label: "recordui.shared_users", Type: "checkboxes", Wide: true,
				Section: sharingSection, Options: users})
		if depts := u.deptChoices(r.Context(), sc); depts != nil {
			for i := range depts { // a checkbox grid has no room for tree indents
				depts[i].Label = strings.TrimLeft(depts[i].Label, "\u3000")
			}
			fields = append(fields, adminui.Field{Name: "shared_department_ids", Label: "recordui.shared_departments",
				Type: "checkboxes", Wide: true, Section: sharingSection, Options: depts})
		}
	}
	fv.Form.Fields = fields
	return fv, nil
}

// control picks the control of one field by kind.
func (u *UI) control(r *http.Request, t *records.Type, f records.Field, af *adminui.Field, o formOpts) error {
	choose := adminui.Option{Value: "", Label: u.ui.T(r, "recordui.choose")}
	current := ""
	if o.rec != nil {
		current = formValue(f, o.rec.Values[f.Name])
	}
	switch f.Kind {
	case records.LongText:
		af.Type = "textarea"
	case records.Int:
		af.Type = "number"
	case records.Decimal:
		af.Type, af.InputMode = "text", "decimal"
	case records.Date:
		af.Type = "date"
	case records.Bool:
		af.Type, af.Required = "checkbox", false
	case records.Email:
		af.Type = "email"
	case records.Phone:
		af.Type = "tel"
	case records.URL:
		af.Type, af.InputMode = "text", "url"
	case records.Color:
		af.Type = "color"
	case records.Enum:
		af.Type, af.Options = "select", append([]adminui.Option{choose}, u.enumChoices(r, t, f)...)
	case records.Dict:
		opts, _, err := u.dictChoices(r, f.Dict, current)
		if err != nil {
			return err
		}
		af.Type, af.Options = "select", append([]adminui.Option{choose}, opts...)
	case records.Tags:
		var cur []string
		if o.rec != nil {
			cur = tagValues(o.rec.Values[f.Name])
		}
		opts, _, err := u.dictChoices(r, f.Dict, cur...)
		if err != nil {
			return err
		}
		for i := range opts {
			opts[i].Label = strings.TrimLeft(opts[i].Label, "\u3000")
		}
		af.Type, af.Options, af.Required = "checkboxes", opts, false
	case records.User:
		users, err := u.userChoices(r.Context(), scope(r))
		if err != nil {
			return err
		}
		af.Type, af.Options = "select", append([]adminui.Option{choose}, users...)
	case records.Ref:
		return u.refControl(r, t, f, af, o, choose, current)
	default:
		af.Type = "text"
		if isDictItems(t) && f.Name == "dict" {
			af.Type, af.Options = "select", append([]adminui.Option{choose}, u.dictionaryChoices(r)...)
		}
	}
	return nil
}

// refControl is a select for small referenced types and an autocomplete
// for large ones; a tree's own parent field leaves out the record itself.
func (u *UI) refControl(r *http.Request, t *records.Type, f records.Field, af *adminui.Field, o formOpts, choose adminui.Option, current string) error {
	rt, ok := u.reg.Type(f.Ref)
	if !ok {
		af.Type = "number"
		return nil
	}
	if !isSelectRef(rt) {
		af.Type, af.Source = "ref", base(rt)+"/options?from="+url.QueryEscape(f.Name+"_label")
		af.Placeholder = u.ui.T(r, "recordui.type_to_search")
		return nil
	}
	var filters map[string]string
	if isDictItems(t) && f.Name == t.Parent { // parents come from the same dictionary
		filters = map[string]string{"dict": itemDict(r, o.rec)}
	}
	opts, err := u.refChoices(r, rt, filters)
	if err != nil {
		return err
	}
	if o.rec != nil && rt == t { // a node cannot be its own parent
		self := strconv.FormatInt(o.rec.ID, 10)
		kept := opts[:0]
		for _, op := range opts {
			if op.Value != self {
				kept = append(kept, op)
			}
		}
		opts = kept
	}
	if o.rec != nil {
		opts = withCurrent(opts, current, o.rec.Labels[f.Name])
	}
	af.Type, af.Options = "select", append([]adminui.Option{choose}, opts...)
	return nil
}
