package sales_test

import (
	"sync"
	"testing"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/sales"
)

// submitAll submits the orders at once, one goroutine each, and counts
// the ones accepted; every refusal must be the field error code on
// coupon_code, leaving the order a draft.
func (e *env) submitAll(t *testing.T, os []sales.Order, code string) int {
	t.Helper()
	var wg sync.WaitGroup
	failed := make([]error, len(os))
	for i, o := range os {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, failed[i] = e.svc.Submit(e.ctx, e.admin, o.ID, o.Version)
		}()
	}
	wg.Wait()
	ok := 0
	for i, err := range failed {
		if err == nil {
			ok++
			continue
		}
		if errs.KindOf(err) != errs.KindInvalid || fieldCode(err, "coupon_code") != code {
			t.Errorf("order %d: %v, want a field error %s on coupon_code", i, err, code)
		}
		if o, _ := e.svc.Get(e.ctx, e.admin, os[i].ID); o.Status != sales.Draft {
			t.Errorf("a refused order is %s", o.Status)
		}
	}
	return ok
}

// A single-use coupon on 20 orders submitted at once is redeemed once; a
// coupon of 5 uses five times. Cancelling a redeemed order gives its use
// back.
func TestCouponLimitsUnderConcurrency(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.stock(0, 1000)
		drafts := func(code string, n int) []sales.Order {
			os := make([]sales.Order, n)
			for i := range os {
				os[i] = e.mustDraft(e.customers[i%2], code, line{0, "1", "100"})
				if len(os[i].Promotions) != 1 || os[i].Total != amt(t, "90") {
					t.Fatalf("the draft shows the coupon's discount: %+v total %d", os[i].Promotions, os[i].Total)
				}
			}
			return os
		}
		once, _ := e.promo(records.Input{"name": "单次券", "kind": sales.PromoAmount, "value": "10", "coupon_code": "ONCE", "max_uses": int64(1)})
		os := drafts("ONCE", 20)
		if n := e.submitAll(t, os, "sales.coupon.used_up"); n != 1 {
			t.Fatalf("single-use coupon redeemed %d times", n)
		}
		// The drafts left now see at once that it is used up.
		if _, err := e.draft(e.admin, e.customers[0], "once", line{0, "1", "100"}); fieldCode(err, "coupon_code") != "sales.coupon.used_up" {
			t.Fatalf("a new draft with a used coupon: %v", err)
		}
		// Cancel the order that got it: the coupon is free again.
		var winner sales.Order
		for _, o := range os {
			if o, _ := e.svc.Get(e.ctx, e.admin, o.ID); o.Status != sales.Draft {
				winner = o
			}
		}
		if _, err := e.svc.Cancel(e.ctx, e.admin, winner.ID, winner.Version, "客户取消"); err != nil {
			t.Fatal(err)
		}
		again := e.mustDraft(e.customers[1], "ONCE", line{0, "1", "100"})
		if _, err := e.svc.Submit(e.ctx, e.admin, again.ID, again.Version); err != nil {
			t.Fatalf("the coupon given back by the cancel: %v", err)
		}
		var redeemed int
		if err := db.Tenant(e.d.Read(), e.admin.Tenant()).Get(e.ctx, &redeemed, `SELECT count(*) FROM sales_coupon_redemptions
			WHERE tenant_id = ? AND promotion_id = ? AND released_at IS NULL`, e.admin.Tenant(), once); err != nil {
			t.Fatal(err)
		}
		if redeemed != 1 {
			t.Fatalf("%d redemptions held", redeemed)
		}

		e.promo(records.Input{"name": "五次券", "kind": sales.PromoAmount, "value": "10", "coupon_code": "FIVE", "max_uses": int64(5)})
		if n := e.submitAll(t, drafts("FIVE", 20), "sales.coupon.used_up"); n != 5 {
			t.Fatalf("a coupon of 5 uses redeemed %d times", n)
		}
	})
}

