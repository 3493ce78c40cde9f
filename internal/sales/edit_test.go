package sales_test

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/sales"
)

// What may change depends on the status, field by field: a draft
// everything; an approved order only notes, handler and shipping address;
// a pending one nothing. Only a draft may be deleted; the sales role sees
// only its own orders.
func TestEditRulesByStatus(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.stock(0, 100)
		e.stock(1, 100)
		o := e.order(e.seller, "10", "5")
		// A draft: everything, and an empty price takes the list price.
		full := sales.OrderInput{CustomerID: e.customers[1], WarehouseID: e.whs[0], OrderDate: "2026-11-20", PaymentMethod: "cod",
			Channel: "phone", Notes: "加急", Version: o.Version, Lines: []sales.LineInput{
				{ProductID: e.products[0], Qty: "4"}, {ProductID: e.products[1], Qty: "2", Price: "30", Discount: "5", TaxRate: "6"}}}
		o, err := e.svc.Update(e.ctx, e.admin, o.ID, full)
		if err != nil {
			t.Fatal(err)
		}
		if o.CustomerID != e.customers[1] || o.PaymentMethod != "cod" || o.Channel != "phone" || len(o.Lines) != 2 ||
			o.Lines[0].Price != 25*10000 || o.Lines[1].DiscountPct != 5*10000 || o.ShippingAddress != "杭州市西湖区1号" {
			t.Fatalf("draft update: %+v", o)
		}
		if _, err := e.svc.Update(e.ctx, e.admin, o.ID, full); errs.KindOf(err) != errs.KindStale {
			t.Fatalf("update at an old version: %v", err)
		}
		// Another salesperson does not see it; its owner does.
		if _, err := e.svc.Get(e.ctx, e.seller2, o.ID); errs.KindOf(err) != errs.KindNotFound {
			t.Fatalf("another seller reads the order: %v", err)
		}
		if _, err := e.svc.Update(e.ctx, e.seller2, o.ID, full); errs.KindOf(err) != errs.KindNotFound {
			t.Fatalf("another seller edits the order: %v", err)
		}

		// Pending review: nothing.
		e.rule("100000", "manager") // this order needs nobody; the next one does
		big := e.order(e.seller, "200000", "1")
		if big, err = e.svc.Submit(e.ctx, e.seller, big.ID, big.Version); err != nil || big.Status != sales.PendingReview {
			t.Fatalf("submit: %s %v", big.Status, err)
		}
		if _, err := e.svc.Update(e.ctx, e.seller, big.ID, sales.OrderInput{Notes: "x", Version: big.Version}); errs.KindOf(err) != errs.KindConflict {
			t.Fatalf("edit a pending order: %v", err)
		}
		if err := e.svc.Delete(e.ctx, e.seller, big.ID, big.Version); errs.KindOf(err) != errs.KindConflict {
			t.Fatalf("delete a pending order: %v", err)
		}

		// Approved: only notes, handler, shipping address.
		if o, err = e.svc.Submit(e.ctx, e.admin, o.ID, o.Version); err != nil || o.Status != sales.Approved {
			t.Fatalf("submit: %s %v", o.Status, err)
		}
		handler := e.mgr.Actor()
		locked := []struct {
			field string
			in    sales.OrderInput
		}{
			{"customer_id", sales.OrderInput{CustomerID: e.customers[0]}},
			{"warehouse_id", sales.OrderInput{WarehouseID: e.whs[1]}},
			{"order_date", sales.OrderInput{OrderDate: "2026-11-21"}},
			{"payment_method", sales.OrderInput{PaymentMethod: "online"}},
			{"channel", sales.OrderInput{Channel: "email"}},
			{"lines", sales.OrderInput{Lines: []sales.LineInput{{ProductID: e.products[0], Qty: "4"}}}},
			{"lines[0].product_id", sales.OrderInput{Lines: []sales.LineInput{{ProductID: e.products[2]}, {}}}},
			{"lines[0].unit", sales.OrderInput{Lines: []sales.LineInput{{Unit: "box"}, {}}}},
			{"lines[0].qty", sales.OrderInput{Lines: []sales.LineInput{{Qty: "5"}, {}}}},
			{"lines[1].price", sales.OrderInput{Lines: []sales.LineInput{{}, {Price: "31"}}}},
			{"lines[1].discount", sales.OrderInput{Lines: []sales.LineInput{{}, {Discount: "6"}}}},
			{"lines[1].tax_rate", sales.OrderInput{Lines: []sales.LineInput{{}, {TaxRate: "13"}}}},
		}
		for _, tc := range locked {
			tc.in.Version = o.Version
			_, err := e.svc.Update(e.ctx, e.seller, o.ID, tc.in)
			fe, _ := errs.As(err)
			if fe == nil || fe.Kind != errs.KindInvalid || len(fe.Fields) != 1 || fe.Fields[0].Field != tc.field ||
				fe.Fields[0].Code != "sales.locked_field" {
				t.Errorf("approved, changing %s: %v", tc.field, err)
			}
		}
		// The same values as the order's are no change.
		same := sales.OrderInput{CustomerID: o.CustomerID, WarehouseID: o.WarehouseID, OrderDate: o.OrderDate, PaymentMethod: "cod",
			Channel: "phone", Notes: "请周五前送达", ShippingAddress: "上海市浦东新区1号", HandlerID: handler, Version: o.Version,
			Lines: []sales.LineInput{{ProductID: e.products[0], Qty: "4", Price: "25"}, {ProductID: e.products[1], Qty: "2.0", Discount: "5"}}}
		after, err := e.svc.Update(e.ctx, e.seller, o.ID, same)
		if err != nil {
			t.Fatalf("notes, handler and address of an approved order: %v", err)
		}
		if after.Notes != "请周五前送达" || after.ShippingAddress != "上海市浦东新区1号" || after.HandlerID == nil || *after.HandlerID != handler ||
			after.Version != o.Version+1 || after.Total != o.Total || after.Status != sales.Approved {
			t.Fatalf("approved update: %+v", after)
		}
		if _, err := e.svc.Update(e.ctx, e.seller, o.ID, sales.OrderInput{HandlerID: 999999, Version: after.Version}); errs.KindOf(err) != errs.KindInvalid {
			t.Fatalf("an unknown handler: %v", err)
		}
		// The handler (专人处理) reads the order whatever its data scope.
		if _, err := e.svc.Get(e.ctx, e.mgr, o.ID); err != nil {
			t.Fatalf("the handler reads it: %v", err)
		}
		if err := e.svc.Delete(e.ctx, e.seller, o.ID, after.Version); errs.KindOf(err) != errs.KindConflict {
			t.Fatalf("delete an approved order: %v", err)
		}
		// Cancelled: nothing; a draft is deleted.
		if after, err = e.svc.Cancel(e.ctx, e.seller, o.ID, after.Version, "重复下单"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Update(e.ctx, e.seller, o.ID, sales.OrderInput{Notes: "x", Version: after.Version}); errs.KindOf(err) != errs.KindConflict {
			t.Fatalf("edit a cancelled order: %v", err)
		}
		d := e.order(e.seller, "1", "1")
		if err := e.svc.Delete(e.ctx, e.seller, d.ID, d.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Get(e.ctx, e.seller, d.ID); errs.KindOf(err) != errs.KindNotFound {
			t.Fatalf("a deleted draft: %v", err)
		}
	})
}

