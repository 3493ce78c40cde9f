package adminui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// registerTestDoc adds a document type that exists only in this test, as
// a module registers its own while wiring.
func registerTestDoc(a *app.App) {
	a.Approval.RegisterDoc(approval.DocHandler{DocType: "test_doc", Label: "approval.doc_unknown",
		Perm:   tenant.P(approval.Module, tenant.Configure),
		Fields: []approval.DocField{{Name: "amount", Label: "approval_rules.value", Kind: "decimal"}},
		Describe: func(ctx context.Context, sc tenant.Scope, ids []int64) (map[int64]approval.DocSummary, error) {
			out := map[int64]approval.DocSummary{}
			for _, id := range ids {
				out[id] = approval.DocSummary{Title: fmt.Sprintf("TD-%d", id), Meta: "测试供应商 · ¥58,000.00"}
			}
			return out, nil
		},
		Href: func(id int64) string { return fmt.Sprintf("/test-docs/%d", id) },
		Decide: func(ctx context.Context, sc tenant.Scope, id int64, approve bool, comment string) error {
			return a.DB.InTx(ctx, func(tx *db.Tx) error {
				_, err := a.Approval.DecideTx(ctx, tx, sc, "test_doc", id, approve, comment)
				return err
			})
		}})
}

func (e *env) scope(username string) tenant.Scope {
	e.t.Helper()
	ctx := context.Background()
	var ids struct {
		T int64 `db:"tenant_id"`
		U int64 `db:"id"`
	}
	if err := e.a.DB.Read().Get(ctx, &ids, `SELECT u.tenant_id, u.id FROM users u JOIN tenants t ON t.id = u.tenant_id
		WHERE t.code = 'demo' AND u.username = ?`, username); err != nil {
		e.t.Fatal(err)
	}
	sc, err := e.a.IDs.ScopeOf(ctx, ids.T, ids.U)
	if err != nil {
		e.t.Fatal(err)
	}
	return sc
}

