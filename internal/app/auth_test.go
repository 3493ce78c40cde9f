package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/pquerna/otp/totp"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/config"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

func getMe(t testing.TB, srv *httptest.Server, token string) (*http.Response, []byte) {
	t.Helper()
	return do(t, http.MethodGet, srv.URL+"/api/v1/me", token, nil)
}

func wantSignedIn(t testing.TB, what string, srv *httptest.Server, token string) {
	t.Helper()
	if resp, b := getMe(t, srv, token); resp.StatusCode != http.StatusOK {
		t.Errorf("%s: GET /me status %d, want 200: %s", what, resp.StatusCode, b)
	}
}

func wantSignedOut(t testing.TB, what string, srv *httptest.Server, token string) {
	t.Helper()
	resp, b := getMe(t, srv, token)
	wantProblem(t, what, resp, b, http.StatusUnauthorized, "unauthenticated")
}

// TestLoginAnswers checks the login API's shapes (API.md § Authentication):
// a token, its expiry, the user and the session cookie on success; one and
// the same 401 for every wrong tenant, user or password, so answers never
// tell which accounts exist.
func TestLoginAnswers(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		start := time.Now()
		resp, b := tryLogin(t, srv, "demo", "admin", app.DemoPassword, "")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("login: %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
		out := decode[loginOut](t, b)
		if len(out.Token) < 32 || out.User.Username != "admin" || out.User.ID == 0 {
			t.Errorf("login answer: %s", b)
		}
		if latest := start.Add(7*24*time.Hour + time.Minute); out.ExpiresAt.Before(start.Add(7*24*time.Hour-time.Minute)) || out.ExpiresAt.After(latest) {
			t.Errorf("expires_at %v, want about 7 days from now", out.ExpiresAt)
		}
		for _, secret := range []string{"password", "hash", "totp_secret", "argon2"} {
			if strings.Contains(string(b), secret) {
				t.Errorf("login answer mentions %q: %s", secret, b)
			}
		}
		var cookie *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == web.SessionCookie {
				cookie = c
			}
		}
		if cookie == nil || cookie.Value != out.Token || !cookie.HttpOnly || cookie.Path != "/" || cookie.SameSite != http.SameSiteLaxMode {
			t.Errorf("session cookie %+v, want the token, HttpOnly, Path=/, SameSite=Lax", cookie)
		}
		m := decode[struct {
			Username string `json:"username"`
			Tenant   string `json:"tenant"`
			Operator bool   `json:"operator"`
		}](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/me", out.Token, nil))
		if m.Username != "admin" || m.Tenant != "demo" || m.Operator {
			t.Errorf("GET /me with the new token: %+v", m)
		}
		// The cookie alone signs in too.
		h := http.Header{}
		h.Set("Cookie", web.SessionCookie+"="+out.Token)
		if resp, b := doH(t, http.MethodGet, srv.URL+"/api/v1/me", h, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("GET /me with the cookie: %d %s", resp.StatusCode, b)
		}
		op := decode[loginOut](t, mustDo(t, http.StatusOK, http.MethodPost, srv.URL+"/api/v1/auth/login", "",
			map[string]string{"tenant": "", "username": "operator", "password": app.DemoPassword}))
		if !strings.Contains(string(mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/me", op.Token, nil)), `"operator":true`) {
			t.Error("the operator's session is not an operator's")
		}

		var first problem
		for i, c := range []struct{ tenant, user, pass string }{
			{"demo", "admin", "wrong-password-1"},
			{"demo", "nosuchuser", app.DemoPassword},
			{"nosuchtenant", "admin", app.DemoPassword},
			{"demo", "operator", app.DemoPassword}, // the operator belongs to no tenant
			{"", "admin", app.DemoPassword},        // a tenant admin is no operator
		} {
			resp, b := tryLogin(t, srv, c.tenant, c.user, c.pass, "")
			p := wantProblem(t, fmt.Sprintf("login %+v", c), resp, b, http.StatusUnauthorized, "auth.invalid_credentials")
			if i == 0 {
				first = p
			} else if p.Detail != first.Detail || p.Title != first.Title || p.Type != first.Type {
				t.Errorf("login %+v answers %+v, unlike a wrong password's %+v: it tells accounts apart", c, p, first)
			}
			if len(resp.Cookies()) > 0 {
				t.Errorf("failed login %+v set cookies %v", c, resp.Cookies())
			}
		}
		resp, b = tryLogin(t, srv, "demo", "", "", "")
		wantProblem(t, "empty login", resp, b, http.StatusUnprocessableEntity, "field:username=field.required")
		wantProblem(t, "empty login", resp, b, http.StatusUnprocessableEntity, "field:password=field.required")
		resp, b = do(t, http.MethodPost, srv.URL+"/api/v1/auth/login", "", `{"tenant": "demo", "username": `)
		wantProblem(t, "malformed JSON", resp, b, http.StatusBadRequest, "bad_request")
		resp, b = do(t, http.MethodPost, srv.URL+"/api/v1/auth/login", "", `{"tenant": "demo", "username": 5, "password": "x"}`)
		wantProblem(t, "a number for a string", resp, b, http.StatusUnprocessableEntity, "field:username=field.invalid")
		// Messages follow Accept-Language; the code does not.
		h = http.Header{}
		h.Set("Accept-Language", "en")
		resp, b = doH(t, http.MethodPost, srv.URL+"/api/v1/auth/login", h, map[string]string{"tenant": "demo", "username": "admin", "password": "nope-nope"})
		en := wantProblem(t, "English login failure", resp, b, http.StatusUnauthorized, "auth.invalid_credentials")
		if en.Detail == first.Detail || strings.IndexFunc(en.Detail, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
			t.Errorf("English detail %q; Chinese was %q", en.Detail, first.Detail)
		}
	})
}

