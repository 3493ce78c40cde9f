package adminui

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// authView is the data of the sign-in, MFA and password-reset pages.
type authView struct {
	Form   *Form
	Next   string
	Notice string // a success message (reset done, code sent)
	Sent   bool   // forgot: the neutral confirmation is showing
}

func (u *UI) authRoutes() {
	s := u.s
	s.Handle("GET /login", web.Public, "", u.loginPage)
	s.Handle("POST /login", web.Public, "", u.loginSubmit)
	s.Handle("GET /login/mfa", web.Public, "", u.mfaPage)
	s.Handle("POST /login/mfa", web.Public, "", u.mfaSubmit)
	s.Handle("GET /password/forgot", web.Public, "", u.forgotPage)
	s.Handle("POST /password/forgot", web.Public, "", u.forgotSubmit)
	s.Handle("GET /password/reset", web.Public, "", u.resetPage)
	s.Handle("POST /password/reset", web.Public, "", u.resetSubmit)
	s.Handle("GET /lang", web.Public, "", u.langSwitch)
	s.Handle("POST /lang", web.Public, "", u.langSwitch)
	s.HandleRestricted("POST /logout", u.logout)
}

func loginForm() *Form {
	return NewForm("login-form", "/login",
		Field{Name: "tenant", Label: "auth.tenant", Type: "text", Auto: "organization", Hint: "auth.tenant_hint"},
		Field{Name: "username", Label: "auth.username", Type: "text", Required: true, Auto: "username"},
		Field{Name: "password", Label: "auth.password", Type: "password", Required: true, Auto: "current-password"},
	)
}