// api sends JSON with the session cookie and the CSRF token, as the
// browser's script would.
func (e *env) api(c *http.Client, method, path, tok string, body any) resp {
	e.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(string(b)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", tok)
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp{status: res.StatusCode, header: res.Header, body: sb.String()}
}

var rawApprovalKey = regexp.MustCompile(`>\s*((?:approvals|approval_rules|approval_history|approval|notify)\.[a-z_]+)`)

// The admin writes a two-level rule in the rules page (a level naming
// nobody is refused under its role field, nothing saved); the sales
// rep's submission reaches the manager's workbench and inbox; a rejection
// needs a comment; the approval moves the request to finance, who is
// notified and decides through the API; the history and the submitter's
// notification tell the outcome.
func TestApprovalPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		registerTestDoc(e.a)
		ctx := context.Background()
		admin := e.login("demo", "admin")
		tok := e.csrf(admin, "/admin/approval-rules")
		hx := []string{"HX-Request", "true", "X-CSRF-Token", tok, "HX-Target", "rule-form"}
		must(t, e.get(admin, "/admin/approval-rules"), 200, `data-testid="rules-test_doc"`, `href="/admin/approval-rules/new?doc_type=test_doc"`)
		must(t, e.get(admin, "/admin/approval-rules/new?doc_type=test_doc"), 200, `name="levels[2].kind"`, `name="conditions[1].field"`)

		form := url.Values{"doc_type": {"test_doc"}, "name": {"大额"}, "sort": {"1"}, "active": {"1"},
			"conditions[0].field": {"amount"}, "conditions[0].op": {"gt"}, "conditions[0].value": {"50000"},
			"conditions[1].field": {""}, "conditions[1].op": {""}, "conditions[1].value": {""},
			"levels[0].kind": {"role"}, "levels[0].role": {"manager"},
			"levels[1].kind": {"role"}, "levels[1].role": {""},
			"levels[2].kind": {""}}
		r := e.post(admin, "/admin/approval-rules", form, hx...)
		must(t, r, http.StatusUnprocessableEntity, `data-error-for="levels[1].role">请选择这一级由谁审批`, `value="大额"`)
		tid, _ := e.scope("admin").Tenant(), 0
		var n int
		if err := d.Read().Get(ctx, &n, `SELECT count(*) FROM approval_rules WHERE tenant_id = ? AND doc_type = 'test_doc'`, tid); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("%d rules saved from an invalid form", n)
		}
		form.Set("levels[1].role", "finance")
		r = e.post(admin, "/admin/approval-rules", form, hx...)
		if r.status != 200 || !strings.HasPrefix(r.header.Get("HX-Redirect"), "/admin/approval-rules/") {
			t.Fatalf("save: %d %.1500s", r.status, r.body)
		}
		page := e.get(admin, r.header.Get("HX-Redirect"))
		must(t, page, 200, `<option value="finance" selected>`, `value="50000"`)
		for _, lang := range []string{"en", "zh-CN"} {
			e.post(admin, "/me/locale", url.Values{"_csrf": {tok}, "locale": {lang}, "next": {"/"}})
			for _, p := range []string{"/admin/approval-rules", r.header.Get("HX-Redirect"), "/approvals", "/notifications"} {
				if m := rawApprovalKey.FindStringSubmatch(e.get(admin, p).body); m != nil {
					t.Errorf("%s %s: untranslated %q", lang, p, m[1])
				}
			}
		}

		// The sales rep submits a document of ¥60,000.
		sales := e.scope("sales")
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := e.a.Approval.SubmitTx(ctx, tx, sales, approval.Doc{Type: "test_doc", ID: 1, Title: "TD-1",
				Fields: map[string]any{"amount": "60000"}})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		mgr := e.login("demo", "manager")
		home := e.get(mgr, "/")
		must(t, home, 200, `href="/test-docs/1">TD-1</a>`, "第 1/2 级")
		inbox := e.get(mgr, "/approvals")
		must(t, inbox, 200, `data-testid="approval-title">TD-1</a>`, "测试供应商", "李销售", "第 1/2 级")
		// The demo's own requests wait there too: take TD-1's.
		reqID := ""
		for _, item := range strings.Split(inbox.body, `data-testid="approval-item"`)[1:] {
			if strings.Contains(item, `>TD-1</a>`) {
				reqID = regexp.MustCompile(`name="request_id" value="(\d+)"`).FindStringSubmatch(item)[1]
			}
		}
		mtok := e.csrf(mgr, "/approvals")
		r = e.post(mgr, "/approvals/decide", url.Values{"_csrf": {mtok}, "request_id": {reqID}, "decision": {"reject"}, "comment": {" "}})
		must(t, r, http.StatusUnprocessableEntity, `data-error-for="comment">驳回时请填写意见`)
		r = e.post(mgr, "/approvals/decide", url.Values{"_csrf": {mtok}, "request_id": {reqID}, "decision": {"approve"}, "comment": {"同意"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/approvals" {
			t.Fatalf("approve: %d %.1000s", r.status, r.body)
		}
		// The demo's own requests (a purchase order, an adjustment) wait
		// there too: TD-1 has left the inbox.
		after := e.get(mgr, "/approvals")
		must(t, after, 200, "已同意")
		if strings.Contains(after.body, `data-testid="approval-title">TD-1</a>`) {
			t.Fatal("the approved request is still in the manager's inbox")
		}

		// Finance is told and decides through the API.
		fin := e.login("demo", "finance")
		must(t, e.get(fin, "/"), 200, "TD-1 等待你审批（第 2/2 级）")
		must(t, e.get(fin, "/notifications"), 200, "TD-1 等待你审批", `data-testid="notify-read-all"`)
		ftok := e.csrf(fin, "/notifications")
		must(t, e.api(fin, "GET", "/api/v1/approvals/inbox", ftok, nil), 200, `"doc_title":"TD-1"`, `"level":2`)
		wh := e.login("demo", "warehouse")
		if r := e.api(wh, "POST", "/api/v1/approvals/"+reqID+"/approve", e.csrf(wh, "/approvals"), map[string]any{}); r.status != http.StatusForbidden {
			t.Errorf("not an approver: %d %s", r.status, r.body)
		}
		must(t, e.api(fin, "POST", "/api/v1/approvals/"+reqID+"/reject", ftok, map[string]any{}), http.StatusUnprocessableEntity, `"comment"`)
		must(t, e.api(fin, "POST", "/api/v1/approvals/"+reqID+"/approve", ftok, map[string]any{"comment": "好"}), 200, `"status":"approved"`)
		must(t, e.api(fin, "POST", "/api/v1/approvals/"+reqID+"/approve", ftok, map[string]any{}), http.StatusConflict)
		r = e.post(fin, "/notifications/read", url.Values{"_csrf": {ftok}, "all": {"1"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("mark all read: %d", r.status)
		}
		if strings.Contains(e.get(fin, "/").body, "等待你审批") {
			t.Error("read notifications still on the workbench")
		}

		// The submitter: told, and the history shows both decisions.
		sc := e.login("demo", "sales")
		must(t, e.get(sc, "/"), 200, "你提交的单据 TD-1 已审批通过")
		stok := e.csrf(sc, "/notifications")
		must(t, e.api(sc, "GET", "/api/v1/approvals/history?doc_type=test_doc&doc_id=1", stok, nil), 200,
			`"approver_name":"王经理"`, `"comment":"同意"`, `"approver_name":"钱会计"`, `"rule_name":"大额"`)
		if r := e.api(wh, "GET", "/api/v1/approvals/history?doc_type=test_doc&doc_id=1", e.csrf(wh, "/approvals"), nil); r.status != http.StatusForbidden {
			t.Errorf("an outsider reads the history: %d", r.status)
		}

		// Rules through the API: a stale version is refused.
		rules := e.api(admin, "GET", "/api/v1/approval-rules?doc_type=test_doc", tok, nil)
		must(t, rules, 200, `"name":"大额"`)
		id := regexp.MustCompile(`"id":(\d+)`).FindStringSubmatch(rules.body)[1]
		body := map[string]any{"doc_type": "test_doc", "name": "改名", "active": true, "levels": []map[string]any{{"dept_head": true}}, "version": 99}
		must(t, e.api(admin, "PATCH", "/api/v1/approval-rules/"+id, tok, body), http.StatusConflict)
		body["version"] = 1
		must(t, e.api(admin, "PATCH", "/api/v1/approval-rules/"+id, tok, body), 200, `"dept_head":true`, `"version":2`)
		must(t, e.api(admin, "POST", "/api/v1/approval-rules/"+id+"/deactivate", tok, map[string]any{"version": 2}), 200, `"active":false`)
		var audits int
		// (The demo's own rules were audited when it was seeded.)
		if err := d.Read().Get(ctx, &audits, `SELECT count(*) FROM audit_log WHERE tenant_id = ? AND record_type = 'approval_rule'
			AND record_id = ?`, tid, id); err != nil {
			t.Fatal(err)
		}
		if audits != 3 {
			t.Errorf("%d rule audit rows, want 3 (create, update, deactivate)", audits)
		}
	})
}

// The department form offers the tenant's staff as head; the tree shows
// who heads each department.
func TestDepartmentHead(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		admin := e.login("demo", "admin")
		page := e.get(admin, "/admin/departments")
		must(t, page, 200, `name="head_user_id"`, "王经理 (manager)")
		mgr := e.scope("manager").Actor()
		tok := e.csrf(admin, "/admin/departments")
		r := e.post(admin, "/admin/departments", url.Values{"name": {"采购部"}, "parent_id": {"1"}, "kind": {"department"},
			"head_user_id": {fmt.Sprint(mgr)}}, "HX-Request", "true", "X-CSRF-Token", tok, "HX-Target", "dept-form")
		if r.status != 200 {
			t.Fatalf("create: %d %.1000s", r.status, r.body)
		}
		if !regexp.MustCompile(`采购部</a>[\s\S]*?data-col="head">王经理<`).MatchString(e.get(admin, "/admin/departments").body) {
			t.Error("the tree does not show the head")
		}
		must(t, e.post(admin, "/admin/departments", url.Values{"name": {"x"}, "parent_id": {"1"}, "head_user_id": {"999999"}},
			"HX-Request", "true", "X-CSRF-Token", tok, "HX-Target", "dept-form"), http.StatusUnprocessableEntity, `data-error-for="head_user_id"`)
	})
}