// Five wrong passwords lock the account: the sixth attempt, even with the
// right password, is 429 auth.locked with Retry-After, and every failure is
// in the audit trail.
func TestLockout(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		admin := adminToken(t, srv)
		victim := createUser(t, srv, admin, "victim", nil)
		for i := 1; i <= 5; i++ {
			resp, b := tryLogin(t, srv, "demo", "victim", fmt.Sprintf("Wrong-pass-%d", i), "")
			wantProblem(t, fmt.Sprintf("wrong password %d", i), resp, b, http.StatusUnauthorized, "auth.invalid_credentials")
		}
		resp, b := tryLogin(t, srv, "demo", "victim", pw, "")
		wantProblem(t, "right password while locked", resp, b, http.StatusTooManyRequests, "auth.locked")
		ra, err := strconv.Atoi(resp.Header.Get("Retry-After"))
		if err != nil || ra < 14*60 || ra > 15*60+1 {
			t.Errorf("Retry-After %q, want about 15 minutes in seconds", resp.Header.Get("Retry-After"))
		}
		// Another account is not affected.
		adminToken(t, srv)

		var reasons []string
		for _, e := range auditLog(t, srv, admin, fmt.Sprintf("action=auth.login_failed&record_id=%d", victim.ID)) {
			for _, c := range e.Changes {
				if c.Field == "reason" {
					reasons = append([]string{fmt.Sprint(c.After)}, reasons...)
				}
			}
		}
		want := "bad_password bad_password bad_password bad_password locked_now locked"
		if strings.Join(reasons, " ") != want {
			t.Errorf("audited failures %v, want %s", reasons, want)
		}

		// An administrator setting a new password lifts the lock.
		mustDo(t, http.StatusOK, http.MethodPost, fmt.Sprintf("%s/api/v1/users/%d/password", srv.URL, victim.ID), admin, map[string]any{"password": "Fresh-pass-2026"})
		login(t, srv, "demo", "victim", "Fresh-pass-2026")
	})
}

