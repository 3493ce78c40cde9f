package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/config"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/mail/mailtest"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// testTimeout bounds each test's browser work.
const testTimeout = 60 * time.Second

// env is one test's world: a seeded app on a loopback port, its mail
// server, and a tab in a browser context of its own (no cookies shared with
// other tests).
type env struct {
	t    *testing.T
	App  *app.App
	Mail *mailtest.Server
	URL  string
	// ctx is the tab with the test's deadline; tab is the same tab without
	// it, for the screenshot taken after a failure.
	ctx, tab context.Context
}

type envOpts struct {
	migrations []db.MigrationSet
	setup      func(*app.App) // after wiring and seeding, before serving
}

// newEnv wires the whole application on a fresh SQLite database with mail
// going to an in-process SMTP server, seeds the demo tenant, serves it on
// 127.0.0.1 and opens a tab.
func newEnv(t *testing.T, opts ...envOpts) *env {
	t.Helper()
	if browserCtx == nil {
		t.Fatal("browsertest: no browser (TestMain did not start one)")
	}
	e := &env{t: t, Mail: mailtest.New(t)}
	var o envOpts
	for _, x := range opts {
		o.migrations = append(o.migrations, x.migrations...)
		if x.setup != nil {
			o.setup = x.setup
		}
	}
	cfg := config.Defaults()
	cfg.Data = t.TempDir()
	cfg.SMTPURL = e.Mail.URL()
	cfg.LoginPerIP = 100000 // every attempt comes from 127.0.0.1; lockout is per user
	ctx := context.Background()
	a, err := app.New(ctx, cfg, app.Options{DB: testdb.SQLite(t), ExtraMigrations: o.migrations})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	if seeded, err := a.SeedDemo(ctx); err != nil || !seeded {
		t.Fatalf("SeedDemo: seeded=%v err=%v", seeded, err)
	}
	if err := a.Start(ctx); err != nil {
		t.Fatalf("start jobs: %v", err)
	}
	t.Cleanup(a.Jobs.Stop) // before the database closes (cleanups run last-in first-out)
	if o.setup != nil {
		o.setup(a)
	}
	e.App = a
	srv := httptest.NewServer(a.Handler()) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	e.URL = srv.URL

	// A new browser context per test: cookies and storage start empty.
	tab, cancelTab := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancelTab) // runs before srv.Close: the tab's connections go first
	// The first Run opens the tab and binds it to tab, which must have no
	// deadline (the failure screenshot still needs it); bound it here.
	opened := make(chan error, 1)
	go func() { opened <- chromedp.Do(tab, chromedp.EmulateViewport(1280, 900)) }()
	select {
	case err := <-opened:
		if err != nil {
			t.Fatalf("open a tab: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("open a tab: the browser did not answer within 30s")
	}
	e.answerDialogs(tab)
	tctx, cancel := context.WithTimeout(tab, testTimeout)
	t.Cleanup(cancel)
	e.tab, e.ctx = tab, tctx
	t.Cleanup(e.onFailure)
	return e
}

// answerDialogs accepts the page's native dialogs (the "leave with unsaved
// changes?" prompt of a dirty form) as a user clicking OK would; headless
// Chromium would otherwise hang the tab. They are logged at the end.
func (e *env) answerDialogs(tab context.Context) {
	var mu sync.Mutex
	var seen []string
	dialogs := chromedp.Events(tab, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			mu.Lock()
			seen = append(seen, fmt.Sprintf("%s %q", ev.Type, ev.Message))
			mu.Unlock()
			_, _ = chromedp.Call(tab, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	e.t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if len(seen) > 0 {
			e.t.Logf("native dialogs accepted: %s", strings.Join(seen, "; "))
		}
	})
}

// onFailure saves a screenshot of the tab and logs where it is, with the
// page's address and text.
func (e *env) onFailure() {
	t := e.t
	if !t.Failed() {
		return
	}
	ctx, cancel := context.WithTimeout(e.tab, 10*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	if len(text) > 2000 {
		text = text[:2000] + "…"
	}
	t.Logf("page at failure: %s\n%s", loc, text)
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("no failure screenshot: %v", err)
		return
	}
	dir := os.Getenv("TAIHE_SCREENSHOTS")
	if dir == "" {
		// Not t.TempDir: it is removed when the test ends.
		if dir, err = os.MkdirTemp("", "taihe-browsertest-"); err != nil {
			t.Logf("no failure screenshot: %v", err)
			return
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("no failure screenshot: %v", err)
		return
	}
	path := filepath.Join(dir, "fail-"+regexp.MustCompile(`[^A-Za-z0-9_-]+`).ReplaceAllString(t.Name(), "_")+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Logf("no failure screenshot: %v", err)
		return
	}
	t.Logf("failure screenshot: %s", path)
}

// css is a CSS selector for chromedp (a plain string would be a DOM search
// that also matches text).
func css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

// js quotes a Go string as a JavaScript string literal.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// do runs steps in the tab; step names the user's action in a failure.
func (e *env) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	e.t.Helper()
	if err := chromedp.Do(e.ctx, actions...); err != nil {
		e.t.Fatalf("%s: %v", step, err)
	}
}

// andWait runs actions that start a page load (a click on a submit button or
// a link, a key that submits) and waits until the new page has loaded.
func (e *env) andWait(step string, actions ...chromedp.Action[chromedp.Void]) *network.Response {
	e.t.Helper()
	resp, err := chromedp.RunResponse(e.ctx, actions...)
	if err != nil {
		e.t.Fatalf("%s: %v", step, err)
	}
	return resp
}

// open loads a path of the app and waits for the page.
func (e *env) open(path string) {
	e.t.Helper()
	e.do("open "+path, chromedp.Navigate(e.URL+path))
}

// click clicks an element that leads to a new page and waits for it.
func (e *env) click(sel string) {
	e.t.Helper()
	e.andWait("click "+sel, chromedp.Click(css(sel)))
}

// fill replaces an input's value by typing, as a user would.
//
// The field is emptied by script, not with chromedp.SetValue(sel, ""): in
// chromedp v0.23.0 an empty string argument is dropped on the wire (json v2
// omitempty on runtime.CallArgument.Value), the page gets undefined, and
// SetValue fails with "could not set value".
func (e *env) fill(sel, value string) {
	e.t.Helper()
	step := fmt.Sprintf("type %q into %s", value, sel)
	e.do(step, chromedp.WaitVisible(css(sel)))
	cleared, err := runEval[bool](e, fmt.Sprintf(`(el => {
		if (!el) return false;
		el.value = "";
		el.dispatchEvent(new Event("input", {bubbles: true}));
		return true;
	})(document.querySelector(%s))`, js(sel)))
	if err != nil || !cleared {
		e.t.Fatalf("%s: could not empty the field (%v)", step, err)
	}
	e.do(step, chromedp.SendKeys(css(sel), value))
}

// choose selects the option of a select whose label contains label.
func (e *env) choose(sel, label string) {
	e.t.Helper()
	v, err := chromedp.Run(e.ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
		const s = document.querySelector(%s);
		if (!s) return "";
		const o = Array.from(s.options).find(o => o.textContent.includes(%s));
		return o ? o.value : "";
	})()`, js(sel), js(label))))
	if err != nil || v == "" {
		e.t.Fatalf("choose %q in %s: no such option (%v)", label, sel, err)
	}
	e.do(fmt.Sprintf("choose %q in %s", label, sel), chromedp.SetValue(css(sel), v))
}

// text is the visible text of the first element matching sel, waiting for
// it to exist.
func (e *env) text(sel string) string {
	e.t.Helper()
	s, err := chromedp.Run(e.ctx, chromedp.Text(css(sel)))
	if err != nil {
		e.t.Fatalf("read text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// value is the current value of a form control.
func (e *env) value(sel string) string {
	e.t.Helper()
	s, err := chromedp.Run(e.ctx, chromedp.Value(css(sel)))
	if err != nil {
		e.t.Fatalf("read value of %s: %v", sel, err)
	}
	return s
}

// exists tells whether an element matching sel is in the page now.
func (e *env) exists(sel string) bool {
	e.t.Helper()
	ok, err := chromedp.Run(e.ctx, chromedp.Evaluate[bool](fmt.Sprintf(`!!document.querySelector(%s)`, js(sel))))
	if err != nil {
		e.t.Fatalf("look for %s: %v", sel, err)
	}
	return ok
}

// path is the tab's current path and query.
func (e *env) path() string {
	e.t.Helper()
	loc, err := chromedp.Run(e.ctx, chromedp.Location())
	if err != nil {
		e.t.Fatalf("location: %v", err)
	}
	return strings.TrimPrefix(loc, e.URL)
}

// waitFor polls a JavaScript condition until it is true, across page loads
// (an evaluation that a navigation interrupts is retried).
func (e *env) waitFor(what, cond string) {
	e.t.Helper()
	var last error
	for {
		ok, err := chromedp.Run(e.ctx, chromedp.Evaluate[bool](`(() => { try { return !!(`+cond+`) } catch (e) { return false } })()`))
		if err == nil && ok {
			return
		}
		if err != nil {
			last = err
		}
		select {
		case <-e.ctx.Done():
			e.t.Fatalf("waiting for %s: %v (last error: %v)", what, e.ctx.Err(), last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// waitText waits until an element matching sel shows text containing want.
func (e *env) waitText(sel, want string) {
	e.t.Helper()
	e.waitFor(fmt.Sprintf("%s to show %q", sel, want), fmt.Sprintf(
		`Array.from(document.querySelectorAll(%s)).some(el => el.innerText.includes(%s))`, js(sel), js(want)))
}

// login signs in through the login page and waits for the page after it.
func (e *env) login(tenant, username, password string) {
	e.t.Helper()
	e.open("/login")
	e.fill("#login-form [name=tenant]", tenant)
	e.fill("#login-form [name=username]", username)
	e.fill("#login-form [name=password]", password)
	e.click("#login-submit")
}

// signedInAs asserts that the page is the signed-in shell of the user with
// that display name.
func (e *env) signedInAs(name string) {
	e.t.Helper()
	if got := e.text("[data-testid=user-menu]"); got != name {
		e.t.Fatalf("signed-in user shows %q, want %q (page %s)", got, name, e.path())
	}
}

// logout presses the sign-out button and waits for the login page.
func (e *env) logout() {
	e.t.Helper()
	e.click("[data-testid=logout]")
	if p := e.path(); !strings.HasPrefix(p, "/login") {
		e.t.Fatalf("after sign-out the page is %s, want /login", p)
	}
}

// demoID returns the demo tenant's id and the id of one of its users.
func (e *env) demoID(username string) (tenantID, userID int64) {
	e.t.Helper()
	ctx := context.Background()
	if err := e.App.DB.Read().Get(ctx, &tenantID, `SELECT id FROM tenants WHERE code = 'demo'`); err != nil {
		e.t.Fatalf("demo tenant: %v", err)
	}
	if username == "" {
		return tenantID, 0
	}
	err := e.App.DB.Read().Get(ctx, &userID, `SELECT id FROM users WHERE tenant_id = ? AND username = ?`, tenantID, username)
	if err != nil {
		e.t.Fatalf("user %s: %v", username, err)
	}
	return tenantID, userID
}

// count runs a SELECT count(*) on the app's database.
func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.App.DB.Read().Get(context.Background(), &n, q, args...); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// screenshot returns a full-page PNG of the tab.
func (e *env) screenshot() []byte {
	e.t.Helper()
	png, err := chromedp.Run(e.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		e.t.Fatalf("screenshot: %v", err)
	}
	return png
}

var errNoCode = errors.New("no 6-digit code in the mail")

// sixDigits finds the code in a reset mail.
func sixDigits(body string) (string, error) {
	m := regexp.MustCompile(`\b\d{6}\b`).FindString(body)
	if m == "" {
		return "", errNoCode
	}
	return m, nil
}

// waitVisible waits until an element matching sel is shown.
func waitVisible(sel string) chromedp.Action[chromedp.Void] { return chromedp.WaitVisible(css(sel)) }

// runEval evaluates a JavaScript expression in the tab.
func runEval[T any](e *env, expr string) (T, error) {
	return chromedp.Run(e.ctx, chromedp.Evaluate[T](expr))
}
