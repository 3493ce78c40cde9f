package adminui

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

var rulePerm = tenant.P(approval.Module, tenant.Configure)

func (u *UI) approvalRuleRoutes() {
	u.s.Handle("GET /admin/approval-rules", web.Perm, rulePerm, u.rulesPage)
	u.s.Handle("GET /admin/approval-rules/new", web.Perm, rulePerm, u.ruleNew)
	u.s.Handle("POST /admin/approval-rules", web.Perm, rulePerm, u.ruleSave)
	u.s.Handle("GET /admin/approval-rules/{id}", web.Perm, rulePerm, u.ruleEdit)
	u.s.Handle("POST /admin/approval-rules/{id}", web.Perm, rulePerm, u.ruleSave)
	u.s.Handle("POST /admin/approval-rules/{id}/deactivate", web.Perm, rulePerm, u.ruleDeactivate)
}

// ruleGroup is one document type's rules on the list page.
type ruleGroup struct {
	DocType, Label string
	Registered     bool
	Rules          []ruleLine
}

type ruleLine struct {
	approval.Rule
	Summary string // conditions, in words
}

type rulesView struct {
	Flash  string
	Groups []ruleGroup
}

func (u *UI) rulesPage(w http.ResponseWriter, r *http.Request) {
	sc := principal(r).Scope
	rules, err := u.Approval.Rules(r.Context(), sc, "")
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v := &rulesView{Flash: u.takeFlash(w, r)}
	at := map[string]int{}
	for _, h := range u.Approval.DocHandlers() {
		at[h.DocType] = len(v.Groups)
		v.Groups = append(v.Groups, ruleGroup{DocType: h.DocType, Label: u.t(r, h.Label), Registered: true})
	}
	for _, rl := range rules {
		i, ok := at[rl.DocType]
		if !ok { // a type whose module is not wired (rules made through the API)
			i = len(v.Groups)
			at[rl.DocType] = i
			v.Groups = append(v.Groups, ruleGroup{DocType: rl.DocType, Label: rl.DocType})
		}
		v.Groups[i].Rules = append(v.Groups[i].Rules, ruleLine{Rule: rl, Summary: u.condSummary(r, rl)})
	}
	u.page(w, r, http.StatusOK, "approval/rules.html", "approval_rules.title", "approval-rules", v)
}

// condSummary says a rule's conditions in the reader's language.
func (u *UI) condSummary(r *http.Request, rl approval.Rule) string {
	if len(rl.Conditions) == 0 {
		return u.t(r, "approval_rules.summary_always")
	}
	labels := map[string]string{}
	if h, ok := u.Approval.DocHandler(rl.DocType); ok {
		for _, f := range h.Fields {
			labels[f.Name] = u.t(r, f.Label)
		}
	}
	var parts []string
	for _, c := range rl.Conditions {
		name := labels[c.Field]
		if name == "" {
			name = c.Field
		}
		parts = append(parts, name+" "+u.t(r, "approval.op_"+c.Op)+" "+c.Value)
	}
	return strings.Join(parts, "；")
}

// condRow and levelRow are one row of the rule form as the user left it.
type condRow struct {
	I                  int
	Field, Op, Value   string
	FieldErr, OpErr    string
	ValueErr           string
	FieldOpts, OpsOpts []Option
}

type levelRow struct {
	I                int
	Kind, Role       string
	Users            []string
	All              bool
	Err, RoleErr     string
	UsersErr         string
	RoleOpts, People []Option
}

// HasUser tells whether a user id is chosen in the row.
func (l levelRow) HasUser(id string) bool {
	for _, x := range l.Users {
		if x == id {
			return true
		}
	}
	return false
}

// ruleFormView is the rule form: the plain fields through Form, the rows
// of conditions and levels drawn by the page.
type ruleFormView struct {
	Form     *Form
	Rule     approval.Rule
	DocLabel string
	Conds    []condRow
	Levels   []levelRow
	LevelErr string // no level at all
	Editing  bool
	Flash    string
}

