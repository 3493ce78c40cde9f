package inventory_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Without an approval rule a submitted adjustment is approved and posted
// at once: AdjustIn for a positive line, AdjustOut for a negative one.
func TestAdjustmentWithoutRulePostsAtOnce(t *testing.T) {
	each(t, 2, 1, func(t *testing.T, e *env) {
		p0, p1, w := e.products[0], e.products[1], e.warehouses[0]
		keeper := e.user("keeper", "warehouse")
		e.receive(p0, w, 5, 100000)
		_, err := e.inv.CreateAdjustment(e.ctx, keeper, inventory.AdjustmentInput{WarehouseID: w, Reason: inventory.ReasonOther,
			Lines: []inventory.LineInput{{ProductID: p0, Qty: 0}}})
		if fe, ok := errs.As(err); !ok || len(fe.Fields) != 2 {
			t.Fatalf("other without a note, a zero line: %v", err)
		}
		a, err := e.inv.CreateAdjustment(e.ctx, keeper, inventory.AdjustmentInput{WarehouseID: w, Reason: inventory.ReasonDamage,
			Lines: []inventory.LineInput{{ProductID: p0, Qty: -inventory.Units(2)}, {ProductID: p1, Qty: inventory.Units(3)}}})
		if err != nil {
			t.Fatal(err)
		}
		if a, err = e.inv.SubmitAdjustment(e.ctx, keeper, a.ID, a.Version); err != nil || a.Status != inventory.StatusApproved || a.PostedAt == nil {
			t.Fatalf("submit without a rule: %+v %v", a, err)
		}
		if e.onHand(p0, w) != inventory.Units(3) || e.onHand(p1, w) != inventory.Units(3) {
			t.Errorf("posted: %d, %d", e.onHand(p0, w), e.onHand(p1, w))
		}
		want := []string{"stock_adjustment.create", "stock_adjustment.submit", "stock_adjustment.post"}
		if got := e.auditActions(inventory.DocAdjustment, a.ID); !slices.Equal(got, want) {
			t.Errorf("audit %v, want %v", got, want)
		}
	})
}

