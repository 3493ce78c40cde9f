package app_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/config"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/mail/mailtest"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

var sixDigits = regexp.MustCompile(`\b\d{6}\b`)

// newMailApp is a test app whose mail goes to a real in-process SMTP server.
func newMailApp(t *testing.T, d *db.DB) (*app.App, *httptest.Server, *mailtest.Server) {
	t.Helper()
	mt := mailtest.New(t)
	a, srv := newTestApp(t, d, testOpts{cfg: func(c *config.Config) {
		c.SMTPURL = mt.URL()
		c.MailFrom = "noreply@taihe.test"
	}})
	return a, srv, mt
}

func requestReset(t testing.TB, srv *httptest.Server, tenant, login string) []byte {
	t.Helper()
	return mustDo(t, http.StatusOK, http.MethodPost, srv.URL+"/api/v1/auth/password-reset", "", map[string]string{"tenant": tenant, "username": login})
}

func confirmReset(t testing.TB, srv *httptest.Server, login, code, next string) (*http.Response, []byte) {
	t.Helper()
	return do(t, http.MethodPost, srv.URL+"/api/v1/auth/password-reset/confirm", "",
		map[string]string{"tenant": "demo", "username": login, "code": code, "new_password": next})
}

// codeFrom waits for the next mail and returns the code in it.
func codeFrom(t testing.TB, mt *mailtest.Server, to string) (string, mailtest.Message) {
	t.Helper()
	m, err := mt.Wait(10 * time.Second)
	if err != nil {
		t.Fatalf("reset mail: %v", err)
	}
	if len(m.To) != 1 || m.To[0] != to || len(m.EnvelopeTo) != 1 || m.EnvelopeTo[0] != to {
		t.Errorf("mail to %v (envelope %v), want %s", m.To, m.EnvelopeTo, to)
	}
	codes := sixDigits.FindAllString(m.Body, -1)
	if len(codes) != 1 {
		t.Fatalf("want exactly one 6-digit code in the mail body, found %v:\n%s", codes, m.Body)
	}
	return codes[0], m
}

// wrongCode is a six-digit code that differs from code.
func wrongCode(code string) string {
	b := []byte(code)
	b[0] = '0' + (b[0]-'0'+1)%10
	return string(b)
}

// Password reset over a real SMTP exchange: the code arrives by mail, a
// wrong code is refused, the right one sets the new password once, and an
// unknown account gets the same answer and no mail.
func TestPasswordResetByMail(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv, mt := newMailApp(t, d)
		admin := adminToken(t, srv)
		answer := requestReset(t, srv, "demo", "admin@demo.taihe.local")
		code, m := codeFrom(t, mt, "admin@demo.taihe.local")
		if m.From != "noreply@taihe.test" {
			t.Errorf("from %q, want the configured MailFrom", m.From)
		}
		if m.Subject != "【太和】重置密码验证码" || !strings.Contains(m.Body, "系统管理员") || !strings.Contains(m.Body, "15") {
			t.Errorf("mail in the user's language with their name and the validity: subject %q body:\n%s", m.Subject, m.Body)
		}

		resp, b := confirmReset(t, srv, "admin", wrongCode(code), "Brand-new-2026")
		wantProblem(t, "wrong code", resp, b, http.StatusUnprocessableEntity, "field:code=reset.bad_code")
		resp, b = confirmReset(t, srv, "admin", code, "short")
		wantProblem(t, "weak new password", resp, b, http.StatusUnprocessableEntity, "field:new_password=password.too_short")
		login(t, srv, "demo", "admin", app.DemoPassword) // nothing changed yet

		mustDo(t, http.StatusOK, http.MethodPost, srv.URL+"/api/v1/auth/password-reset/confirm", "",
			map[string]string{"tenant": "demo", "username": "admin", "code": code, "new_password": "Brand-new-2026"})
		resp, b = tryLogin(t, srv, "demo", "admin", app.DemoPassword, "")
		wantProblem(t, "old password after reset", resp, b, http.StatusUnauthorized, "auth.invalid_credentials")
		fresh := login(t, srv, "demo", "admin", "Brand-new-2026")
		wantSignedOut(t, "a session opened before the reset", srv, admin)

		resp, b = confirmReset(t, srv, "admin", code, "Another-new-2026")
		wantProblem(t, "the code a second time", resp, b, http.StatusUnprocessableEntity, "field:code=reset.bad_code")
		login(t, srv, "demo", "admin", "Brand-new-2026")

		for _, e := range []string{"password.reset_requested", "password.reset"} {
			if n := len(auditLog(t, srv, fresh, "action="+e)); n != 1 {
				t.Errorf("%d %s audit entries, want 1", n, e)
			}
		}

		// Unknown user, unknown tenant, a user without an address: the same
		// answer, and no mail.
		for _, c := range [][2]string{{"demo", "ghost"}, {"demo", "ghost@demo.taihe.local"}, {"nosuchtenant", "admin"}, {"", "operator"}} {
			if got := requestReset(t, srv, c[0], c[1]); !bytes.Equal(got, answer) {
				t.Errorf("reset for %v answers %s, unlike a real account's %s", c, got, answer)
			}
		}
		if m, err := mt.Wait(time.Second); !errors.Is(err, mailtest.ErrTimeout) {
			t.Errorf("a mail went out for an unknown account: %+v (%v)", m, err)
		}
	})
}

// A new request voids the earlier code, and five wrong tries void a code.
func TestPasswordResetCodeLimits(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv, mt := newMailApp(t, d)
		requestReset(t, srv, "demo", "sales")
		first, _ := codeFrom(t, mt, "sales@demo.taihe.local")
		requestReset(t, srv, "demo", "sales")
		second, _ := codeFrom(t, mt, "sales@demo.taihe.local")
		if first != second {
			resp, b := confirmReset(t, srv, "sales", first, "Brand-new-2026")
			wantProblem(t, "the replaced code", resp, b, http.StatusUnprocessableEntity, "field:code=reset.bad_code")
		}
		requestReset(t, srv, "demo", "sales")
		third, _ := codeFrom(t, mt, "sales@demo.taihe.local")
		for i := 0; i < 5; i++ {
			resp, b := confirmReset(t, srv, "sales", wrongCode(third), "Brand-new-2026")
			wantProblem(t, fmt.Sprintf("wrong try %d", i+1), resp, b, http.StatusUnprocessableEntity, "field:code=reset.bad_code")
		}
		resp, b := confirmReset(t, srv, "sales", third, "Brand-new-2026")
		wantProblem(t, "right code after five wrong tries", resp, b, http.StatusUnprocessableEntity, "field:code=reset.expired")
		login(t, srv, "demo", "sales", app.DemoPassword)
	})
}
