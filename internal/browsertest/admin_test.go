package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// An invalid email shows its error under the email field and saves nothing;
// once fixed, Ctrl+S saves the form and opens the new user's page.
func TestCreateUserInlineErrorThenCtrlS(t *testing.T) {
	e := newEnv(t)
	e.login("demo", "admin", app.DemoPassword)
	e.open("/admin/users")
	e.click("[data-testid=user-new]")
	if p := e.path(); p != "/admin/users/new" {
		t.Fatalf("the new-user button leads to %s", p)
	}
	const username, password = "zhangsan", "Test-pass-2026"
	e.fill("#user-form [name=username]", username)
	e.fill("#user-form [name=display_name]", "张三")
	e.fill("#user-form [name=email]", "not-an-email")
	e.fill("#user-form [name=password]", password)
	e.do("press save", chromedp.Click(css("#user-form [data-testid=save]")))

	emailErr := `#user-form [data-error-for="email"]`
	e.waitFor("the email error", fmt.Sprintf(`(el => el && !el.hidden && el.innerText.trim() !== "")(document.querySelector(%s))`, js(emailErr)))
	if msg := e.text(emailErr); msg == "" {
		t.Fatal("the email error slot is empty")
	}
	// The error belongs to the email field: same field box, and the input
	// points to it and is marked invalid.
	ok, err := runEval[bool](e, fmt.Sprintf(`(() => {
		const err = document.querySelector(%s);
		const input = document.querySelector('#user-form [name="email"]');
		return err.closest(".field") === input.closest(".field") &&
			input.getAttribute("aria-invalid") === "true" &&
			(input.getAttribute("aria-describedby") || "").split(" ").includes(err.id);
	})()`, js(emailErr)))
	if err != nil || !ok {
		t.Fatalf("the email error is not attached to the email input (%v)", err)
	}
	for _, f := range []string{"username", "display_name"} {
		if msg, _ := runEval[string](e, fmt.Sprintf(`document.querySelector('#user-form [data-error-for=%q]').innerText`, f)); strings.TrimSpace(msg) != "" {
			t.Errorf("field %s shows an error %q for a valid value", f, msg)
		}
	}
	if p := e.path(); p != "/admin/users/new" {
		t.Fatalf("after the failed save the page is %s", p)
	}
	if got := e.value("#user-form [name=username]"); got != username {
		t.Fatalf("the form lost the username: %q", got)
	}
	tid, _ := e.demoID("")
	if n := e.count(`SELECT count(*) FROM users WHERE tenant_id = ? AND username = ?`, tid, username); n != 0 {
		t.Fatalf("%d users created from an invalid form", n)
	}

	e.fill("#user-form [name=email]", "zhangsan@demo.taihe.local")
	// Passwords are never sent back, so the re-rendered form asks again.
	e.fill("#user-form [name=password]", password)
	e.andWait("press Ctrl+S in the form", chromedp.KeyEvent("s", chromedp.KeyModifiers(chromedp.ModifierCtrl)))

	if p := e.path(); !regexp.MustCompile(`^/admin/users/\d+$`).MatchString(p) {
		t.Fatalf("after Ctrl+S the page is %s, want the new user's page", p)
	}
	e.waitText("[data-testid=toasts]", "用户已创建")
	if h := e.text("main h1"); !strings.Contains(h, "张三") {
		t.Fatalf("user page heading %q", h)
	}
	if n := e.count(`SELECT count(*) FROM users WHERE tenant_id = ? AND username = ? AND email = ?`,
		tid, username, "zhangsan@demo.taihe.local"); n != 1 {
		t.Fatalf("%d users %s with the fixed email, want exactly 1", n, username)
	}
}

// testRecords is a record type that exists only in this test: rows owned by
// users, registered as identity.Reassignable the way a module would.
var testRecords = db.MigrationSet{Module: "browsertest_records", FS: fstest.MapFS{
	"0001_test_records.sql": {Data: []byte(`CREATE TABLE test_records (
	id {{pk}},
	tenant_id BIGINT NOT NULL,
	owner_id BIGINT NOT NULL,
	title TEXT NOT NULL
);
CREATE INDEX test_records_owner ON test_records (tenant_id, owner_id);`)},
}}

type testRecordType struct{}

func (testRecordType) RecordType() string { return "test_record" }

func (testRecordType) CountOwned(ctx context.Context, q db.Querier, tenantID, userID int64) (int, error) {
	var n int
	err := db.Tenant(q, tenantID).Get(ctx, &n, `SELECT count(*) FROM test_records WHERE tenant_id = ? AND owner_id = ?`, tenantID, userID)
	return n, err
}