func (u *UI) newRuleForm(r *http.Request, rl approval.Rule) (*ruleFormView, error) {
	action := "/admin/approval-rules"
	if rl.ID != 0 {
		action += "/" + strconv.FormatInt(rl.ID, 10)
	}
	f := NewForm("rule-form", action,
		Field{Name: "name", Label: "approval_rules.name", Type: "text", Required: true},
		Field{Name: "sort", Label: "approval_rules.sort", Type: "number", Hint: "departments.sort_hint"},
		Field{Name: "active", Label: "approval_rules.active", Type: "checkbox"},
	)
	f.Version = rl.Version
	v := &ruleFormView{Form: f, Rule: rl, DocLabel: rl.DocType, Editing: rl.ID != 0}
	h, known := u.Approval.DocHandler(rl.DocType)
	if known {
		v.DocLabel = u.t(r, h.Label)
	}
	roles, people, err := u.Approval.Choices(r.Context(), principal(r).Scope)
	if err != nil {
		return nil, err
	}
	choose := Option{Value: "", Label: u.t(r, "approval_rules.choose")}
	fieldOpts := []Option{choose}
	for _, fd := range h.Fields {
		fieldOpts = append(fieldOpts, Option{Value: fd.Name, Label: u.t(r, fd.Label)})
	}
	opOpts := []Option{choose}
	for _, op := range []string{"gt", "gte", "lt", "lte", "eq", "ne", "in"} {
		opOpts = append(opOpts, Option{Value: op, Label: u.t(r, "approval.op_"+op)})
	}
	roleOpts := []Option{choose}
	for _, c := range roles {
		roleOpts = append(roleOpts, Option{Value: c.Value, Label: c.Label})
	}
	var peopleOpts []Option
	for _, c := range people {
		peopleOpts = append(peopleOpts, Option{Value: c.Value, Label: c.Label})
	}
	// Rows: the rule's own, then blanks to add more (at least 2 conditions
	// and 3 levels are offered).
	for i := 0; i < max(len(rl.Conditions)+1, 2); i++ {
		row := condRow{I: i, FieldOpts: fieldOpts, OpsOpts: opOpts}
		if i < len(rl.Conditions) {
			c := rl.Conditions[i]
			row.Field, row.Op, row.Value = c.Field, c.Op, c.Value
			if !hasOption(fieldOpts, c.Field) {
				row.FieldOpts = append(append([]Option(nil), fieldOpts...), Option{Value: c.Field, Label: c.Field})
			}
		}
		v.Conds = append(v.Conds, row)
	}
	for i := 0; i < max(len(rl.Levels)+1, 3); i++ {
		row := levelRow{I: i, RoleOpts: roleOpts, People: peopleOpts}
		if i < len(rl.Levels) {
			l := rl.Levels[i]
			row.Role, row.All = l.Role, l.All
			switch {
			case l.DeptHead:
				row.Kind = "dept_head"
			case len(l.Users) > 0:
				row.Kind = "users"
			case l.Role != "":
				row.Kind = "role"
			}
			for _, id := range l.Users {
				row.Users = append(row.Users, strconv.FormatInt(id, 10))
			}
		}
		v.Levels = append(v.Levels, row)
	}
	f.Set("name", rl.Name)
	f.Set("sort", strconv.Itoa(rl.Sort))
	if rl.Active {
		f.Set("active", "1")
	}
	return v, nil
}