// One address may try only so many sign-ins a minute, whatever the accounts.
func TestLoginRateLimitPerIP(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d, testOpts{cfg: func(c *config.Config) { c.LoginPerIP = 3 }})
		for i, u := range []string{"sales", "finance", "service"} {
			resp, b := tryLogin(t, srv, "demo", u, "Wrong-pass-2026", "")
			wantProblem(t, fmt.Sprintf("attempt %d", i+1), resp, b, http.StatusUnauthorized, "auth.invalid_credentials")
		}
		for _, u := range []string{"admin", "manager"} {
			resp, b := tryLogin(t, srv, "demo", u, app.DemoPassword, "")
			wantProblem(t, "attempt over the limit, right password", resp, b, http.StatusTooManyRequests, "auth.rate_limited")
			if ra, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || ra < 1 || ra > 60 {
				t.Errorf("Retry-After %q, want 1..60 seconds", resp.Header.Get("Retry-After"))
			}
		}
		// Reset requests share the budget.
		resp, b := do(t, http.MethodPost, srv.URL+"/api/v1/auth/password-reset", "", map[string]string{"tenant": "demo", "username": "admin"})
		wantProblem(t, "reset over the limit", resp, b, http.StatusTooManyRequests, "auth.rate_limited")
	})
}

func totpCode(t testing.TB, secret string, step int64) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, time.Unix(step*30, 0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TOTP: enrol with a code from an authenticator, then sign-in needs a code;
// a code (and its time step) works once, and so does each recovery code.
func TestTOTP(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		admin := adminToken(t, srv)
		u := createUser(t, srv, admin, "mfauser", nil)
		tok := login(t, srv, "demo", "mfauser", pw)
		begin := decode[struct {
			Secret string `json:"secret"`
			URL    string `json:"otpauth_url"`
			QR     string `json:"qr_code_png"`
		}](t, mustDo(t, http.StatusOK, http.MethodPost, srv.URL+"/api/v1/me/mfa/totp", tok, nil))
		if begin.Secret == "" || !strings.HasPrefix(begin.URL, "otpauth://totp/") || !strings.Contains(begin.URL, "demo") {
			t.Errorf("enrolment %+v", begin)
		}
		if png, err := base64.StdEncoding.DecodeString(begin.QR); err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Errorf("qr_code_png is not a base64 PNG (%v)", err)
		}
		// Not on yet: sign-in still needs only the password.
		login(t, srv, "demo", "mfauser", pw)

		step := time.Now().Unix() / 30
		valid := map[string]bool{}
		for s := step - 1; s <= step+2; s++ {
			valid[totpCode(t, begin.Secret, s)] = true
		}
		wrong := "000000"
		for n := 0; valid[wrong]; n++ {
			wrong = fmt.Sprintf("%06d", n)
		}
		resp, b := do(t, http.MethodPost, srv.URL+"/api/v1/me/mfa/totp/confirm", tok, map[string]string{"code": wrong})
		wantProblem(t, "confirm with a wrong code", resp, b, http.StatusUnprocessableEntity, "field:code=mfa.bad_code")

		rec := decode[struct {
			Codes []string `json:"recovery_codes"`
		}](t, mustDo(t, http.StatusOK, http.MethodPost, srv.URL+"/api/v1/me/mfa/totp/confirm", tok, map[string]string{"code": totpCode(t, begin.Secret, step)}))
		seen := map[string]bool{}
		for _, c := range rec.Codes {
			seen[c] = true
		}
		if len(rec.Codes) != 10 || len(seen) != 10 {
			t.Fatalf("recovery codes %v, want 10 distinct", rec.Codes)
		}
		if !getUser(t, srv, admin, u.ID).MFAEnabled {
			t.Error("mfa_enabled is false after confirming")
		}

		resp, b = tryLogin(t, srv, "demo", "mfauser", pw, "")
		wantProblem(t, "login without a code", resp, b, http.StatusUnauthorized, "auth.mfa_required")
		refused := func(what, code string) {
			t.Helper()
			resp, b := tryLogin(t, srv, "demo", "mfauser", pw, code)
			if resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 401 or 422: %s", what, resp.StatusCode, b)
			}
		}
		refused("login with a wrong code", wrong)
		refused("login with the code used to confirm", totpCode(t, begin.Secret, step))
		next := totpCode(t, begin.Secret, step+1)
		resp, b = tryLogin(t, srv, "demo", "mfauser", "Wrong-pass-2026", next)
		wantProblem(t, "right code, wrong password", resp, b, http.StatusUnauthorized, "auth.invalid_credentials")
		session := decode[loginOut](t, mustDo(t, http.StatusOK, http.MethodPost, srv.URL+"/api/v1/auth/login", "",
			map[string]string{"tenant": "demo", "username": "mfauser", "password": pw, "totp": next})).Token
		wantSignedIn(t, "session opened with TOTP", srv, session)
		refused("the same code again", next)

		withCode := func(code string) (*http.Response, []byte) { return tryLogin(t, srv, "demo", "mfauser", pw, code) }
		if resp, b := withCode(rec.Codes[0]); resp.StatusCode != http.StatusOK {
			t.Errorf("recovery code: %d %s", resp.StatusCode, b)
		}
		refused("a used recovery code", rec.Codes[0])
		if resp, b := withCode(strings.ToUpper(strings.ReplaceAll(rec.Codes[1], "-", ""))); resp.StatusCode != http.StatusOK {
			t.Errorf("recovery code typed in capitals without the dash: %d %s", resp.StatusCode, b)
		}
		if n := len(auditLog(t, srv, admin, fmt.Sprintf("action=mfa.recovery_code_used&record_id=%d", u.ID))); n != 2 {
			t.Errorf("%d mfa.recovery_code_used entries, want 2", n)
		}
		if n := len(auditLog(t, srv, admin, fmt.Sprintf("action=mfa.enable&record_id=%d", u.ID))); n != 1 {
			t.Errorf("%d mfa.enable entries, want 1", n)
		}

		// Turning it off needs the password.
		resp, b = do(t, http.MethodPost, srv.URL+"/api/v1/me/mfa/totp/disable", tok, map[string]string{"password": "Wrong-pass-2026"})
		wantProblem(t, "disable with a wrong password", resp, b, http.StatusUnprocessableEntity, "field:password=password.wrong")
		mustDo(t, http.StatusOK, http.MethodPost, srv.URL+"/api/v1/me/mfa/totp/disable", tok, map[string]string{"password": pw})
		wantSignedIn(t, "after turning MFA off", srv, login(t, srv, "demo", "mfauser", pw))
	})
}

