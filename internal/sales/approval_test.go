package sales_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/sales"
)

// An order over ¥50,000 needs the manager, then finance; a rejection sends
// it back to draft; resubmitted and approved by both, its lines' stock is
// reserved; cancelling it (with a reason) gives the stock back. The audit
// trail tells the story in order.
func TestOrderApprovalReservesAndCancelReleases(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.rule("50000", "manager", "finance")
		e.stock(0, 300)
		e.stock(1, 300)
		// 2 lines × 100 × ¥300 = ¥60,000 before tax, 10% off the second.
		in := sales.OrderInput{CustomerID: e.customers[0], WarehouseID: e.whs[0], Lines: []sales.LineInput{
			{ProductID: e.products[0], Qty: "100", Price: "300"}, {ProductID: e.products[1], Qty: "100", Price: "300", Discount: "10"}}}
		o, err := e.svc.Create(e.ctx, e.seller, in)
		if err != nil {
			t.Fatal(err)
		}
		if o.Subtotal != 60000*10000 || o.Discount != 3000*10000 || o.Tax != 7410*10000 || o.Total != 64410*10000 {
			t.Fatalf("amounts: %d %d %d %d", o.Subtotal, o.Discount, o.Tax, o.Total)
		}
		if !strings.HasPrefix(o.Number, "SO") || o.ShippingAddress != "杭州市西湖区0号" || o.Channel != "staff" || o.PaymentStatus != sales.Unpaid {
			t.Fatalf("defaults: %+v", o)
		}
		if o, err = e.svc.Submit(e.ctx, e.seller, o.ID, o.Version); err != nil || o.Status != sales.PendingReview {
			t.Fatalf("submit: %s %v", o.Status, err)
		}
		if _, err := e.svc.Decide(e.ctx, e.fin, o.ID, true, ""); errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("finance before the manager: %v", err)
		}
		if _, err := e.svc.Decide(e.ctx, e.seller, o.ID, true, ""); errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("the seller approving: %v", err)
		}
		if o, err = e.svc.Decide(e.ctx, e.mgr, o.ID, true, "同意"); err != nil || o.Status != sales.PendingReview {
			t.Fatalf("level 1: %s %v", o.Status, err)
		}
		if e.balance(0).Reserved != 0 {
			t.Fatal("reserved before the last level")
		}
		if o, err = e.svc.Decide(e.ctx, e.fin, o.ID, false, "折扣太大"); err != nil || o.Status != sales.Draft {
			t.Fatalf("reject: %s %v", o.Status, err)
		}
		if o, err = e.svc.Submit(e.ctx, e.seller, o.ID, o.Version); err != nil {
			t.Fatal(err)
		}
		if _, err = e.svc.Decide(e.ctx, e.mgr, o.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if o, err = e.svc.Decide(e.ctx, e.fin, o.ID, true, ""); err != nil || o.Status != sales.Approved {
			t.Fatalf("level 2: %s %v", o.Status, err)
		}
		for i := range 2 {
			if b := e.balance(i); b.Reserved != inventory.Units(100) || b.OnHand != inventory.Units(300) {
				t.Fatalf("product %d after approval: %+v, want 100 reserved of 300", i, b)
			}
		}
		if _, err := e.svc.Cancel(e.ctx, e.seller, o.ID, o.Version, " "); errs.KindOf(err) != errs.KindInvalid {
			t.Fatalf("cancel without a reason: %v", err)
		}
		if _, err := e.svc.Cancel(e.ctx, e.seller, o.ID, o.Version-1, "客户取消"); errs.KindOf(err) != errs.KindStale {
			t.Fatalf("cancel at an old version: %v", err)
		}
		if o, err = e.svc.Cancel(e.ctx, e.seller, o.ID, o.Version, "客户取消"); err != nil || o.Status != sales.Cancelled {
			t.Fatalf("cancel: %s %v", o.Status, err)
		}
		for i := range 2 {
			if b := e.balance(i); b.Reserved != 0 {
				t.Fatalf("product %d after cancel: %+v", i, b)
			}
		}
		if _, err := e.svc.Close(e.ctx, e.seller, o.ID, o.Version); errs.KindOf(err) != errs.KindConflict {
			t.Fatalf("close a cancelled order: %v", err)
		}

		entries, err := audit.Search(e.ctx, e.d.Read(), e.admin, audit.Filter{RecordType: sales.DocOrder, RecordID: o.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for i := len(entries) - 1; i >= 0; i-- {
			actions = append(actions, entries[i].Action)
		}
		want := "sales_order.create sales_order.approval_submit sales_order.submit sales_order.approval_approve " +
			"sales_order.approval_reject sales_order.reject sales_order.approval_submit sales_order.submit " +
			"sales_order.approval_approve sales_order.approval_approve sales_order.approve sales_order.cancel"
		if strings.Join(actions, " ") != want {
			t.Fatalf("audit trail:\n got %s\nwant %s", strings.Join(actions, " "), want)
		}
	})
}

