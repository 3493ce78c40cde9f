package browsertest

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// approvalDoc is a document type that exists only in this test, registered
// the way a module does while wiring (purchase orders will be the first
// real one).
func approvalDoc(a *app.App) {
	a.Approval.RegisterDoc(approval.DocHandler{DocType: "test_doc", Label: "approval.doc_unknown",
		Perm:   tenant.P(approval.Module, tenant.Configure),
		Fields: []approval.DocField{{Name: "amount", Label: "approval_rules.value", Kind: "decimal"}},
		Href:   func(id int64) string { return fmt.Sprintf("/test-docs/%d", id) }})
}

// The admin opens the approval rules, starts a rule for the document type,
// leaves the second level's role empty and sees the error under that
// level's role field (nothing saved); choosing finance saves the two-level
// rule and opens it.
func TestApprovalRuleForm(t *testing.T) {
	e := newEnv(t, envOpts{setup: approvalDoc})
	e.login("demo", "admin", app.DemoPassword)
	e.open("/admin/approval-rules")
	e.click("[data-testid=rule-new-test_doc]")
	e.fill("#rule-form [name=name]", "大额两级")
	e.fill(`#rule-form [name="conditions[0].value"]`, "50000")
	e.pick(`#rule-form [name="conditions[0].field"]`, "amount")
	e.pick(`#rule-form [name="conditions[0].op"]`, "gt")
	e.pick(`#rule-form [name="levels[0].kind"]`, "role")
	e.waitFor("the first level's role field", `!document.querySelector('[data-testid=level-0] [data-show-if]').hidden`)
	e.pick(`#rule-form [name="levels[0].role"]`, "manager")
	e.pick(`#rule-form [name="levels[1].kind"]`, "role")
	e.do("press save", chromedp.Click(css("#rule-form [data-testid=save]")))

	roleErr := `#rule-form [data-error-for="levels[1].role"]`
	e.waitFor("the second level's error", fmt.Sprintf(`(el => el && !el.hidden && el.innerText.trim() !== "")(document.querySelector(%s))`, js(roleErr)))
	if msg := e.text(roleErr); !strings.Contains(msg, "请选择这一级由谁审批") {
		t.Fatalf("the level error says %q", msg)
	}
	if msg, _ := runEval[string](e, `document.querySelector('#rule-form [data-error-for="levels[0].role"]').innerText`); strings.TrimSpace(msg) != "" {
		t.Errorf("the valid first level shows %q", msg)
	}
	if v := e.value("#rule-form [name=name]"); v != "大额两级" {
		t.Fatalf("the form lost the name: %q", v)
	}
	tid, _ := e.demoID("")
	if n := e.count(`SELECT count(*) FROM approval_rules WHERE tenant_id = ? AND doc_type = 'test_doc'`, tid); n != 0 {
		t.Fatalf("%d rules saved from an invalid form", n)
	}

	e.pick(`#rule-form [name="levels[1].role"]`, "finance")
	e.andWait("save the fixed form", chromedp.Click(css("#rule-form [data-testid=save]")))
	if p := e.path(); !regexp.MustCompile(`^/admin/approval-rules/\d+$`).MatchString(p) {
		t.Fatalf("after saving the page is %s", p)
	}
	e.waitText("[data-testid=toasts]", "审批规则已保存")
	rules, err := e.App.Approval.Rules(context.Background(), e.App.IDs.SystemScope(tid, "demo"), "test_doc")
	if err != nil || len(rules) != 1 {
		t.Fatalf("rules %+v %v", rules, err)
	}
	r := rules[0]
	if r.Name != "大额两级" || len(r.Levels) != 2 || r.Levels[0].Role != "manager" || r.Levels[1].Role != "finance" ||
		len(r.Conditions) != 1 || r.Conditions[0].Op != "gt" || r.Conditions[0].Value != "50000" {
		t.Fatalf("saved rule %+v", r)
	}
	e.open("/admin/approval-rules")
	if n := e.countEl("[data-testid=rules-test_doc] [data-testid=rule-row]"); n != 1 {
		t.Errorf("%d rules listed under the document type", n)
	}
}
