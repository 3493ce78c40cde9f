package adminui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

func settingsPerm(a tenant.Action) tenant.Perm { return tenant.P(identity.SettingsModule, a) }

func (u *UI) settingsRoutes() {
	s := u.s
	s.Handle("GET /admin/settings/security", web.Perm, settingsPerm(tenant.View), u.securitySettings)
	s.Handle("POST /admin/settings/security", web.Perm, settingsPerm(tenant.Configure), u.securitySettingsSave)
	s.Handle("GET /admin/settings/numbering", web.Perm, settingsPerm(tenant.View), u.numberingPage)
	s.Handle("POST /admin/settings/numbering", web.Perm, settingsPerm(tenant.Configure), u.numberingSave)
}

type policyView struct {
	Flash        string
	Form         *Form
	CanConfigure bool
}

// policyFields are the policy's numeric settings, in display order.
var policyFields = []struct{ name, label, hint string }{
	{"min_length", "settings.min_length", "settings.min_length_hint"},
	{"min_classes", "settings.min_classes", "settings.min_classes_hint"},
	{"expiry_days", "settings.expiry_days", "settings.expiry_days_hint"},
	{"history", "settings.history", "settings.history_hint"},
	{"lockout_threshold", "settings.lockout_threshold", "settings.lockout_threshold_hint"},
	{"lockout_minutes", "settings.lockout_minutes", ""},
	{"idle_minutes", "settings.idle_minutes", ""},
}

func policyForm() *Form {
	var fields []Field
	for _, p := range policyFields {
		fields = append(fields, Field{Name: p.name, Label: p.label, Type: "number", Required: true, Hint: p.hint})
	}
	fields = append(fields, Field{Name: "ip_allowlist", Label: "settings.ip_allowlist", Type: "textarea", Wide: true,
		Hint: "settings.ip_allowlist_hint", Placeholder: "192.168.1.0/24"})
	return NewForm("security-form", "/admin/settings/security", fields...)
}

func policyValues(p identity.Policy) []int {
	return []int{p.MinLength, p.MinClasses, p.ExpiryDays, p.History, p.LockoutThreshold, p.LockoutMinutes, p.IdleMinutes}
}

func (u *UI) securitySettings(w http.ResponseWriter, r *http.Request) {
	sc := principal(r).Scope
	pol, err := u.IDs.Policy(r.Context(), sc)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	f := policyForm()
	for i, n := range policyValues(pol) {
		f.Set(policyFields[i].name, strconv.Itoa(n))
	}
	f.Set("ip_allowlist", pol.IPAllowlist)
	f.Version = pol.Version
	u.page(w, r, http.StatusOK, "admin/security.html", "settings.security_title", "settings-security",
		&policyView{Flash: u.takeFlash(w, r), Form: f, CanConfigure: sc.Can(settingsPerm(tenant.Configure))})
}

func (u *UI) securitySettingsSave(w http.ResponseWriter, r *http.Request) {
	f := policyForm()
	f.Bind(r)
	var c errs.Collector
	nums := make([]int, len(policyFields))
	for i, p := range policyFields {
		n, err := strconv.Atoi(strings.TrimSpace(f.V(p.name)))
		if err != nil {
			c.Add(p.name, "field.not_number")
		}
		nums[i] = n
	}
	render := func(status int) {
		u.pageOr(w, r, status, "admin/security.html", "security-form", "settings.security_title", "settings-security",
			&policyView{Form: f, CanConfigure: true})
	}
	if err := c.Err(); err != nil {
		u.formFail(w, r, f, err, nil, render)
		return
	}
	in := identity.Policy{MinLength: nums[0], MinClasses: nums[1], ExpiryDays: nums[2], History: nums[3], LockoutThreshold: nums[4],
		LockoutMinutes: nums[5], IdleMinutes: nums[6], IPAllowlist: f.V("ip_allowlist"), Version: f.Version}
	if _, err := u.IDs.UpdatePolicy(r.Context(), principal(r).Scope, in); err != nil {
		u.formFail(w, r, f, err, nil, render)
		return
	}
	u.setFlash(w, "flash.saved")
	redirect(w, r, "/admin/settings/security")
}

type numberingView struct {
	Flash        string
	Items        []numbering.Sequence
	Form         *Form
	CanConfigure bool
}

func (u *UI) resetOptions(r *http.Request) []Option {
	var out []Option
	for _, s := range []string{"never", "yearly", "monthly", "daily"} {
		out = append(out, Option{Value: s, Label: u.t(r, "numbering.reset_"+s)})
	}
	return out
}

func (u *UI) numberingForm(r *http.Request) *Form {
	f := NewForm("numbering-form", "/admin/settings/numbering",
		Field{Name: "doc_type", Label: "numbering.doc_type", Type: "text", Required: true, Hint: "numbering.doc_type_hint"},
		Field{Name: "pattern", Label: "numbering.pattern", Type: "text", Required: true, Hint: "numbering.pattern_hint", Placeholder: "SO{yyyy}{mm}-{seq:5}"},
		Field{Name: "reset", Label: "numbering.reset", Type: "select", Options: u.resetOptions(r)},
	)
	f.Set("reset", "never")
	return f
}

func (u *UI) numberingView(r *http.Request, f *Form) (*numberingView, error) {
	sc := principal(r).Scope
	items, err := u.Numbering.Settings(r.Context(), u.DB, sc)
	return &numberingView{Items: items, Form: f, CanConfigure: sc.Can(settingsPerm(tenant.Configure))}, err
}

func (u *UI) numberingPage(w http.ResponseWriter, r *http.Request) {
	f := u.numberingForm(r)
	if dt := r.URL.Query().Get("doc_type"); dt != "" {
		f.Set("doc_type", dt)
	}
	v, err := u.numberingView(r, f)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	for _, s := range v.Items {
		if s.DocType == f.V("doc_type") {
			f.Set("pattern", s.Pattern)
			f.Set("reset", s.Reset)
		}
	}
	v.Flash = u.takeFlash(w, r)
	u.page(w, r, http.StatusOK, "admin/numbering.html", "numbering.title", "settings-numbering", v)
}

func (u *UI) numberingSave(w http.ResponseWriter, r *http.Request) {
	f := u.numberingForm(r)
	f.Bind(r)
	seq := numbering.Sequence{DocType: strings.TrimSpace(f.V("doc_type")), Pattern: strings.TrimSpace(f.V("pattern")), Reset: f.V("reset")}
	var err error
	if seq.DocType == "" {
		err = errs.Invalid(errs.Field("doc_type", "field.required"))
	} else {
		err = u.Numbering.ConfigureAudited(r.Context(), u.DB, principal(r).Scope, seq)
	}
	if err != nil {
		v, lerr := u.numberingView(r, f)
		if lerr != nil {
			u.s.Fail(w, r, lerr)
			return
		}
		u.formFail(w, r, f, err, nil, func(status int) {
			u.pageOr(w, r, status, "admin/numbering.html", "numbering-form", "numbering.title", "settings-numbering", v)
		})
		return
	}
	u.setFlash(w, "flash.saved")
	redirect(w, r, "/admin/settings/numbering")
}