// Logout ends the session; other sessions and API tokens stay.
func TestLogout(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		a1, a2 := adminToken(t, srv), adminToken(t, srv)
		mustDo(t, http.StatusOK, http.MethodPost, srv.URL+"/api/v1/auth/logout", a1, nil)
		wantSignedOut(t, "after logout", srv, a1)
		wantSignedIn(t, "another session after logout", srv, a2)
		resp, b := do(t, http.MethodPost, srv.URL+"/api/v1/auth/logout", a1, nil)
		wantProblem(t, "logout twice", resp, b, http.StatusUnauthorized, "unauthenticated")
	})
}

// A personal API token works as a bearer token until it is revoked or expires.
func TestPersonalAPIToken(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		a, srv := newTestApp(t, d)
		session := adminToken(t, srv)
		resp, b := do(t, http.MethodPost, srv.URL+"/api/v1/me/tokens", session, map[string]any{"name": "ERP 对接"})
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("create token: %d %s", resp.StatusCode, b)
		}
		tk := decode[struct {
			Token string `json:"token"`
			ID    int64  `json:"id"`
			Kind  string `json:"kind"`
			Name  string `json:"name"`
		}](t, b)
		if tk.Token == "" || tk.Kind != "api" || tk.Name != "ERP 对接" || resp.Header.Get("Location") == "" {
			t.Errorf("created token %+v, Location %q", tk, resp.Header.Get("Location"))
		}
		list := string(mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/me/tokens", session, nil))
		if !strings.Contains(list, "ERP 对接") || strings.Contains(list, tk.Token) {
			t.Errorf("token list must name the token and never show it again: %s", list)
		}
		wantSignedIn(t, "API token", srv, tk.Token)
		// It outlives the session that made it.
		mustDo(t, http.StatusOK, http.MethodPost, srv.URL+"/api/v1/auth/logout", session, nil)
		wantSignedIn(t, "API token after the session logged out", srv, tk.Token)
		// It can manage itself: revoke it with itself.
		resp, b = do(t, http.MethodDelete, fmt.Sprintf("%s/api/v1/me/tokens/%d", srv.URL, tk.ID), tk.Token, nil)
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("revoke: %d %s", resp.StatusCode, b)
		}
		wantSignedOut(t, "revoked API token", srv, tk.Token)
		session = adminToken(t, srv)
		resp, b = do(t, http.MethodDelete, fmt.Sprintf("%s/api/v1/me/tokens/%d", srv.URL, tk.ID), session, nil)
		wantProblem(t, "revoke twice", resp, b, http.StatusNotFound, "not_found")

		// Expiry: one in the past is refused; a token past its expiry stops working.
		resp, b = do(t, http.MethodPost, srv.URL+"/api/v1/me/tokens", session, map[string]any{"name": "old", "expires_at": time.Now().Add(-time.Hour)})
		wantProblem(t, "token expiring in the past", resp, b, http.StatusUnprocessableEntity, "field:expires_at=tokens.expiry_past")
		short := decode[struct {
			Token string `json:"token"`
			ID    int64  `json:"id"`
		}](t, mustDo(t, http.StatusCreated, http.MethodPost, srv.URL+"/api/v1/me/tokens", session, map[string]any{"name": "short", "expires_at": time.Now().Add(time.Hour)}))
		wantSignedIn(t, "short-lived token", srv, short.Token)
		exec(t, d, `UPDATE auth_sessions SET expires_at = ? WHERE id = ? AND tenant_id = ?`, db.Now().Add(-time.Second), short.ID, tenantID(t, d, "demo"))
		a.IDs.PurgeCache()
		wantSignedOut(t, "expired token", srv, short.Token)
	})
}