// The last approval of an order needing more than is available fails with
// inventory.insufficient (409) and changes nothing: no line is reserved,
// the order still waits; once stock arrives the same approval succeeds.
func TestApprovalWithoutStockChangesNothing(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.rule("0", "manager")
		e.stock(0, 50)
		e.stock(1, 5)
		o := e.order(e.seller, "10", "20", "8")
		o, err := e.svc.Submit(e.ctx, e.seller, o.ID, o.Version)
		if err != nil || o.Status != sales.PendingReview {
			t.Fatalf("submit: %s %v", o.Status, err)
		}
		_, err = e.svc.Decide(e.ctx, e.mgr, o.ID, true, "")
		if fe, _ := errs.As(err); fe == nil || fe.Kind != errs.KindConflict || fe.Code != "inventory.insufficient" {
			t.Fatalf("approve without stock: %v", err)
		}
		if e.balance(0).Reserved != 0 || e.balance(1).Reserved != 0 {
			t.Fatalf("a failed approval reserved: %+v %+v", e.balance(0), e.balance(1))
		}
		after, _ := e.svc.Get(e.ctx, e.seller, o.ID)
		if after.Status != sales.PendingReview || after.Version != o.Version {
			t.Fatalf("the order moved: %s v%d", after.Status, after.Version)
		}
		e.stock(1, 3)
		if o, err = e.svc.Decide(e.ctx, e.mgr, o.ID, true, ""); err != nil || o.Status != sales.Approved {
			t.Fatalf("approve with stock: %s %v", o.Status, err)
		}
		if e.balance(0).Reserved != inventory.Units(20) || e.balance(1).Available() != 0 {
			t.Fatalf("reserved: %+v %+v", e.balance(0), e.balance(1))
		}
		// No rule applies to a submit that finds no stock either: it fails.
		o2 := e.order(e.seller, "0", "1", "1")
		if _, err := e.svc.Submit(e.ctx, e.seller, o2.ID, o2.Version); errs.KindOf(err) != errs.KindConflict {
			t.Fatalf("a submit approved at once without stock: %v", err)
		}
		if o2, _ = e.svc.Get(e.ctx, e.seller, o2.ID); o2.Status != sales.Draft {
			t.Fatalf("after a refused submit: %s", o2.Status)
		}
	})
}

// 20 approvers' calls for 20 orders competing for the last 7 units: exactly
// 7 succeed, the rest fail with inventory.insufficient, and what is
// reserved is exactly the stock — never more.
func TestConcurrentApprovalsNeverOversell(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.rule("0", "manager")
		e.stock(0, 7)
		var ids []int64
		for range 20 {
			o := e.order(e.seller, "10", "1")
			if _, err := e.svc.Submit(e.ctx, e.seller, o.ID, o.Version); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, o.ID)
		}
		var wg sync.WaitGroup
		errsOf := make([]error, len(ids))
		for i, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errsOf[i] = e.svc.Decide(e.ctx, e.mgr, id, true, "")
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errsOf {
			switch fe, _ := errs.As(err); {
			case err == nil:
				ok++
			case fe != nil && fe.Code == "inventory.insufficient":
			default:
				t.Errorf("an approval failed otherwise: %v", err)
			}
		}
		if b := e.balance(0); ok != 7 || b.Reserved != inventory.Units(7) || b.Available() != 0 {
			t.Fatalf("%d approvals succeeded, balance %+v; want 7 and all 7 reserved", ok, b)
		}
	})
}