// A coupon limited per customer: the second order of the same customer is
// refused, another customer's is not; deleting a draft that held a use
// gives it back.
func TestCouponPerCustomer(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.stock(0, 100)
		e.promo(records.Input{"name": "每人一次", "kind": sales.PromoPercent, "value": "5", "coupon_code": "ONEEACH", "max_uses": int64(10),
			"per_customer_limit": int64(1)})
		first := e.mustDraft(e.customers[0], "oneeach", line{0, "1", "100"})
		second := e.mustDraft(e.customers[0], "oneeach", line{0, "1", "100"})
		if _, err := e.svc.Submit(e.ctx, e.admin, first.ID, first.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Submit(e.ctx, e.admin, second.ID, second.Version); fieldCode(err, "coupon_code") != "sales.coupon.customer_limit" {
			t.Fatalf("a second use by the customer: %v", err)
		}
		other := e.mustDraft(e.customers[1], "ONEEACH", line{0, "1", "100"})
		if _, err := e.svc.Submit(e.ctx, e.admin, other.ID, other.Version); err != nil {
			t.Fatalf("another customer: %v", err)
		}

		// A rejected order keeps its use while a draft; deleting it gives it
		// back.
		e.rule("1000", "manager")
		cust := e.create(masterdata.Customers, records.Input{"code": "C9", "name": "客户9"})
		held := e.mustDraft(cust, "ONEEACH", line{0, "1", "2000"})
		if held, _ = e.svc.Submit(e.ctx, e.admin, held.ID, held.Version); held.Status != sales.PendingReview {
			t.Fatalf("submit: %s", held.Status)
		}
		if held, _ = e.svc.Decide(e.ctx, e.mgr, held.ID, false, "价格不对"); held.Status != sales.Draft {
			t.Fatalf("reject: %s", held.Status)
		}
		if _, err := e.draft(e.admin, cust, "ONEEACH", line{0, "1", "100"}); fieldCode(err, "coupon_code") != "sales.coupon.customer_limit" {
			t.Fatalf("the rejected draft holds the customer's use: %v", err)
		}
		if err := e.svc.Delete(e.ctx, e.admin, held.ID, held.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := e.draft(e.admin, cust, "ONEEACH", line{0, "1", "100"}); err != nil {
			t.Fatalf("after the delete: %v", err)
		}
	})
}

// A coupon that cannot be used is a field error on coupon_code when the
// draft is saved, and again on submit when it ended in between; an
// automatic promotion that ended in between is dropped at submit and the
// total follows.
func TestCouponRefusalsAndExpiry(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.stock(0, 100)
		c := e.customers[0]
		e.promo(records.Input{"name": "过期券", "kind": sales.PromoAmount, "value": "5", "coupon_code": "OLD", "valid_to": day(-1)})
		e.promo(records.Input{"name": "他人券", "kind": sales.PromoAmount, "value": "5", "coupon_code": "THEIRS", "customer_id": e.customers[1]})
		e.promo(records.Input{"name": "满500券", "kind": sales.PromoAmount, "value": "5", "coupon_code": "BIG", "threshold": "500"})
		for code, want := range map[string]string{"NOPE": "sales.coupon.unknown", "old": "sales.coupon.expired",
			"THEIRS": "sales.coupon.not_eligible", "BIG": "sales.coupon.not_applicable"} {
			if _, err := e.draft(e.admin, c, code, line{0, "1", "100"}); fieldCode(err, "coupon_code") != want {
				t.Errorf("coupon %s: %v, want %s", code, err, want)
			}
		}

		coupon, _ := e.promo(records.Input{"name": "今日券", "kind": sales.PromoAmount, "value": "5", "coupon_code": "TODAY"})
		auto, _ := e.promo(records.Input{"name": "自动九折", "kind": sales.PromoPercent, "value": "10"})
		withCoupon := e.mustDraft(c, "today", line{0, "1", "100"})
		plain := e.mustDraft(c, "", line{0, "1", "100"})
		// Same priority: the older (the coupon) first, 100 − 5 = 95, then 10% off.
		if withCoupon.Total != amt(t, "85.5") || plain.Total != amt(t, "90") {
			t.Fatalf("drafts: %d %d", withCoupon.Total, plain.Total)
		}
		end := func(id int64) {
			r, err := e.w.Records.Get(e.ctx, e.admin, sales.Promotions, id)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.w.Records.Update(e.ctx, e.admin, sales.Promotions, id, r.Version, records.Input{"valid_to": day(-1)}); err != nil {
				t.Fatal(err)
			}
		}
		end(coupon)
		end(auto)
		if _, err := e.svc.Submit(e.ctx, e.admin, withCoupon.ID, withCoupon.Version); fieldCode(err, "coupon_code") != "sales.coupon.expired" {
			t.Fatalf("submit with an expired coupon: %v", err)
		}
		o, err := e.svc.Submit(e.ctx, e.admin, plain.ID, plain.Version)
		if err != nil {
			t.Fatal(err)
		}
		if o.Total != amt(t, "100") || len(o.Promotions) != 0 || o.Lines[0].PromoDiscount != 0 {
			t.Fatalf("submitted after the promotion ended: total %d %+v", o.Total, o.Promotions)
		}
		exact(t, o)
		// The definitions say why they are refused.
		_, err = e.w.Records.Create(e.ctx, e.admin, sales.Promotions, records.Input{"name": "x", "kind": sales.PromoPercent, "value": "10",
			"max_uses": int64(3)})
		if fieldCode(err, "max_uses") != "promotions.limit_needs_coupon" {
			t.Fatalf("a limit without a coupon: %v", err)
		}
	})
}
