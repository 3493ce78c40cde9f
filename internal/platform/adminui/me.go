package adminui

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"image/png"
	"net/http"
	"strings"
	"time"

	"github.com/pquerna/otp"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

func (u *UI) meRoutes() {
	s := u.s
	s.HandleRestricted("POST /me/locale", u.meLocale)
	s.Handle("GET /me", web.SignedIn, "", u.meProfile)
	s.HandleRestricted("GET /me/password", u.mePasswordPage)
	s.HandleRestricted("POST /me/password", u.mePasswordSubmit)
	s.HandleRestricted("GET /me/security", u.meSecurity)
	s.HandleRestricted("POST /me/security/totp", u.totpBegin)
	s.HandleRestricted("POST /me/security/totp/confirm", u.totpConfirm)
	s.Handle("POST /me/security/totp/disable", web.SignedIn, "", u.totpDisable)
	s.Handle("GET /me/sessions", web.SignedIn, "", u.meSessions)
	s.Handle("POST /me/sessions/{id}/revoke", web.SignedIn, "", u.revokeSession)
	s.Handle("GET /me/tokens", web.SignedIn, "", u.meTokens)
	s.Handle("POST /me/tokens", web.SignedIn, "", u.createToken)
	s.Handle("POST /me/tokens/{id}/revoke", web.SignedIn, "", u.revokeToken)
}

// meLocale switches the signed-in user's language and goes back to next.
// The language cookie follows, so the sign-in page speaks it after logout.
func (u *UI) meLocale(w http.ResponseWriter, r *http.Request) {
	lang := i18n.Normalize(r.PostFormValue("locale"))
	if lang == "" {
		u.s.Fail(w, r, errs.Invalid(errs.Field("locale", "field.invalid")))
		return
	}
	if err := u.IDs.UpdateLocale(r.Context(), principal(r).Scope, lang); err != nil {
		u.s.Fail(w, r, err)
		return
	}
	u.s.SetLangCookie(w, lang)
	redirect(w, r, safeNext(r.PostFormValue("next"), "/"))
}

type profileView struct {
	Flash    string
	User     identity.User
	Tenant   string
	Operator bool
	Langs    []Option
}

func langOptions() []Option {
	return []Option{{Value: "zh-CN", Label: "中文（简体）"}, {Value: "en", Label: "English"}}
}

func (u *UI) meProfile(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	me, err := u.IDs.Me(r.Context(), p.Scope)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	u.page(w, r, http.StatusOK, "me/profile.html", "me.title", "me", &profileView{
		Flash: u.takeFlash(w, r), User: me, Tenant: p.Scope.TenantCode(), Operator: p.Scope.IsOperator(), Langs: langOptions()})
}

type passwordView struct {
	Form    *Form
	Expired bool
}

func passwordForm() *Form {
	return NewForm("password-form", "/me/password",
		Field{Name: "current_password", Label: "me.current_password", Type: "password", Required: true, Auto: "current-password"},
		Field{Name: "new_password", Label: "me.new_password", Type: "password", Required: true, Auto: "new-password"},
		Field{Name: "confirm_password", Label: "me.confirm_password", Type: "password", Required: true, Auto: "new-password"},
	)
}

func (u *UI) mePasswordPage(w http.ResponseWriter, r *http.Request) {
	u.page(w, r, http.StatusOK, "me/password.html", "me.password_title", "me",
		&passwordView{Form: passwordForm(), Expired: principal(r).PasswordExpired})
}

func (u *UI) mePasswordSubmit(w http.ResponseWriter, r *http.Request) {
	f := passwordForm()
	f.Bind(r)
	p := principal(r)
	render := func(status int) {
		// Passwords are never echoed back.
		f.Values = map[string][]string{}
		u.pageOr(w, r, status, "me/password.html", "password-form", "me.password_title", "me", &passwordView{Form: f, Expired: p.PasswordExpired})
	}
	if f.V("new_password") != f.V("confirm_password") {
		u.formFail(w, r, f, errs.Invalid(errs.Field("confirm_password", "me.password_mismatch")), nil, render)
		return
	}
	if err := u.IDs.ChangePassword(r.Context(), p, f.V("current_password"), f.V("new_password")); err != nil {
		u.formFail(w, r, f, err, nil, render)
		return
	}
	u.setFlash(w, "flash.password_changed")
	redirect(w, r, "/me")
}