// An idle cookie session ends after the policy's idle minutes; an API
// token is not a session and has no idle limit.
func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		a, srv := newTestApp(t, d)
		admin := adminToken(t, srv)
		setPolicy(t, srv, admin, map[string]any{"idle_minutes": 5})
		idle, busy := adminToken(t, srv), adminToken(t, srv)
		api := decode[struct {
			Token string `json:"token"`
		}](t, mustDo(t, http.StatusCreated, http.MethodPost, srv.URL+"/api/v1/me/tokens", idle, map[string]any{"name": "sync"})).Token
		for tok, ago := range map[string]time.Duration{idle: 10 * time.Minute, busy: 3 * time.Minute, api: 10 * time.Minute} {
			exec(t, d, `UPDATE auth_sessions SET last_seen_at = ? WHERE token_hash = ?`, db.Now().Add(-ago), sha256hex(tok))
		}
		a.IDs.PurgeCache()
		// The answer says why: signed out after inactivity.
		resp, b := getMe(t, srv, idle)
		wantProblem(t, "session idle for 10 minutes", resp, b, http.StatusUnauthorized, "auth.session_idle")
		wantSignedIn(t, "session idle for 3 minutes", srv, busy)
		wantSignedIn(t, "API token unused for 10 minutes", srv, api)
		// Being refused once does not revive it.
		resp, b = getMe(t, srv, idle)
		wantProblem(t, "idle session, second try", resp, b, http.StatusUnauthorized, "auth.session_idle")
	})
}

