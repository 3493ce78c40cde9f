package sales_test

import (
	"reflect"
	"testing"

	"github.com/taihe-erp/taihe/internal/sales"
)

// Create, submit, approve and reject answer the order without reading it
// again after the commit: what they answer must be what is stored, field
// for field (lines, ids, defaults, version, times).
func TestActionsAnswerTheOrderAsStored(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.rule("100", "manager")
		e.stock(0, 50)
		e.stock(1, 50)
		same := func(step string, got sales.Order) {
			t.Helper()
			want, err := e.svc.Get(e.ctx, e.admin, got.ID)
			if err != nil {
				t.Fatalf("%s: get: %v", step, err)
			}
			if !got.CreatedAt.Equal(want.CreatedAt) || !got.UpdatedAt.Equal(want.UpdatedAt) {
				t.Fatalf("%s: times %v/%v, stored %v/%v", step, got.CreatedAt, got.UpdatedAt, want.CreatedAt, want.UpdatedAt)
			}
			got.CreatedAt, got.UpdatedAt, want.UpdatedAt = want.CreatedAt, want.CreatedAt, want.CreatedAt
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s answered\n%+v\nstored\n%+v", step, got, want)
			}
		}
		in := sales.OrderInput{CustomerID: e.customers[1], WarehouseID: e.whs[0], Notes: "加急", Lines: []sales.LineInput{
			{ProductID: e.products[1], Qty: "2", Price: "25"}, {ProductID: e.products[0], Qty: "3", Price: "40", Discount: "5"}}}
		o, err := e.svc.Create(e.ctx, e.seller, in)
		if err != nil {
			t.Fatal(err)
		}
		if o.Lines[0].ID == 0 || o.Lines[1].ID == 0 || o.Lines[0].ID == o.Lines[1].ID {
			t.Fatalf("line ids: %d, %d", o.Lines[0].ID, o.Lines[1].ID)
		}
		same("create", o)
		if o, err = e.svc.Submit(e.ctx, e.seller, o.ID, o.Version); err != nil || o.Status != sales.PendingReview {
			t.Fatalf("submit: %s %v", o.Status, err)
		}
		same("submit", o)
		if o, err = e.svc.Decide(e.ctx, e.mgr, o.ID, false, "价格不对"); err != nil || o.Status != sales.Draft {
			t.Fatalf("reject: %s %v", o.Status, err)
		}
		same("reject", o)
		if o, err = e.svc.Submit(e.ctx, e.seller, o.ID, o.Version); err != nil {
			t.Fatal(err)
		}
		if o, err = e.svc.Decide(e.ctx, e.mgr, o.ID, true, ""); err != nil || o.Status != sales.Approved || o.Version != 5 {
			t.Fatalf("approve: %s v%d %v", o.Status, o.Version, err)
		}
		same("approve", o)
	})
}
