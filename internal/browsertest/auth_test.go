package browsertest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/taihe-erp/taihe/internal/app"
)

// Opening the app without a session leads to the sign-in page; signing in
// lands on the workbench, which greets the user by name.
func TestLoginLandsOnWorkbench(t *testing.T) {
	e := newEnv(t)
	e.open("/")
	if p := e.path(); !strings.HasPrefix(p, "/login") {
		t.Fatalf("/ without a session shows %s, want the sign-in page", p)
	}
	e.do("wait for the sign-in form", waitVisible("#login-form"))
	e.fill("#login-form [name=tenant]", "demo")
	e.fill("#login-form [name=username]", "admin")
	e.fill("#login-form [name=password]", app.DemoPassword)
	e.click("#login-submit")

	if p := e.path(); p != "/" {
		t.Fatalf("after sign-in the page is %s, want /", p)
	}
	e.signedInAs("系统管理员")
	if h := e.text("main h1"); !strings.Contains(h, "系统管理员") {
		t.Fatalf("workbench heading %q does not greet 系统管理员", h)
	}
	if e.exists("#login-form") {
		t.Fatal("the sign-in form is still shown after signing in")
	}
}

// A wrong password shows an alert on the sign-in page. Five wrong passwords
// lock the account: the sixth attempt is refused with the lockout message
// even with the right password.
func TestWrongPasswordThenLockout(t *testing.T) {
	e := newEnv(t)
	e.open("/login")
	e.fill("#login-form [name=tenant]", "demo")
	e.fill("#login-form [name=username]", "admin")
	for i := 1; i <= 5; i++ {
		e.fill("#login-form [name=password]", fmt.Sprintf("wrong-password-%d", i))
		e.click("#login-submit")
		alert := e.text("#login-form [role=alert]")
		if !strings.Contains(alert, "不正确") {
			t.Fatalf("attempt %d: alert %q, want the wrong-credentials message", i, alert)
		}
		if e.exists("[data-testid=user-menu]") {
			t.Fatalf("attempt %d: signed in with a wrong password", i)
		}
		// The form keeps what was typed, except the password.
		if u := e.value("#login-form [name=username]"); u != "admin" {
			t.Fatalf("attempt %d: username field %q after the error, want admin", i, u)
		}
		if pw := e.value("#login-form [name=password]"); pw != "" {
			t.Fatalf("attempt %d: the password was echoed back", i)
		}
	}

	e.fill("#login-form [name=password]", app.DemoPassword)
	e.click("#login-submit")
	alert := e.text("#login-form [role=alert]")
	if !strings.Contains(alert, "锁定") || !strings.Contains(alert, "15 分钟") {
		t.Fatalf("6th attempt with the right password: alert %q, want the lockout message (auth.locked) with 15 minutes", alert)
	}
	if e.exists("[data-testid=user-menu]") {
		t.Fatal("a locked account was signed in")
	}
	tid, uid := e.demoID("admin")
	if n := e.count(`SELECT count(*) FROM users WHERE tenant_id = ? AND id = ? AND locked_until IS NOT NULL`, tid, uid); n != 1 {
		t.Fatal("the account is not locked in the database")
	}
}

