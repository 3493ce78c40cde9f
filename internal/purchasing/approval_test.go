package purchasing_test

import (
	"strings"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/purchasing"
)

// An order over ¥50,000 needs the manager, then finance; finance rejects
// with a comment and the order is a draft again; resubmitted, both
// approve; receiving 2 of its 5 lines leaves it partially received and
// the stock (and its cost) where the receipt put it. The audit trail
// tells the whole story in order.
func TestOrderApprovalAndPartialReceipt(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		if _, err := e.appr.SaveRule(e.ctx, e.admin, approval.Rule{DocType: purchasing.DocOrder, Name: "大额采购", Active: true,
			Conditions: []approval.Condition{{Field: "amount", Op: "gt", Value: "50000"}},
			Levels:     []approval.Level{{Role: "manager"}, {Role: "finance"}}}); err != nil {
			t.Fatal(err)
		}
		// A small order needs nobody.
		small := e.order(e.buyer, "10", "5")
		small, err := e.svc.Submit(e.ctx, e.buyer, small.ID, small.Version)
		if err != nil || small.Status != purchasing.Approved {
			t.Fatalf("a small order: %s %v", small.Status, err)
		}

		// 5 lines × 100 × ¥120 = ¥60,000 before tax.
		o := e.order(e.buyer, "120", "100", "100", "100", "100", "100")
		if o.Subtotal != 60000*10000 || o.Tax != 7800*10000 || o.Total != 67800*10000 {
			t.Fatalf("amounts: %d %d %d", o.Subtotal, o.Tax, o.Total)
		}
		o, err = e.svc.Submit(e.ctx, e.buyer, o.ID, o.Version)
		if err != nil || o.Status != purchasing.PendingReview {
			t.Fatalf("submit: %s %v", o.Status, err)
		}
		// Finance may not decide before the manager; the buyer never.
		if _, err := e.svc.Decide(e.ctx, e.fin, o.ID, true, ""); errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("finance before the manager: %v", err)
		}
		if _, err := e.svc.Decide(e.ctx, e.buyer, o.ID, true, ""); errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("the buyer approving: %v", err)
		}
		if o, err = e.svc.Decide(e.ctx, e.mgr, o.ID, true, "同意"); err != nil || o.Status != purchasing.PendingReview {
			t.Fatalf("level 1: %s %v", o.Status, err)
		}
		// A rejection needs a comment; with one the order is a draft again.
		if _, err := e.svc.Decide(e.ctx, e.fin, o.ID, false, " "); errs.KindOf(err) != errs.KindInvalid {
			t.Fatalf("reject without a comment: %v", err)
		}
		if o, err = e.svc.Decide(e.ctx, e.fin, o.ID, false, "价格偏高，请重新询价"); err != nil || o.Status != purchasing.Draft {
			t.Fatalf("reject: %s %v", o.Status, err)
		}
		// Receiving a draft is refused.
		if _, err := e.svc.Receive(e.ctx, e.buyer, o.ID, purchasing.ReceiveInput{Lines: []purchasing.ReceiveLine{
			{OrderLineID: o.Lines[0].ID, Qty: "1"}}}); errs.KindOf(err) != errs.KindConflict {
			t.Fatalf("receive a draft: %v", err)
		}
		o, err = e.svc.Submit(e.ctx, e.buyer, o.ID, o.Version)
		if err != nil {
			t.Fatal(err)
		}
		if o, err = e.svc.Decide(e.ctx, e.mgr, o.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if o, err = e.svc.Decide(e.ctx, e.fin, o.ID, true, ""); err != nil || o.Status != purchasing.Approved {
			t.Fatalf("level 2: %s %v", o.Status, err)
		}

		// 2 of 5 lines arrive: line 1 in full, line 2 with 10 refused.
		r, err := e.svc.Receive(e.ctx, e.buyer, o.ID, purchasing.ReceiveInput{Notes: "第一批", Lines: []purchasing.ReceiveLine{
			{OrderLineID: o.Lines[0].ID, Qty: "100"}, {OrderLineID: o.Lines[1].ID, Qty: "90", Rejected: "10", Reason: "外包装破损"}}})
		if err != nil || len(r.Lines) != 2 || !strings.HasPrefix(r.Number, "GR") {
			t.Fatalf("receipt: %+v %v", r, err)
		}
		o, err = e.svc.Get(e.ctx, e.buyer, o.ID)
		if err != nil || o.Status != purchasing.PartiallyReceived {
			t.Fatalf("after 2 of 5 lines: %s %v", o.Status, err)
		}
		if o.Lines[1].Open() != inventory.Units(10) || o.Lines[1].RejectedQty != inventory.Units(10) || o.Lines[2].Open() != inventory.Units(100) {
			t.Fatalf("open quantities: %+v", o.Lines)
		}
		if got := e.onHand(e.products[0], e.whs[0]); got != inventory.Units(100) {
			t.Fatalf("on hand of line 1: %d", got)
		}
		if got := e.onHand(e.products[1], e.whs[0]); got != inventory.Units(90) {
			t.Fatalf("on hand of line 2 (10 refused): %d", got)
		}
		vals, err := e.inv.StockValue(e.ctx, e.admin, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			if v.ProductID == e.products[0] && v.UnitCost != 120*10000 {
				t.Fatalf("the receipt's cost: %d, want the net price 120", v.UnitCost)
			}
		}

		entries, err := audit.Search(e.ctx, e.d.Read(), e.admin, audit.Filter{RecordType: purchasing.DocOrder, RecordID: o.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		comment := ""
		for i := len(entries) - 1; i >= 0; i-- {
			actions = append(actions, entries[i].Action)
			if entries[i].Action == "purchase_order.reject" {
				for _, c := range entries[i].Changes {
					if c.Field == "comment" {
						comment, _ = c.After.(string)
					}
				}
			}
		}
		want := "purchase_order.create purchase_order.approval_submit purchase_order.submit purchase_order.approval_approve " +
			"purchase_order.approval_reject purchase_order.reject purchase_order.approval_submit purchase_order.submit " +
			"purchase_order.approval_approve purchase_order.approval_approve purchase_order.approve purchase_order.receive"
		if strings.Join(actions, " ") != want {
			t.Fatalf("audit trail:\n got %s\nwant %s", strings.Join(actions, " "), want)
		}
		if comment != "价格偏高，请重新询价" {
			t.Fatalf("the rejection's comment in the trail: %q", comment)
		}
	})
}
