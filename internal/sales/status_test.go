package sales_test

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/sales"
)

// Every action against an order in every status it can reach here: where
// the status allows it (Order.Allows, which the order page uses to show
// its buttons) the action is not refused for its status; everywhere else
// it answers 409 with a code naming the status, and the order is unchanged.
func TestActionsByStatus(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.stock(0, 1000)
		e.rule("1000", "manager")
		keeper := e.keeper()
		make := func(status string) sales.Order {
			t.Helper()
			price := "10"
			if status == sales.PendingReview {
				price = "5000" // over the rule's ¥1,000
			}
			o := e.order(e.seller, price, "2")
			var err error
			switch status {
			case sales.PendingReview, sales.Approved:
				o, err = e.svc.Submit(e.ctx, e.seller, o.ID, o.Version)
			case sales.PartiallyShipped, sales.Shipped, sales.Closed:
				if o, err = e.svc.Submit(e.ctx, e.seller, o.ID, o.Version); err != nil {
					break
				}
				qty := map[string]string{sales.PartiallyShipped: "1", sales.Shipped: "2", sales.Closed: "1"}[status]
				d, err := e.delivery(keeper, o, qty)
				if err != nil {
					t.Fatalf("delivery: %v", err)
				}
				e.ship(keeper, d)
				o = e.getOrder(o.ID)
				if status == sales.Closed {
					o, err = e.svc.Close(e.ctx, e.seller, o.ID, o.Version)
				}
			case sales.Cancelled:
				o, err = e.svc.Cancel(e.ctx, e.seller, o.ID, o.Version, "客户取消")
			}
			if err != nil || o.Status != status {
				t.Fatalf("make a %s order: %s %v", status, o.Status, err)
			}
			return o
		}
		actions := map[string]func(o sales.Order) error{
			"edit": func(o sales.Order) error {
				_, err := e.svc.Update(e.ctx, e.seller, o.ID, sales.OrderInput{Notes: "改备注", Version: o.Version})
				return err
			},
			"delete": func(o sales.Order) error { return e.svc.Delete(e.ctx, e.seller, o.ID, o.Version) },
			"submit": func(o sales.Order) error { _, err := e.svc.Submit(e.ctx, e.seller, o.ID, o.Version); return err },
			"decide": func(o sales.Order) error {
				// The manager is the rule's approver but sees other orders
				// only through it; the administrator sees them all.
				by := e.admin
				if o.Status == sales.PendingReview {
					by = e.mgr
				}
				_, err := e.svc.Decide(e.ctx, by, o.ID, true, "同意")
				return err
			},
			"cancel": func(o sales.Order) error {
				_, err := e.svc.Cancel(e.ctx, e.seller, o.ID, o.Version, "客户取消")
				return err
			},
			"close": func(o sales.Order) error { _, err := e.svc.Close(e.ctx, e.seller, o.ID, o.Version); return err },
		}
		for _, status := range []string{sales.Draft, sales.PendingReview, sales.Approved, sales.PartiallyShipped, sales.Shipped, sales.Closed, sales.Cancelled} {
			for name, act := range actions {
				o := make(status)
				allowed := o.Allows(name) || (name == "edit" && o.Allows("edit_details"))
				err := act(o)
				fe, _ := errs.As(err)
				refused := fe != nil && fe.Kind == errs.KindConflict
				if allowed && refused {
					t.Errorf("%s of a %s order refused: %v", name, status, err)
				}
				if !allowed {
					if !refused || fe.Data["Status"] != status {
						t.Errorf("%s of a %s order: want 409 naming the status, got %v", name, status, err)
					}
					if after, err := e.svc.Get(e.ctx, e.admin, o.ID); err != nil || after.Status != status || after.Version != o.Version {
						t.Errorf("%s of a %s order changed it: %s v%d %v", name, status, after.Status, after.Version, err)
					}
				}
			}
		}
	})
}