func hasOption(opts []Option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

func (u *UI) ruleNew(w http.ResponseWriter, r *http.Request) {
	docType := r.URL.Query().Get("doc_type")
	if _, ok := u.Approval.DocHandler(docType); !ok {
		u.s.Fail(w, r, errs.NotFound("not_found"))
		return
	}
	v, err := u.newRuleForm(r, approval.Rule{DocType: docType, Active: true})
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	u.page(w, r, http.StatusOK, "approval/rule.html", "approval_rules.new", "approval-rules", v)
}

func (u *UI) ruleEdit(w http.ResponseWriter, r *http.Request) {
	rl, err := u.ruleOf(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v, err := u.newRuleForm(r, rl)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Flash = u.takeFlash(w, r)
	u.page(w, r, http.StatusOK, "approval/rule.html", "approval_rules.edit", "approval-rules", v)
}

// ruleOf is the rule of the path's id (a new rule when there is none).
func (u *UI) ruleOf(r *http.Request) (approval.Rule, error) {
	if r.PathValue("id") == "" {
		return approval.Rule{}, nil
	}
	id, ok := pathID(r)
	if !ok {
		return approval.Rule{}, errs.NotFound("not_found")
	}
	return u.Approval.Rule(r.Context(), principal(r).Scope, id)
}

var rowName = regexp.MustCompile(`^(conditions|levels)\[(\d+)\](?:\.(\w+))?$`)

// ruleSave creates or replaces a rule from the form. Rows the user left
// empty are skipped, so the service's row numbers are mapped back to the
// form's before its errors are shown.
func (u *UI) ruleSave(w http.ResponseWriter, r *http.Request) {
	stored, err := u.ruleOf(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	_ = r.ParseForm()
	in := approval.Rule{ID: stored.ID, DocType: stored.DocType}
	if in.ID == 0 {
		in.DocType = r.PostFormValue("doc_type")
		if _, ok := u.Approval.DocHandler(in.DocType); !ok {
			u.s.Fail(w, r, errs.NotFound("not_found"))
			return
		}
	}
	in.Name, in.Sort, in.Active = r.PostFormValue("name"), atoi(r.PostFormValue("sort")), r.PostFormValue("active") == "1"
	in.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	var condAt, levelAt []int // service index → form row
	shown := approval.Rule{DocType: in.DocType, ID: in.ID, Version: in.Version, Name: in.Name, Sort: in.Sort, Active: in.Active}
	for i := 0; i < 50; i++ {
		p := fmt.Sprintf("conditions[%d].", i)
		if _, ok := r.PostForm[p+"field"]; !ok {
			break
		}
		c := approval.Condition{Field: r.PostFormValue(p + "field"), Op: r.PostFormValue(p + "op"), Value: r.PostFormValue(p + "value")}
		shown.Conditions = append(shown.Conditions, c)
		if c.Field == "" && c.Op == "" && strings.TrimSpace(c.Value) == "" {
			continue
		}
		condAt = append(condAt, i)
		in.Conditions = append(in.Conditions, c)
	}
	var kinds []string
	for i := 0; i < 50; i++ {
		p := fmt.Sprintf("levels[%d].", i)
		if _, ok := r.PostForm[p+"kind"]; !ok {
			break
		}
		kind := r.PostFormValue(p + "kind")
		l := approval.Level{All: r.PostFormValue(p+"all") == "1"}
		switch kind {
		case "role":
			l.Role = r.PostFormValue(p + "role")
		case "dept_head":
			l.DeptHead = true
		case "users":
			for _, s := range r.PostForm[p+"users"] {
				if id, err := strconv.ParseInt(s, 10, 64); err == nil {
					l.Users = append(l.Users, id)
				}
			}
		}
		shown.Levels = append(shown.Levels, l)
		kinds = append(kinds, kind)
		if kind == "" {
			continue
		}
		levelAt = append(levelAt, i)
		in.Levels = append(in.Levels, l)
	}
	saved, err := u.Approval.SaveRule(r.Context(), principal(r).Scope, in)
	if err == nil {
		u.setFlash(w, "flash.approval_rule_saved")
		redirect(w, r, "/admin/approval-rules/"+strconv.FormatInt(saved.ID, 10))
		return
	}
	v, ferr := u.newRuleForm(r, shown)
	if ferr != nil {
		u.s.Fail(w, r, ferr)
		return
	}
	// The rows keep the kind chosen even where it named nobody.
	for i, k := range kinds {
		v.Levels[i].Kind = k
	}
	p := u.problem(r, err)
	for _, fe := range p.Errors {
		m := rowName.FindStringSubmatch(fe.Field)
		switch {
		case m == nil && fe.Field == "levels":
			v.LevelErr = fe.Message
		case m == nil:
			v.Form.Errors[fe.Field] = fe.Message
			if !v.Form.has(fe.Field) {
				v.Form.Notes = append(v.Form.Notes, fe.Message)
			}
		case m[1] == "conditions":
			k, _ := strconv.Atoi(m[2])
			if k < len(condAt) {
				row := &v.Conds[condAt[k]]
				switch m[3] {
				case "field":
					row.FieldErr = fe.Message
				case "op":
					row.OpErr = fe.Message
				default:
					row.ValueErr = fe.Message
				}
			}
		default:
			k, _ := strconv.Atoi(m[2])
			if k >= len(levelAt) {
				continue
			}
			row := &v.Levels[levelAt[k]]
			// "Nobody named" belongs under the control that names them.
			switch {
			case m[3] == "role" || (m[3] == "" && row.Kind == "role"):
				row.RoleErr = fe.Message
			case m[3] == "users" || (m[3] == "" && row.Kind == "users"):
				row.UsersErr = fe.Message
			default:
				row.Err = fe.Message
			}
		}
	}
	v.Form.Alert = p.Detail
	u.pageOr(w, r, p.Status, "approval/rule.html", "rule-form", "approval_rules.edit", "approval-rules", v)
}

func (u *UI) ruleDeactivate(w http.ResponseWriter, r *http.Request) {
	rl, err := u.ruleOf(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	_ = r.ParseForm()
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if _, err := u.Approval.DeactivateRule(r.Context(), principal(r).Scope, rl.ID, version); err != nil {
		u.s.Fail(w, r, err)
		return
	}
	u.setFlash(w, "flash.approval_rule_deactivated")
	redirect(w, r, "/admin/approval-rules")
}
