package approval_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/recordtest"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

func TestMain(m *testing.M) { recordtest.Main(m, slog.LevelWarn) }

type world struct {
	ctx                        context.Context
	d                          *db.DB
	svc                        *approval.Service
	admin, mgr1, mgr2, fin, me tenant.Scope
}

func newWorld(t *testing.T, d *db.DB) *world {
	w := recordtest.New(t, d, recordtest.Options{Perms: recordtest.Registry(approval.ModuleDefs()), Locales: nil})
	x := &world{ctx: context.Background(), d: d, svc: approval.New(d)}
	x.admin = w.CreateTenant(org.TenantInput{Code: "appr", Name: "审批测试"})
	_, x.mgr1 = w.AddUser(x.admin, recordtest.User{Username: "mgr1", DisplayName: "经理一", Role: "manager"})
	_, x.mgr2 = w.AddUser(x.admin, recordtest.User{Username: "mgr2", DisplayName: "经理二", Role: "manager"})
	_, x.fin = w.AddUser(x.admin, recordtest.User{Username: "fin1", DisplayName: "财务", Role: "finance"})
	_, x.me = w.AddUser(x.admin, recordtest.User{Username: "buyer", DisplayName: "采购员", Role: "warehouse"})
	return x
}

func (x *world) rule(t *testing.T, r approval.Rule) approval.Rule {
	t.Helper()
	r.Active = true
	out, err := x.svc.SaveRule(x.ctx, x.admin, r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (x *world) submit(t *testing.T, sc tenant.Scope, doc approval.Doc) (approval.Request, error) {
	var r approval.Request
	err := x.d.InTx(x.ctx, func(tx *db.Tx) error {
		var err error
		r, err = x.svc.SubmitTx(x.ctx, tx, sc, doc)
		return err
	})
	return r, err
}

func (x *world) decide(sc tenant.Scope, id int64, approve bool, comment string) (approval.Request, error) {
	var r approval.Request
	err := x.d.InTx(x.ctx, func(tx *db.Tx) error {
		var err error
		r, err = x.svc.DecideTx(x.ctx, tx, sc, "purchase_order", id, approve, comment)
		return err
	})
	return r, err
}

func (x *world) inbox(t *testing.T, sc tenant.Scope) []int64 {
	t.Helper()
	rs, err := x.svc.Inbox(x.ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range rs {
		ids = append(ids, r.DocID)
	}
	return ids
}

func code(err error) string {
	e, ok := errs.As(err)
	if !ok {
		return ""
	}
	if len(e.Fields) > 0 {
		return e.Fields[0].Code
	}
	return e.Code
}

// A purchase order over ¥50,000 needs a manager, then finance: the
// inboxes follow the level, only the level's approvers may decide, a
// rejection needs a comment and ends the request, a resubmission starts
// again and two approvals approve it; every step is audited. Smaller
// orders of a listed supplier group go to a named user; others need none.
func TestTwoLevelApproval(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newWorld(t, d)
		x.rule(t, approval.Rule{DocType: "purchase_order", Name: "大额采购", Sort: 1,
			Conditions: []approval.Condition{{Field: "amount", Op: "gt", Value: "50000"}},
			Levels:     []approval.Level{{Role: "manager"}, {Role: "finance"}}})
		x.rule(t, approval.Rule{DocType: "purchase_order", Name: "重点供应商", Sort: 2,
			Conditions: []approval.Condition{{Field: "supplier_groups", Op: "in", Value: "5, 7"}},
			Levels:     []approval.Level{{Users: []int64{x.mgr2.Actor()}}}})

		big := approval.Doc{Type: "purchase_order", ID: 1, Fields: map[string]any{"amount": money.MustParse("60000.00"), "supplier_groups": []int64{1}}}
		r, err := x.submit(t, x.me, big)
		if err != nil || r.Status != approval.Pending || r.Levels != 2 || r.Level != 1 {
			t.Fatalf("submit: %+v %v", r, err)
		}
		if _, err := x.submit(t, x.me, big); code(err) != "approval.pending_exists" {
			t.Errorf("a second submission while pending: %v", err)
		}
		if got := x.inbox(t, x.mgr1); len(got) != 1 || got[0] != 1 {
			t.Errorf("manager's inbox %v", got)
		}
		if got := x.inbox(t, x.fin); len(got) != 0 {
			t.Errorf("finance sees level 2 too early: %v", got)
		}
		if _, err := x.decide(x.fin, 1, true, ""); code(err) != "approval.not_approver" {
			t.Errorf("finance deciding level 1: %v", err)
		}
		if r, err = x.decide(x.mgr1, 1, true, "同意"); err != nil || r.Status != approval.Pending || r.Level != 2 {
			t.Fatalf("level 1 approved: %+v %v", r, err)
		}
		if got := x.inbox(t, x.mgr2); len(got) != 0 {
			t.Errorf("the other manager still sees it after level 1 was decided: %v", got)
		}
		if _, err := x.decide(x.fin, 1, false, " "); code(err) != "approval.comment_required" {
			t.Errorf("a rejection without a reason: %v", err)
		}
		if r, err = x.decide(x.fin, 1, false, "价格偏高，请重新询价"); err != nil || r.Status != approval.Rejected {
			t.Fatalf("rejected: %+v %v", r, err)
		}
		if _, err := x.decide(x.fin, 1, true, ""); code(err) != "approval.not_pending" {
			t.Errorf("deciding a finished request: %v", err)
		}
		// Resubmitted, approved twice.
		if r, err = x.submit(t, x.me, big); err != nil || r.Status != approval.Pending {
			t.Fatalf("resubmit: %+v %v", r, err)
		}
		if r, err = x.decide(x.mgr2, 1, true, ""); err != nil || r.Level != 2 {
			t.Fatalf("resubmitted, level 1: %+v %v", r, err)
		}
		if r, err = x.decide(x.fin, 1, true, ""); err != nil || r.Status != approval.Approved || r.DecidedAt == nil {
			t.Fatalf("resubmitted, level 2: %+v %v", r, err)
		}
		var actions []string
		if err := db.Tenant(d.Read(), x.admin.Tenant()).Select(x.ctx, &actions, `SELECT action FROM audit_log
			WHERE tenant_id = ? AND record_type = 'purchase_order' AND record_id = 1 ORDER BY id`, x.admin.Tenant()); err != nil {
			t.Fatal(err)
		}
		want := []string{"purchase_order.approval_submit", "purchase_order.approval_approve", "purchase_order.approval_reject",
			"purchase_order.approval_submit", "purchase_order.approval_approve", "purchase_order.approval_approve"}
		if len(actions) != len(want) {
			t.Fatalf("audit %v, want %v", actions, want)
		}
		for i := range want {
			if actions[i] != want[i] {
				t.Fatalf("audit %v, want %v", actions, want)
			}
		}

		// The second rule: a small order of a supplier in group 7.
		r, err = x.submit(t, x.me, approval.Doc{Type: "purchase_order", ID: 2,
			Fields: map[string]any{"amount": money.MustParse("100"), "supplier_groups": []int64{3, 7}}})
		if err != nil || r.Status != approval.Pending || r.Levels != 1 {
			t.Fatalf("group rule: %+v %v", r, err)
		}
		if got := x.inbox(t, x.mgr1); len(got) != 0 {
			t.Errorf("a named-user level reached another manager: %v", got)
		}
		// Neither rule: approved as submitted.
		r, err = x.submit(t, x.me, approval.Doc{Type: "purchase_order", ID: 3,
			Fields: map[string]any{"amount": money.MustParse("100"), "supplier_groups": []int64{1}}})
		if err != nil || !r.NeedsNone() {
			t.Errorf("no rule applies: %+v %v", r, err)
		}
	}, approval.MigrationSet())
}

// "All must approve" waits for every approver of the level; the submitter
// is never their own approver, and a level left without anyone is refused
// at submission.
func TestAllMustApproveAndNoSelfApproval(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newWorld(t, d)
		x.rule(t, approval.Rule{DocType: "purchase_order", Name: "全部经理", Levels: []approval.Level{{Role: "manager", All: true}}})
		doc := approval.Doc{Type: "purchase_order", ID: 9, Fields: map[string]any{}}
		if _, err := x.submit(t, x.me, doc); err != nil {
			t.Fatal(err)
		}
		r, err := x.decide(x.mgr1, 9, true, "")
		if err != nil || r.Status != approval.Pending {
			t.Fatalf("one of two: %+v %v", r, err)
		}
		if r, err = x.decide(x.mgr2, 9, true, ""); err != nil || r.Status != approval.Approved {
			t.Fatalf("both: %+v %v", r, err)
		}
		// A manager's own order: only the other manager approves it.
		if r, err = x.submit(t, x.mgr1, approval.Doc{Type: "purchase_order", ID: 10}); err != nil || r.Status != approval.Pending {
			t.Fatalf("manager's own order: %+v %v", r, err)
		}
		if _, err := x.decide(x.mgr1, 10, true, ""); code(err) != "approval.not_approver" {
			t.Errorf("self-approval: %v", err)
		}
		if r, err = x.decide(x.mgr2, 10, true, ""); err != nil || r.Status != approval.Approved {
			t.Errorf("the other manager alone completes an all-must level: %+v %v", r, err)
		}
		// A rule naming only the submitter leaves nobody.
		x.rule(t, approval.Rule{DocType: "stock_adjustment", Name: "自己", Levels: []approval.Level{{Users: []int64{x.me.Actor()}}}})
		if _, err := x.submit(t, x.me, approval.Doc{Type: "stock_adjustment", ID: 1}); code(err) != "approval.no_approvers" {
			t.Errorf("a level of only the submitter: %v", err)
		}
	}, approval.MigrationSet())
}

// A rule is checked field by field before it is saved, and only by
// approvals.configure.
func TestRuleValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newWorld(t, d)
		_, err := x.svc.SaveRule(x.ctx, x.admin, approval.Rule{Conditions: []approval.Condition{{Field: "amount", Op: "between"}},
			Levels: []approval.Level{{Role: "manager", Users: []int64{1}}}})
		e, ok := errs.As(err)
		got := map[string]string{}
		if ok {
			for _, f := range e.Fields {
				got[f.Field] = f.Code
			}
		}
		if got["doc_type"] != "field.required" || got["name"] != "field.required" || got["conditions[0].op"] != "field.invalid" ||
			got["levels[0]"] != "approval.level_one_kind" {
			t.Errorf("field errors %v (%v)", got, err)
		}
		if _, err := x.svc.SaveRule(x.ctx, x.mgr1, approval.Rule{DocType: "x", Name: "x", Levels: []approval.Level{{Role: "manager"}}}); errs.KindOf(err) != errs.KindForbidden {
			t.Errorf("a manager editing rules: %v", err)
		}
	}, approval.MigrationSet())
}