// setPolicy reads the security policy, changes the given fields and saves it.
func setPolicy(t testing.TB, srv *httptest.Server, token string, change map[string]any) map[string]any {
	t.Helper()
	pol := decode[map[string]any](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/settings/security", token, nil))
	delete(pol, "updated_at")
	for k, v := range change {
		pol[k] = v
	}
	return decode[map[string]any](t, mustDo(t, http.StatusOK, http.MethodPatch, srv.URL+"/api/v1/settings/security", token, pol))
}

// With an IP allowlist, sign-in from elsewhere is refused (and audited),
// even with the right password, and sessions already open stop working.
// An admin cannot save a list that shuts out the address they work from.
func TestIPAllowlist(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		a, srv := newTestApp(t, d)
		admin := adminToken(t, srv)
		pol := decode[map[string]any](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/settings/security", admin, nil))
		pol["ip_allowlist"] = "not-an-address"
		delete(pol, "updated_at")
		resp, b := do(t, http.MethodPatch, srv.URL+"/api/v1/settings/security", admin, pol)
		wantProblem(t, "bad allowlist", resp, b, http.StatusUnprocessableEntity, "field:ip_allowlist=settings.bad_allowlist")

		pol["ip_allowlist"] = "10.0.0.0/8"
		resp, b = do(t, http.MethodPatch, srv.URL+"/api/v1/settings/security", admin, pol)
		wantProblem(t, "allowlist without my address", resp, b, http.StatusUnprocessableEntity, "field:ip_allowlist=settings.allowlist_excludes_you")

		// As if the office network changed after the list was saved.
		setAllowlist := func(list string) {
			t.Helper()
			if _, err := d.WriterRaw().Exec(d.WriterRaw().Rebind(`UPDATE security_policies SET ip_allowlist = ? WHERE tenant_id = (SELECT id FROM tenants WHERE code = 'demo')`), list); err != nil {
				t.Fatal(err)
			}
			a.IDs.PurgeCache()
		}
		setAllowlist("10.0.0.0/8")
		resp, b = do(t, http.MethodGet, srv.URL+"/api/v1/me", admin, nil)
		wantProblem(t, "open session from 127.0.0.1", resp, b, http.StatusForbidden, "auth.ip_not_allowed")
		resp, b = tryLogin(t, srv, "demo", "admin", app.DemoPassword, "")
		wantProblem(t, "login from 127.0.0.1", resp, b, http.StatusForbidden, "auth.ip_not_allowed")
		resp, b = tryLogin(t, srv, "demo", "manager", "Wrong-pass-2026", "")
		wantProblem(t, "wrong password from 127.0.0.1", resp, b, http.StatusForbidden, "auth.ip_not_allowed")
		// The operator and other tenants are not bound by this tenant's list.
		login(t, srv, "", "operator", app.DemoPassword)
		var n int
		if err := d.Read().Get(context.Background(), &n, `SELECT count(*) FROM audit_log WHERE action = 'auth.login_failed'
			AND changes LIKE '%ip_not_allowed%'`); err != nil || n < 2 {
			t.Errorf("refused sign-ins from outside the allowlist audited %d times (%v), want 2", n, err)
		}
		setAllowlist("10.0.0.0/8\n127.0.0.1")
		login(t, srv, "demo", "admin", app.DemoPassword)
		mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/me", admin, nil)
	})
}