func (testRecordType) Reassign(ctx context.Context, tx *db.Tx, sc tenant.Scope, from, to int64) (int, error) {
	res, err := db.Tenant(tx, sc.Tenant()).Exec(ctx, `UPDATE test_records SET owner_id = ? WHERE tenant_id = ? AND owner_id = ?`,
		to, sc.Tenant(), from)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

var _ identity.Reassignable = testRecordType{}

// Disabling a user who owns records: the dialog shows what they own and
// insists on an heir; with one chosen, the user is disabled, the records
// move, and the user can no longer sign in.
func TestDisableUserReassignsRecords(t *testing.T) {
	e := newEnv(t, envOpts{
		migrations: []db.MigrationSet{testRecords},
		setup:      func(a *app.App) { a.IDs.RegisterReassignable(testRecordType{}) },
	})
	tid, sales := e.demoID("sales")
	_, manager := e.demoID("manager")
	err := e.App.DB.InTx(context.Background(), func(tx *db.Tx) error {
		for i := 1; i <= 3; i++ {
			if _, err := db.Tenant(tx, tid).Exec(context.Background(),
				`INSERT INTO test_records (tenant_id, owner_id, title) VALUES (?, ?, ?)`, tid, sales, fmt.Sprintf("客户 %d", i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed test records: %v", err)
	}

	e.login("demo", "admin", app.DemoPassword)
	e.open("/admin/users")
	e.click(fmt.Sprintf(`[data-testid=list-area] a[href="/admin/users/%d"]`, sales))
	if s := e.text("[data-testid=user-status]"); s != "启用" {
		t.Fatalf("sales shows status %q before disabling", s)
	}
	e.do("open the disable dialog",
		chromedp.Click(css("[data-testid=user-disable]")),
		waitVisible("#disable-dialog"))
	owned := e.text("#disable-dialog [data-testid=owned-records]")
	if !strings.Contains(owned, "3") {
		t.Fatalf("the dialog shows owned records %q, want a count of 3", owned)
	}

	// Confirming without an heir is refused inside the dialog.
	e.do("confirm without an heir", chromedp.Click(css("#disable-confirm")))
	reassignErr := `#disable-dialog [data-error-for="reassign_to"]`
	e.waitFor("the reassign error", fmt.Sprintf(`(el => el && !el.hidden && el.innerText.trim() !== "")(document.querySelector(%s))`, js(reassignErr)))
	if n := e.count(`SELECT count(*) FROM users WHERE tenant_id = ? AND id = ? AND status = 'active'`, tid, sales); n != 1 {
		t.Fatal("sales was disabled without an heir")
	}
	if open, _ := runEval[bool](e, `document.getElementById("disable-dialog").open`); !open {
		t.Fatal("the dialog closed on the error")
	}

	e.choose("#disable-dialog [name=reassign_to]", "(manager)")
	e.click("#disable-confirm")
	if p := e.path(); p != fmt.Sprintf("/admin/users/%d", sales) {
		t.Fatalf("after disabling the page is %s", p)
	}
	if s := e.text("[data-testid=user-status]"); s != "停用" {
		t.Fatalf("sales shows status %q after disabling, want 停用", s)
	}
	if e.exists("[data-testid=user-disable]") {
		t.Error("a disabled user still offers the disable button")
	}
	if n := e.count(`SELECT count(*) FROM test_records WHERE tenant_id = ? AND owner_id = ?`, tid, manager); n != 3 {
		t.Fatalf("manager owns %d test records after the reassignment, want 3", n)
	}
	if n := e.count(`SELECT count(*) FROM test_records WHERE tenant_id = ? AND owner_id = ?`, tid, sales); n != 0 {
		t.Fatalf("sales still owns %d test records", n)
	}

	e.logout()
	e.login("demo", "sales", app.DemoPassword)
	if e.exists("[data-testid=user-menu]") {
		t.Fatal("a disabled user signed in")
	}
	if alert := e.text("#login-form [role=alert]"); alert == "" {
		t.Fatal("a disabled user's sign-in shows no error")
	}
}

// The users list shows the demo users; the full-page screenshot goes to
// $TAIHE_SCREENSHOTS/users-list.png when that is set (the README's picture).
func TestUsersListScreenshot(t *testing.T) {
	e := newEnv(t)
	e.login("demo", "admin", app.DemoPassword)
	e.open("/admin/users")
	e.do("wait for the list", waitVisible("[data-testid=list-area] table"))
	names, err := runEval[[]string](e, `Array.from(document.querySelectorAll('[data-testid=list-area] tbody td[data-col="username"]')).map(td => td.innerText.trim())`)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range app.DemoUsers {
		found := false
		for _, n := range names {
			found = found || n == u.Username
		}
		if !found {
			t.Errorf("the users list lacks %s (shows %v)", u.Username, names)
		}
		if body := e.text("[data-testid=list-area] tbody"); !strings.Contains(body, u.Name) {
			t.Errorf("the users list lacks the name %s", u.Name)
		}
	}
	if len(names) != len(app.DemoUsers) {
		t.Errorf("the list shows %d users, want %d: %v", len(names), len(app.DemoUsers), names)
	}
	png := e.screenshot()
	if dir := os.Getenv("TAIHE_SCREENSHOTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "users-list.png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}
}