// TOTP: enrol from the security page with the secret the page shows, get
// recovery codes, sign out; the next sign-in asks for a code, refuses the
// one already used at enrolment and accepts a fresh one.
func TestTOTPEnrolmentAndSignIn(t *testing.T) {
	e := newEnv(t)
	e.login("demo", "manager", app.DemoPassword)
	e.signedInAs("王经理")
	e.open("/me/security")
	e.click("[data-testid=totp-begin]")
	secret := e.text("[data-testid=totp-secret]")
	if len(secret) < 16 {
		t.Fatalf("secret shown %q, want a base32 key", secret)
	}
	if !e.exists("[data-testid=totp-qr]") {
		t.Error("no QR code beside the secret")
	}

	now := time.Now()
	enrolCode, err := totp.GenerateCode(secret, now)
	if err != nil {
		t.Fatalf("totp code from the page's secret: %v", err)
	}
	e.fill("#totp-confirm-form [name=code]", enrolCode)
	e.click("[data-testid=totp-confirm]")
	e.do("wait for the recovery codes", waitVisible("[data-testid=recovery-codes]"))
	n, err := runEval[int](e, `document.querySelectorAll("[data-testid=recovery-codes] ol.codes li").length`)
	if err != nil || n != 10 {
		t.Fatalf("recovery codes shown: %d (%v), want 10", n, err)
	}
	// The server refuses a time step it has seen: the enrolment used the
	// step of now, so sign-in needs the code of the next step, which it
	// accepts (±1 step of drift) from now on.
	step := now.Unix() / 30

	e.logout()
	e.fill("#login-form [name=tenant]", "demo")
	e.fill("#login-form [name=username]", "manager")
	e.fill("#login-form [name=password]", app.DemoPassword)
	e.click("#login-submit")
	if p := e.path(); !strings.HasPrefix(p, "/login/mfa") {
		t.Fatalf("after the password the page is %s, want /login/mfa", p)
	}
	if e.exists("[data-testid=user-menu]") {
		t.Fatal("signed in without the second factor")
	}

	// Replaying the enrolment code is refused, on the same page.
	e.fill("#mfa-form [name=code]", enrolCode)
	e.click("#mfa-submit")
	if msg := e.text(`#mfa-form [data-error-for="code"]`); msg == "" {
		t.Fatal("a replayed TOTP code shows no error")
	}
	if e.exists("[data-testid=user-menu]") {
		t.Fatal("a replayed TOTP code signed in")
	}

	fresh, err := totp.GenerateCode(secret, time.Unix((step+1)*30, 0))
	if err != nil {
		t.Fatal(err)
	}
	e.fill("#mfa-form [name=code]", fresh)
	e.click("#mfa-submit")
	if p := e.path(); p != "/" {
		t.Fatalf("after the code the page is %s, want the workbench", p)
	}
	e.signedInAs("王经理")
	tid, uid := e.demoID("manager")
	if n := e.count(`SELECT count(*) FROM users WHERE tenant_id = ? AND id = ? AND totp_enabled = TRUE`, tid, uid); n != 1 {
		t.Fatal("TOTP is not on in the database")
	}
}

// Password reset: the link on the sign-in page asks for the account, a code
// arrives by mail (real SMTP), the reset page sets a new password with it,
// and the new password signs in.
func TestPasswordResetByMail(t *testing.T) {
	e := newEnv(t)
	e.open("/login")
	e.click("[data-testid=forgot-link]")
	if p := e.path(); !strings.HasPrefix(p, "/password/forgot") {
		t.Fatalf("the forgot-password link leads to %s", p)
	}
	e.fill("#forgot-form [name=tenant]", "demo")
	e.fill("#forgot-form [name=username]", "admin")
	e.click("[data-testid=forgot-submit]")
	e.do("wait for the confirmation", waitVisible("[data-testid=forgot-sent]"))

	m, err := e.Mail.Wait(15 * time.Second)
	if err != nil {
		t.Fatalf("reset mail: %v", err)
	}
	if len(m.To) != 1 || m.To[0] != "admin@demo.taihe.local" {
		t.Fatalf("reset mail went to %v", m.To)
	}
	code, err := sixDigits(m.Body)
	if err != nil {
		t.Fatalf("%v:\n%s", err, m.Body)
	}

	e.open("/password/reset")
	e.fill("#reset-form [name=tenant]", "demo")
	e.fill("#reset-form [name=username]", "admin")
	e.fill("#reset-form [name=code]", code)
	const newPassword = "Reset-pass-2026"
	e.fill("#reset-form [name=new_password]", newPassword)
	e.click("[data-testid=reset-submit]")
	if p := e.path(); !strings.HasPrefix(p, "/login") {
		t.Fatalf("after the reset the page is %s, want /login", p)
	}
	if msg := e.text("[data-testid=notice]"); !strings.Contains(msg, "密码已重置") {
		t.Fatalf("notice after the reset: %q", msg)
	}
	if tenant := e.value("#login-form [name=tenant]"); tenant != "demo" {
		t.Errorf("the sign-in form after the reset has tenant %q, want demo filled in", tenant)
	}

	e.login("demo", "admin", app.DemoPassword)
	if !e.exists("#login-form [role=alert]") {
		t.Fatal("the old password still signs in after the reset")
	}
	e.login("demo", "admin", newPassword)
	if p := e.path(); p != "/" {
		t.Fatalf("sign-in with the new password leads to %s", p)
	}
	e.signedInAs("系统管理员")
}
