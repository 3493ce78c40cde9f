package approval_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/recordtest"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// testDoc registers a document type whose decisions go through DecideTx
// in a transaction of its own, as a module's service does.
func testDoc(x *world, perm tenant.Perm) {
	x.svc.RegisterDoc(approval.DocHandler{DocType: "purchase_order", Label: "approval.doc_unknown", Perm: perm,
		Fields: []approval.DocField{{Name: "amount", Label: "x", Kind: "decimal"}},
		Describe: func(ctx context.Context, sc tenant.Scope, ids []int64) (map[int64]approval.DocSummary, error) {
			out := map[int64]approval.DocSummary{}
			for _, id := range ids {
				out[id] = approval.DocSummary{Title: fmt.Sprintf("PO-%d", id), Meta: "供应商甲"}
			}
			return out, nil
		},
		Href: func(id int64) string { return fmt.Sprintf("/po/%d", id) },
		Decide: func(ctx context.Context, sc tenant.Scope, id int64, approve bool, comment string) error {
			return x.d.InTx(ctx, func(tx *db.Tx) error {
				_, err := x.svc.DecideTx(ctx, tx, sc, "purchase_order", id, approve, comment)
				return err
			})
		}})
}

// The inbox describes each document through its handler; a decision by
// request id reaches the document's Decide, with the edge's errors: not
// found across tenants, stale versions, a reason to reject, not an
// approver, not pending. The history lists every request, newest first,
// with each approver's decision, for those who may see the document.
func TestInboxDecideHistory(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := recordtest.New(t, d, recordtest.Options{Perms: recordtest.Registry(approval.ModuleDefs())})
		x := &world{ctx: context.Background(), d: d, svc: approval.New(d)}
		x.admin = w.CreateTenant(org.TenantInput{Code: "inbox", Name: "收件箱"})
		_, x.mgr1 = w.AddUser(x.admin, recordtest.User{Username: "mgr1", DisplayName: "经理一", Role: "manager"})
		_, x.fin = w.AddUser(x.admin, recordtest.User{Username: "fin1", DisplayName: "财务", Role: "finance"})
		_, x.me = w.AddUser(x.admin, recordtest.User{Username: "buyer", DisplayName: "采购员", Role: "warehouse"})
		_, sales := w.AddUser(x.admin, recordtest.User{Username: "sales1", DisplayName: "销售", Role: "sales"})
		rival := w.CreateTenant(org.TenantInput{Code: "rival", Name: "别家"})
		testDoc(x, tenant.P("approvals", tenant.Configure))
		x.rule(t, approval.Rule{DocType: "purchase_order", Name: "两级", Levels: []approval.Level{{Role: "manager"}, {Role: "finance"}}})
		if _, err := x.submit(t, x.me, approval.Doc{Type: "purchase_order", ID: 7, Title: "PO-7"}); err != nil {
			t.Fatal(err)
		}
		items, err := x.svc.InboxItems(x.ctx, x.mgr1)
		if err != nil || len(items) != 1 {
			t.Fatalf("inbox %+v %v", items, err)
		}
		it := items[0]
		if it.DocTitle != "PO-7" || it.Meta != "供应商甲" || it.Href != "/po/7" || it.RequestedByName != "采购员" || it.Level != 1 || it.Levels != 2 {
			t.Errorf("inbox item %+v", it)
		}
		if _, err := x.svc.Decide(x.ctx, rival, it.ID, 0, true, ""); errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("another tenant decides: %v", err)
		}
		if _, err := x.svc.Decide(x.ctx, x.mgr1, it.ID, it.Version+1, true, ""); errs.KindOf(err) != errs.KindStale {
			t.Errorf("a stale inbox: %v", err)
		}
		if _, err := x.svc.Decide(x.ctx, x.mgr1, it.ID, it.Version, false, " "); code(err) != "approval.comment_required" {
			t.Errorf("reject without a reason: %v", err)
		}
		if _, err := x.svc.Decide(x.ctx, x.fin, it.ID, 0, true, ""); errs.KindOf(err) != errs.KindForbidden {
			t.Errorf("finance at level 1: %v", err)
		}
		r, err := x.svc.Decide(x.ctx, x.mgr1, it.ID, it.Version, true, "可以")
		if err != nil || r.Level != 2 {
			t.Fatalf("approve level 1: %+v %v", r, err)
		}
		if got := x.inbox(t, x.mgr1); len(got) != 0 {
			t.Errorf("decided item still in the inbox: %v", got)
		}
		if r, err = x.svc.Decide(x.ctx, x.fin, it.ID, 0, false, "太贵"); err != nil || r.Status != approval.Rejected {
			t.Fatalf("reject: %+v %v", r, err)
		}
		if _, err := x.svc.Decide(x.ctx, x.fin, it.ID, 0, true, ""); code(err) != "approval.not_pending" {
			t.Errorf("deciding a finished request: %v", err)
		}
		if _, err := x.submit(t, x.me, approval.Doc{Type: "purchase_order", ID: 7, Title: "PO-7"}); err != nil {
			t.Fatal(err)
		}

		h, err := x.svc.History(x.ctx, x.me, "purchase_order", 7)
		if err != nil || len(h) != 2 {
			t.Fatalf("history %+v %v", h, err)
		}
		if h[0].Status != approval.Pending || h[1].Status != approval.Rejected || h[1].RuleName != "两级" || h[1].RequestedByName != "采购员" {
			t.Errorf("history entries %+v", h)
		}
		var decided []string
		for _, k := range h[1].Tasks {
			decided = append(decided, fmt.Sprintf("%d:%s:%s:%s", k.Level, k.ApproverName, k.Decision, k.Comment))
		}
		if fmt.Sprint(decided) != "[1:经理一:approved:可以 2:财务:rejected:太贵]" {
			t.Errorf("tasks %v", decided)
		}
		// Someone who took no part needs the document's permission.
		if _, err := x.svc.History(x.ctx, sales, "purchase_order", 7); errs.KindOf(err) != errs.KindForbidden {
			t.Errorf("an outsider reads the history: %v", err)
		}
		if _, err := x.svc.History(x.ctx, x.admin, "purchase_order", 7); err != nil {
			t.Errorf("the admin (holds the document's permission): %v", err)
		}
		if _, err := x.svc.History(x.ctx, x.admin, "no_such_doc", 7); errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("an unregistered type: %v", err)
		}
		if h, err := x.svc.History(x.ctx, rival, "purchase_order", 7); err == nil && len(h) != 0 {
			t.Errorf("another tenant sees %+v", h)
		}
	}, approval.MigrationSet())
}
