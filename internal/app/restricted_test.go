package app_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// When a user's role requires two-factor authentication and the user has
// none yet, everything but the enrolment (and "me", sign-out) answers 403
// auth.mfa_enrol_required; once enrolled, the user works normally.
func TestMFARequiredByRole(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		a, srv := newTestApp(t, d)
		demo := tenantID(t, d, "demo")
		exec(t, d, `UPDATE roles SET mfa_required = TRUE WHERE tenant_id = ? AND code = 'manager'`, demo)
		a.IDs.PurgeCache()
		tok := login(t, srv, "demo", "manager", app.DemoPassword)
		me := decode[map[string]any](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/me", tok, nil))
		if me["must_enrol_mfa"] != true {
			t.Fatalf("me says must_enrol_mfa=%v, want true", me["must_enrol_mfa"])
		}
		resp, b := do(t, http.MethodGet, srv.URL+"/api/v1/users", tok, nil)
		wantProblem(t, "users list before enrolling", resp, b, http.StatusForbidden, "auth.mfa_enrol_required")

		secret := decode[map[string]any](t, mustDo(t, http.StatusOK, http.MethodPost, srv.URL+"/api/v1/me/mfa/totp", tok, nil))["secret"].(string)
		code, err := totp.GenerateCode(secret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		mustDo(t, http.StatusOK, http.MethodPost, srv.URL+"/api/v1/me/mfa/totp/confirm", tok, map[string]any{"code": code})
		mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/users", tok, nil)
	})
}

// An expired password confines the user to changing it.
func TestPasswordExpiry(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		a, srv := newTestApp(t, d)
		demo := tenantID(t, d, "demo")
		exec(t, d, `UPDATE security_policies SET expiry_days = 90 WHERE tenant_id = ?`, demo)
		exec(t, d, `UPDATE users SET password_changed_at = ? WHERE tenant_id = ? AND username = 'manager'`,
			db.Now().Add(-91*24*time.Hour), demo)
		a.IDs.PurgeCache()
		tok := login(t, srv, "demo", "manager", app.DemoPassword)
		resp, b := do(t, http.MethodGet, srv.URL+"/api/v1/users", tok, nil)
		wantProblem(t, "users list with an expired password", resp, b, http.StatusForbidden, "auth.password_expired")
		mustDo(t, http.StatusOK, http.MethodPost, srv.URL+"/api/v1/me/password", tok,
			map[string]any{"current_password": app.DemoPassword, "new_password": "Fresh-pass-2026"})
		mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/users", tok, nil)
	})
}