// With a rule the adjustment waits for the rule's approver, who also needs
// inventory.approve. An approval that would take more than is available
// fails with the ledger's conflict and changes nothing — the request stays
// pending; a rejection needs a comment, returns the adjustment to draft
// and keeps the comment in the audit trail; cancelling a pending one
// withdraws its request. The inbox's handler names it and decides through
// the same function.
func TestAdjustmentApproval(t *testing.T) {
	each(t, 1, 1, func(t *testing.T, e *env) {
		p, w := e.products[0], e.warehouses[0]
		keeper, mgr := e.user("keeper", "warehouse"), e.user("manager", "manager")
		if _, err := e.appr.SaveRule(e.ctx, e.admin, approval.Rule{DocType: inventory.DocAdjustment, Name: "经理审批", Active: true,
			Conditions: []approval.Condition{{Field: "amount", Op: "gte", Value: "0"}}, Levels: []approval.Level{{Role: "manager"}}}); err != nil {
			t.Fatal(err)
		}
		e.receive(p, w, 5, 100000) // 10.00 each
		a, err := e.inv.CreateAdjustment(e.ctx, keeper, inventory.AdjustmentInput{WarehouseID: w, Reason: inventory.ReasonLoss,
			Lines: []inventory.LineInput{{ProductID: p, Qty: -inventory.Units(4)}}})
		if err != nil {
			t.Fatal(err)
		}
		if a, err = e.inv.SubmitAdjustment(e.ctx, keeper, a.ID, a.Version); err != nil || a.Status != inventory.StatusPending {
			t.Fatalf("submit under a rule: %+v %v", a, err)
		}
		_, err = e.inv.DecideAdjustment(e.ctx, keeper, a.ID, a.Version, true, "")
		wantCode(t, "the keeper approves", err, errs.KindForbidden, "forbidden")
		_, err = e.inv.DecideAdjustment(e.ctx, e.admin, a.ID, a.Version, true, "")
		wantCode(t, "an admin the rule does not name approves", err, errs.KindForbidden, "approval.not_approver")
		// Meanwhile 2 are delivered: 3 left, the adjustment takes 4.
		if _, err := e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.Delivery, ProductID: p, WarehouseID: w, Qty: inventory.Units(2)}); err != nil {
			t.Fatal(err)
		}
		_, err = e.inv.DecideAdjustment(e.ctx, mgr, a.ID, a.Version, true, "")
		wantCode(t, "approve beyond the stock", err, errs.KindConflict, "inventory.insufficient")
		if got, _ := e.inv.Adjustment(e.ctx, mgr, a.ID); got.Status != inventory.StatusPending || got.Version != a.Version || e.onHand(p, w) != inventory.Units(3) {
			t.Fatalf("a failed approval changed something: %+v, on hand %d", got, e.onHand(p, w))
		}
		_, err = e.inv.DecideAdjustment(e.ctx, mgr, a.ID, a.Version, false, " ")
		if fe, ok := errs.As(err); !ok || fe.Kind != errs.KindInvalid || fe.Fields[0].Field != "comment" {
			t.Fatalf("a rejection without a comment: %v", err)
		}
		if a, err = e.inv.DecideAdjustment(e.ctx, mgr, a.ID, a.Version, false, "只丢了 2 个"); err != nil || a.Status != inventory.StatusDraft {
			t.Fatalf("reject: %+v %v", a, err)
		}
		var changes string
		if err := db.Tenant(e.d.Read(), e.admin.Tenant()).Get(e.ctx, &changes, `SELECT changes FROM audit_log WHERE tenant_id = ?
			AND action = 'stock_adjustment.reject' AND record_id = ?`, e.admin.Tenant(), a.ID); err != nil || !strings.Contains(changes, "只丢了 2 个") {
			t.Errorf("the rejection's comment in the audit trail: %q %v", changes, err)
		}
		a, err = e.inv.UpdateAdjustment(e.ctx, keeper, a.ID, a.Version, inventory.AdjustmentInput{WarehouseID: w, Reason: inventory.ReasonLoss,
			Lines: []inventory.LineInput{{ProductID: p, Qty: -inventory.Units(2)}}})
		if err != nil {
			t.Fatal(err)
		}
		if a, err = e.inv.SubmitAdjustment(e.ctx, keeper, a.ID, a.Version); err != nil {
			t.Fatal(err)
		}
		// The inbox: its handler describes the adjustment and approves it.
		cat, err := i18n.New(inventory.Locales())
		if err != nil {
			t.Fatal(err)
		}
		h := inventory.AdjustmentDocHandler(e.inv, cat)
		sum, err := h.Describe(e.ctx, mgr, []int64{a.ID})
		if err != nil || sum[a.ID].Title != a.Number || !strings.Contains(sum[a.ID].Meta, "20.00") {
			t.Fatalf("inbox line %+v %v", sum, err)
		}
		if err := h.Decide(e.ctx, mgr, a.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if a, _ = e.inv.Adjustment(e.ctx, mgr, a.ID); a.Status != inventory.StatusApproved || e.onHand(p, w) != inventory.Units(1) {
			t.Fatalf("approved from the inbox: %+v, on hand %d", a, e.onHand(p, w))
		}

		b, err := e.inv.CreateAdjustment(e.ctx, keeper, inventory.AdjustmentInput{WarehouseID: w, Reason: inventory.ReasonFound,
			Lines: []inventory.LineInput{{ProductID: p, Qty: inventory.Units(1)}}})
		if err != nil {
			t.Fatal(err)
		}
		if b, err = e.inv.SubmitAdjustment(e.ctx, keeper, b.ID, b.Version); err != nil {
			t.Fatal(err)
		}
		if b, err = e.inv.CancelAdjustment(e.ctx, keeper, b.ID, b.Version); err != nil || b.Status != inventory.StatusCancelled {
			t.Fatalf("cancel a pending adjustment: %+v %v", b, err)
		}
		if inbox := e.inbox(mgr); len(inbox) != 0 {
			t.Errorf("the manager's inbox still holds %v", inbox)
		}
	})
}

func (e *env) inbox(sc tenant.Scope) []approval.Request {
	e.t.Helper()
	rs, err := e.appr.Inbox(context.Background(), sc)
	if err != nil {
		e.t.Fatal(err)
	}
	return rs
}