type securityView struct {
	Flash     string
	Enabled   bool
	Required  bool         // a role requires MFA and it is not on yet
	QR        template.URL // data: URL of the QR code (typed, or html/template would blank it)
	Secret    string
	URL       string
	Codes     []string // recovery codes, shown once after confirming
	Confirm   *Form
	Disable   *Form
	Enrolling bool
}

func totpConfirmForm() *Form {
	return NewForm("totp-confirm-form", "/me/security/totp/confirm",
		Field{Name: "code", Label: "me.totp_code", Type: "text", Required: true, Auto: "one-time-code"})
}

func totpDisableForm() *Form {
	return NewForm("totp-disable-form", "/me/security/totp/disable",
		Field{Name: "password", Label: "me.current_password", Type: "password", Required: true, Auto: "current-password"})
}

func (u *UI) securityView(r *http.Request) (*securityView, error) {
	p := principal(r)
	me, err := u.IDs.Me(r.Context(), p.Scope)
	if err != nil {
		return nil, err
	}
	return &securityView{Enabled: me.MFAEnabled, Required: p.MustEnrolMFA, Confirm: totpConfirmForm(), Disable: totpDisableForm()}, nil
}

func (u *UI) meSecurity(w http.ResponseWriter, r *http.Request) {
	v, err := u.securityView(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Flash = u.takeFlash(w, r)
	u.page(w, r, http.StatusOK, "me/security.html", "me.security_title", "security", v)
}

// totpBegin stores a new secret and shows its QR code. The otpauth URL
// travels in the confirm form so a mistyped code can show the same QR again.
func (u *UI) totpBegin(w http.ResponseWriter, r *http.Request) {
	v, err := u.securityView(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	e, err := u.IDs.BeginTOTP(r.Context(), principal(r).Scope)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Enrolling, v.Secret, v.URL = true, e.Secret, e.URL
	v.QR = pngURL(e.QRPNG)
	u.page(w, r, http.StatusOK, "me/security.html", "me.security_title", "security", v)
}

func (u *UI) totpConfirm(w http.ResponseWriter, r *http.Request) {
	v, err := u.securityView(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Confirm.Bind(r)
	codes, err := u.IDs.ConfirmTOTP(r.Context(), principal(r).Scope, strings.TrimSpace(v.Confirm.V("code")))
	if err != nil {
		v.Enrolling = true
		if key, kerr := otp.NewKeyFromURL(r.PostFormValue("otpauth_url")); kerr == nil && key.Type() == "totp" {
			v.Secret, v.URL = key.Secret(), key.String()
			if img, ierr := key.Image(220, 220); ierr == nil {
				var buf bytes.Buffer
				if png.Encode(&buf, img) == nil {
					v.QR = pngURL(buf.Bytes())
				}
			}
		}
		u.formFail(w, r, v.Confirm, err, nil, func(status int) {
			u.page(w, r, status, "me/security.html", "me.security_title", "security", v)
		})
		return
	}
	v.Enabled, v.Required, v.Codes = true, false, codes
	u.page(w, r, http.StatusOK, "me/security.html", "me.security_title", "security", v)
}

func (u *UI) totpDisable(w http.ResponseWriter, r *http.Request) {
	v, err := u.securityView(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Disable.Bind(r)
	if err := u.IDs.DisableTOTP(r.Context(), principal(r).Scope, r.PostFormValue("password")); err != nil {
		v.Disable.Values = map[string][]string{}
		u.formFail(w, r, v.Disable, err, nil, func(status int) {
			u.pageOr(w, r, status, "me/security.html", "totp-disable", "me.security_title", "security", v)
		})
		return
	}
	u.setFlash(w, "flash.mfa_disabled")
	redirect(w, r, "/me/security")
}

type sessionsView struct {
	Flash string
	Items []identity.SessionInfo
	Token string // a token just created, shown once
	Form  *Form
}

func (u *UI) meSessions(w http.ResponseWriter, r *http.Request) {
	items, err := u.IDs.MySessions(r.Context(), principal(r), identity.KindSession)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	u.page(w, r, http.StatusOK, "me/sessions.html", "me.sessions_title", "sessions", &sessionsView{Flash: u.takeFlash(w, r), Items: items})
}

func (u *UI) revokeSession(w http.ResponseWriter, r *http.Request) {
	u.revoke(w, r, "/me/sessions")
}

func (u *UI) revokeToken(w http.ResponseWriter, r *http.Request) {
	u.revoke(w, r, "/me/tokens")
}

// revoke ends one of the caller's sessions or tokens; ending the current
// session signs the user out.
func (u *UI) revoke(w http.ResponseWriter, r *http.Request, back string) {
	id, ok := pathID(r)
	if !ok {
		u.s.Fail(w, r, errs.NotFound("not_found"))
		return
	}
	p := principal(r)
	if err := u.IDs.RevokeSession(r.Context(), p.Scope, id); err != nil {
		u.s.Fail(w, r, err)
		return
	}
	if id == p.SessionID && p.Kind == identity.KindSession {
		u.s.ClearCookie(w, web.SessionCookie)
		redirect(w, r, "/login")
		return
	}
	u.setFlash(w, "flash.revoked")
	redirect(w, r, back)
}

func tokenForm() *Form {
	return NewForm("token-form", "/me/tokens",
		Field{Name: "name", Label: "me.token_name", Type: "text", Required: true},
		Field{Name: "expires_at", Label: "me.token_expires", Type: "date", Hint: "me.token_expires_hint"},
	)
}

func (u *UI) tokensView(r *http.Request, f *Form) (*sessionsView, error) {
	items, err := u.IDs.MySessions(r.Context(), principal(r), identity.KindAPI)
	return &sessionsView{Items: items, Form: f}, err
}

func (u *UI) meTokens(w http.ResponseWriter, r *http.Request) {
	v, err := u.tokensView(r, tokenForm())
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Flash = u.takeFlash(w, r)
	u.page(w, r, http.StatusOK, "me/tokens.html", "me.tokens_title", "tokens", v)
}

func (u *UI) createToken(w http.ResponseWriter, r *http.Request) {
	f := tokenForm()
	f.Bind(r)
	var expires *time.Time
	if s := f.V("expires_at"); s != "" {
		d, err := time.ParseInLocation("2006-01-02", s, i18n.Location)
		if err != nil {
			u.tokenFail(w, r, f, errs.Invalid(errs.Field("expires_at", "field.invalid")))
			return
		}
		d = d.AddDate(0, 0, 1) // valid through the chosen day
		expires = &d
	}
	tok, _, err := u.IDs.CreateToken(r.Context(), principal(r).Scope, strings.TrimSpace(f.V("name")), expires)
	if err != nil {
		u.tokenFail(w, r, f, err)
		return
	}
	v, err := u.tokensView(r, tokenForm())
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Token = tok
	u.page(w, r, http.StatusOK, "me/tokens.html", "me.tokens_title", "tokens", v)
}

func (u *UI) tokenFail(w http.ResponseWriter, r *http.Request, f *Form, err error) {
	v, lerr := u.tokensView(r, f)
	if lerr != nil {
		u.s.Fail(w, r, lerr)
		return
	}
	u.formFail(w, r, f, err, nil, func(status int) {
		u.pageOr(w, r, status, "me/tokens.html", "token-form", "me.tokens_title", "tokens", v)
	})
}

// pngURL is a data: URL of PNG bytes we generated ourselves; the CSP allows
// data: images.
func pngURL(b []byte) template.URL {
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b))
}