// A blacklisted customer's order cannot be submitted; a customer over its
// credit limit (open orders and this one) is flagged, and a rule on the
// flag asks the manager even for a small order.
func TestCustomerChecksOnSubmit(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.stock(0, 100)
		bad := e.create(masterdata.Customers, records.Input{"code": "BAD", "name": "失信客户", "blacklisted": true, "blacklist_reason": "长期拖欠货款"})
		o, err := e.svc.Create(e.ctx, e.admin, sales.OrderInput{CustomerID: bad, WarehouseID: e.whs[0],
			Lines: []sales.LineInput{{ProductID: e.products[0], Qty: "1", Price: "10"}}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Submit(e.ctx, e.admin, o.ID, o.Version)
		if fe, _ := errs.As(err); fe == nil || fe.Kind != errs.KindConflict || fe.Code != "sales.customer_blacklisted" {
			t.Fatalf("submit for a blacklisted customer: %v", err)
		}
		if o, _ = e.svc.Get(e.ctx, e.admin, o.ID); o.Status != sales.Draft {
			t.Fatalf("after the refusal: %s", o.Status)
		}

		if _, err := e.appr.SaveRule(e.ctx, e.admin, approvalRuleOverCredit()); err != nil {
			t.Fatal(err)
		}
		limited := e.create(masterdata.Customers, records.Input{"code": "LIM", "name": "限额客户", "credit_limit": "2000"})
		mk := func(price string) sales.Order {
			o, err := e.svc.Create(e.ctx, e.admin, sales.OrderInput{CustomerID: limited, WarehouseID: e.whs[0],
				Lines: []sales.LineInput{{ProductID: e.products[0], Qty: "1", Price: price, TaxRate: "0"}}})
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		first := mk("1500")
		if first, err = e.svc.Submit(e.ctx, e.admin, first.ID, first.Version); err != nil || first.Status != sales.Approved || first.OverCreditLimit {
			t.Fatalf("within the limit: %s %v %v", first.Status, first.OverCreditLimit, err)
		}
		second := mk("600") // 1500 open + 600 > 2000
		if second, err = e.svc.Submit(e.ctx, e.admin, second.ID, second.Version); err != nil || second.Status != sales.PendingReview ||
			!second.OverCreditLimit {
			t.Fatalf("over the limit: %s %v %v", second.Status, second.OverCreditLimit, err)
		}
		// Cancelling the first frees the credit for the next submit.
		if _, err := e.svc.Cancel(e.ctx, e.admin, first.ID, first.Version, "改单"); err != nil {
			t.Fatal(err)
		}
		third := mk("600")
		if third, err = e.svc.Submit(e.ctx, e.admin, third.ID, third.Version); err != nil || third.Status != sales.Approved {
			t.Fatalf("after the cancel (600 + 600 open): %s %v", third.Status, err)
		}
	})
}
