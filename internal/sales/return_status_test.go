package sales_test

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/sales"
)

// Every action against a return in every status: where the status allows
// it (Return.Allows, which the return page uses to show its buttons) the
// action is not refused for its status; everywhere else it answers 409
// with a code naming the status, and the return is unchanged.
func TestReturnActionsByStatus(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		wh := e.keeper()
		e.oneDept()
		e.stock(0, 1000)
		o := e.shippedOrder(wh, "10", "", "100")
		inspect := func(r sales.Return) (sales.Return, error) {
			return e.svc.InspectReturn(e.ctx, wh, r.ID, sales.InspectInput{Version: r.Version,
				Lines: []sales.InspectLine{{LineID: r.Lines[0].ID, Restock: "1"}}})
		}
		make := func(status string) sales.Return {
			t.Helper()
			kind := sales.KindReturn
			if status == sales.ReturnExchanged {
				kind = sales.KindExchange
			}
			r, err := e.requestReturn(e.seller, o, kind, "1")
			steps := map[string][]func(r sales.Return) (sales.Return, error){
				sales.ReturnApproved: {e.approveR},
				sales.ReturnRejected: {func(r sales.Return) (sales.Return, error) {
					return e.svc.RejectReturn(e.ctx, e.mgr, r.ID, r.Version, "超期")
				}},
				sales.ReturnReceived:  {e.approveR, e.receiveR(wh)},
				sales.ReturnRefunded:  {e.approveR, e.receiveR(wh), inspect},
				sales.ReturnExchanged: {e.approveR, e.receiveR(wh), inspect},
				sales.ReturnClosed: {e.approveR, e.receiveR(wh), inspect, func(r sales.Return) (sales.Return, error) {
					return e.svc.CloseReturn(e.ctx, wh, r.ID, r.Version)
				}},
			}[status]
			for _, step := range steps {
				if err != nil {
					break
				}
				r, err = step(r)
			}
			if err != nil || r.Status != status {
				t.Fatalf("make a %s return: %s %v", status, r.Status, err)
			}
			return r
		}
		actions := map[string]func(r sales.Return) error{
			"approve": func(r sales.Return) error { _, err := e.approveR(r); return err },
			"reject": func(r sales.Return) error {
				_, err := e.svc.RejectReturn(e.ctx, e.mgr, r.ID, r.Version, "不符合条件")
				return err
			},
			"receive": func(r sales.Return) error { _, err := e.receiveR(wh)(r); return err },
			"inspect": func(r sales.Return) error { _, err := inspect(r); return err },
			"close": func(r sales.Return) error {
				_, err := e.svc.CloseReturn(e.ctx, wh, r.ID, r.Version)
				return err
			},
		}
		for _, status := range sales.ReturnStatuses {
			for name, act := range actions {
				r := make(status)
				err := act(r)
				fe, _ := errs.As(err)
				refused := fe != nil && fe.Kind == errs.KindConflict
				if r.Allows(name) {
					if err != nil {
						t.Errorf("%s of a %s return: %v", name, status, err)
					}
					continue
				}
				if !refused || fe.Code != "sales.return.bad_status" || fe.Data["Status"] != status {
					t.Errorf("%s of a %s return: want 409 naming the status, got %v", name, status, err)
				}
				if after, err := e.svc.GetReturn(e.ctx, e.admin, r.ID); err != nil || after.Status != status || after.Version != r.Version {
					t.Errorf("%s of a %s return changed it: %s v%d %v", name, status, after.Status, after.Version, err)
				}
			}
		}
	})
}

func (e *env) approveR(r sales.Return) (sales.Return, error) {
	return e.svc.ApproveReturn(e.ctx, e.mgr, r.ID, r.Version, "")
}

func (e *env) receiveR(wh tenant.Scope) func(r sales.Return) (sales.Return, error) {
	return func(r sales.Return) (sales.Return, error) { return e.svc.ReceiveReturn(e.ctx, wh, r.ID, r.Version, "") }
}