func (u *UI) loginPage(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"), "/")
	if _, ok := web.PrincipalFrom(r.Context()); ok {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	f := loginForm()
	f.Set("tenant", r.URL.Query().Get("tenant"))
	v := &authView{Form: f, Next: next}
	if r.URL.Query().Get("reset") == "1" {
		v.Notice = u.t(r, "auth.reset_done")
	}
	if c := r.URL.Query().Get("ended"); c != "" {
		f.Alert = u.t(r, "auth.session_ended")
		if c == "auth.session_idle" {
			f.Alert = u.t(r, c)
		}
	}
	u.page(w, r, http.StatusOK, "auth/login.html", "auth.login_title", "", v)
}

// loginSubmit signs in through identity.Login with DeferMFA: a user with
// TOTP gets a short-lived challenge cookie and the code page.
func (u *UI) loginSubmit(w http.ResponseWriter, r *http.Request) {
	f := loginForm()
	f.Bind(r)
	next := safeNext(r.PostFormValue("next"), "/")
	res, err := u.IDs.Login(r.Context(), identity.LoginInput{
		Tenant: f.V("tenant"), Username: f.V("username"), Password: r.PostFormValue("password"),
		IP: web.ClientIPFrom(r.Context()), Client: r.UserAgent(), DeferMFA: true,
	})
	if err != nil {
		u.formFail(w, r, f, err, nil, func(status int) {
			// A wrong password is the one error shown without the field
			// list; the service never says which part was wrong.
			u.page(w, r, status, "auth/login.html", "auth.login_title", "", &authView{Form: f, Next: next})
		})
		return
	}
	if res.MFAPending {
		u.s.SetSessionCookie(w, web.MFACookie, res.Token, res.ExpiresAt)
		http.Redirect(w, r, "/login/mfa?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	u.signedIn(w, r, res, next)
}

func (u *UI) signedIn(w http.ResponseWriter, r *http.Request, res identity.LoginResult, next string) {
	u.s.SetSessionCookie(w, web.SessionCookie, res.Token, res.ExpiresAt)
	if l := i18n.Normalize(res.Locale); l != "" {
		u.s.SetLangCookie(w, l)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func mfaForm() *Form {
	return NewForm("mfa-form", "/login/mfa",
		Field{Name: "code", Label: "auth.mfa_code", Type: "text", Required: true, Auto: "one-time-code", Hint: "auth.mfa_hint"})
}

func (u *UI) mfaPage(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(web.MFACookie); err != nil || c.Value == "" {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	u.page(w, r, http.StatusOK, "auth/mfa.html", "auth.mfa_title", "",
		&authView{Form: mfaForm(), Next: safeNext(r.URL.Query().Get("next"), "/")})
}

func (u *UI) mfaSubmit(w http.ResponseWriter, r *http.Request) {
	f := mfaForm()
	f.Bind(r)
	next := safeNext(r.PostFormValue("next"), "/")
	c, err := r.Cookie(web.MFACookie)
	if err != nil || c.Value == "" {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	res, err := u.IDs.CompleteMFA(r.Context(), c.Value, strings.TrimSpace(f.V("code")), web.ClientIPFrom(r.Context()), r.UserAgent())
	if err != nil {
		p := u.problem(r, err)
		f.Fail(p, map[string]string{"totp": "code"})
		if p.Status == http.StatusUnauthorized {
			u.s.ClearCookie(w, web.MFACookie)
		}
		u.page(w, r, p.Status, "auth/mfa.html", "auth.mfa_title", "", &authView{Form: f, Next: next})
		return
	}
	u.s.ClearCookie(w, web.MFACookie)
	u.signedIn(w, r, res, next)
}

func forgotForm() *Form {
	return NewForm("forgot-form", "/password/forgot",
		Field{Name: "tenant", Label: "auth.tenant", Type: "text", Auto: "organization"},
		Field{Name: "username", Label: "auth.username_or_email", Type: "text", Required: true, Auto: "username"},
	)
}

func (u *UI) forgotPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := web.PrincipalFrom(r.Context()); ok {
		// Signed in already: change the password on the profile instead.
		http.Redirect(w, r, "/me/password", http.StatusSeeOther)
		return
	}
	f := forgotForm()
	f.Set("tenant", r.URL.Query().Get("tenant"))
	u.page(w, r, http.StatusOK, "auth/forgot.html", "auth.forgot_title", "", &authView{Form: f})
}

// forgotSubmit always answers with the same confirmation whether or not the
// account exists (RequestReset itself reveals nothing either).
func (u *UI) forgotSubmit(w http.ResponseWriter, r *http.Request) {
	f := forgotForm()
	f.Bind(r)
	if err := u.IDs.RequestReset(r.Context(), f.V("tenant"), f.V("username"), web.ClientIPFrom(r.Context())); err != nil {
		u.formFail(w, r, f, err, nil, func(status int) {
			u.page(w, r, status, "auth/forgot.html", "auth.forgot_title", "", &authView{Form: f})
		})
		return
	}
	u.page(w, r, http.StatusOK, "auth/forgot.html", "auth.forgot_title", "",
		&authView{Form: f, Sent: true, Notice: u.t(r, "auth.forgot_sent")})
}

func resetForm() *Form {
	return NewForm("reset-form", "/password/reset",
		Field{Name: "tenant", Label: "auth.tenant", Type: "text", Auto: "organization"},
		Field{Name: "username", Label: "auth.username_or_email", Type: "text", Required: true, Auto: "username"},
		Field{Name: "code", Label: "auth.reset_code", Type: "text", Required: true, Auto: "one-time-code"},
		Field{Name: "new_password", Label: "auth.new_password", Type: "password", Required: true, Auto: "new-password"},
	)
}

func (u *UI) resetPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := web.PrincipalFrom(r.Context()); ok {
		// Signed in already: change the password on the profile instead.
		http.Redirect(w, r, "/me/password", http.StatusSeeOther)
		return
	}
	f := resetForm()
	f.Set("tenant", r.URL.Query().Get("tenant"))
	f.Set("username", r.URL.Query().Get("username"))
	u.page(w, r, http.StatusOK, "auth/reset.html", "auth.reset_title", "", &authView{Form: f})
}

func (u *UI) resetSubmit(w http.ResponseWriter, r *http.Request) {
	f := resetForm()
	f.Bind(r)
	err := u.IDs.ConfirmReset(r.Context(), f.V("tenant"), f.V("username"), f.V("code"), r.PostFormValue("new_password"),
		web.ClientIPFrom(r.Context()))
	if err != nil {
		u.formFail(w, r, f, err, nil, func(status int) {
			u.page(w, r, status, "auth/reset.html", "auth.reset_title", "", &authView{Form: f})
		})
		return
	}
	http.Redirect(w, r, "/login?reset=1&tenant="+url.QueryEscape(f.V("tenant")), http.StatusSeeOther)
}

// langSwitch sets the language cookie for pages without a session
// (GET /lang?l=en&next=/login, or a POST with l and next).
func (u *UI) langSwitch(w http.ResponseWriter, r *http.Request) {
	l := r.FormValue("l")
	if l == "" {
		l = r.FormValue("locale")
	}
	if lang := i18n.Normalize(l); lang != "" {
		u.s.SetLangCookie(w, lang)
		if p, ok := web.PrincipalFrom(r.Context()); ok && r.Method == http.MethodPost {
			// A signed-in user's own setting wins over the cookie.
			_ = u.IDs.UpdateLocale(r.Context(), p.Scope, lang)
		}
	}
	http.Redirect(w, r, safeNext(r.FormValue("next"), "/login"), http.StatusSeeOther)
}

func (u *UI) logout(w http.ResponseWriter, r *http.Request) {
	if err := u.IDs.Logout(r.Context(), principal(r)); err != nil {
		u.s.Fail(w, r, err)
		return
	}
	u.s.ClearCookie(w, web.SessionCookie)
	redirect(w, r, "/login")
}