// Changing one's password keeps the current session and ends the others;
// the policy's history refuses recent passwords.
func TestPasswordChange(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		admin := adminToken(t, srv)
		createUser(t, srv, admin, "changer", nil)
		current, other := login(t, srv, "demo", "changer", pw), login(t, srv, "demo", "changer", pw)
		change := func(from, to string) (*http.Response, []byte) {
			return do(t, http.MethodPost, srv.URL+"/api/v1/me/password", current, map[string]string{"current_password": from, "new_password": to})
		}
		resp, b := change("Wrong-pass-2026", "Next-pass-2026")
		wantProblem(t, "wrong current password", resp, b, http.StatusUnprocessableEntity, "field:current_password=password.wrong")
		resp, b = change(pw, "short1")
		wantProblem(t, "too short", resp, b, http.StatusUnprocessableEntity, "field:new_password=password.too_short")
		resp, b = change(pw, "alllowercaseletters")
		wantProblem(t, "one character class", resp, b, http.StatusUnprocessableEntity, "field:new_password=password.classes")
		wantSignedIn(t, "other session after refused changes", srv, other)

		p2 := "Second-pass-2026"
		if resp, b := change(pw, p2); resp.StatusCode != http.StatusOK {
			t.Fatalf("change: %d %s", resp.StatusCode, b)
		}
		wantSignedIn(t, "the session that changed the password", srv, current)
		wantSignedOut(t, "another session after the change", srv, other)
		resp, b = tryLogin(t, srv, "demo", "changer", pw, "")
		wantProblem(t, "old password", resp, b, http.StatusUnauthorized, "auth.invalid_credentials")
		login(t, srv, "demo", "changer", p2)

		// History 3 (the default): the current and the two before it are refused.
		resp, b = change(p2, pw)
		wantProblem(t, "back to the previous password", resp, b, http.StatusUnprocessableEntity, "field:new_password=password.reused")
		resp, b = change(p2, p2)
		wantProblem(t, "the current password again", resp, b, http.StatusUnprocessableEntity, "field:new_password=password.reused")
		mustDo(t, http.StatusOK, http.MethodPost, srv.URL+"/api/v1/me/password", current, map[string]string{"current_password": p2, "new_password": "Third-pass-2026"})
		mustDo(t, http.StatusOK, http.MethodPost, srv.URL+"/api/v1/me/password", current, map[string]string{"current_password": "Third-pass-2026", "new_password": "Fourth-pass-2026"})
		mustDo(t, http.StatusOK, http.MethodPost, srv.URL+"/api/v1/me/password", current, map[string]string{"current_password": "Fourth-pass-2026", "new_password": pw})
		login(t, srv, "demo", "changer", pw)
	})
}

// Idempotency-Key: a retried create returns the first answer and creates
// nothing new; the key with another body is refused.
func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		admin := adminToken(t, srv)
		post := func(token, key string, body any) (*http.Response, []byte) {
			h := http.Header{}
			h.Set("Authorization", "Bearer "+token)
			h.Set("Idempotency-Key", key)
			return doH(t, http.MethodPost, srv.URL+"/api/v1/users", h, body)
		}
		key := "6f1c2a7e-0d4b-4f7e-9a51-2b8e3c1d9f00"
		body := map[string]any{"username": "onceonly", "display_name": "只建一次", "password": pw}
		r1, b1 := post(admin, key, body)
		if r1.StatusCode != http.StatusCreated {
			t.Fatalf("first: %d %s", r1.StatusCode, b1)
		}
		r2, b2 := post(admin, key, body)
		if r2.StatusCode != http.StatusCreated || !bytes.Equal(b1, b2) || r2.Header.Get("Location") != r1.Header.Get("Location") {
			t.Errorf("replay: %d Location %q body\n%s\nwant 201 Location %q body\n%s", r2.StatusCode, r2.Header.Get("Location"), b2, r1.Header.Get("Location"), b1)
		}
		if decode[user](t, b2).ID != decode[user](t, b1).ID {
			t.Error("replay names another user")
		}
		demo := tenantID(t, d, "demo")
		if n := count(t, d, `SELECT count(*) FROM users WHERE tenant_id = ? AND username = 'onceonly'`, demo); n != 1 {
			t.Errorf("%d users created, want 1", n)
		}
		created := decode[user](t, b1).ID
		if n := len(auditLog(t, srv, admin, fmt.Sprintf("action=user.create&record_id=%d", created))); n != 1 {
			t.Errorf("%d user.create audit entries for the new user, want 1", n)
		}
		body["display_name"] = "另一个"
		r3, b3 := post(admin, key, body)
		wantProblem(t, "same key, other body", r3, b3, http.StatusUnprocessableEntity, "field:Idempotency-Key=idempotency.mismatch")
		// Keys are per user: another user's identical key is a new request.
		createUser(t, srv, admin, "keyholder", map[string]any{"role_ids": []int64{roleID(t, srv, admin, "admin")}})
		other := login(t, srv, "demo", "keyholder", pw)
		r4, b4 := post(other, key, map[string]any{"username": "twiceonly", "display_name": "另一个人的", "password": pw})
		if r4.StatusCode != http.StatusCreated || decode[user](t, b4).Username != "twiceonly" {
			t.Errorf("another user's same key: %d %s", r4.StatusCode, b4)
		}
	})
}
