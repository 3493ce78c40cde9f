package purchasing_test

import (
	"sync"
	"testing"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/purchasing"
)

func approved(t *testing.T, e *env, qtys ...string) purchasing.Order {
	t.Helper()
	o := e.order(e.buyer, "10", qtys...)
	o, err := e.svc.Submit(e.ctx, e.buyer, o.ID, o.Version)
	if err != nil || o.Status != purchasing.Approved {
		t.Fatalf("submit: %s %v", o.Status, err)
	}
	return o
}

// Receipts never take more than is open; refused goods stay open; a
// return reopens what it sends back; close drops the rest; a received
// order cannot be cancelled.
func TestReceiveReturnClose(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		o := approved(t, e, "10", "4")
		l1, l2 := o.Lines[0].ID, o.Lines[1].ID
		before := e.onHand(e.products[0], e.whs[0])
		_, err := e.svc.Receive(e.ctx, e.buyer, o.ID, purchasing.ReceiveInput{Lines: []purchasing.ReceiveLine{
			{OrderLineID: l1, Qty: "8", Rejected: "3"}, {OrderLineID: l2, Qty: "-1"}}})
		fe, _ := errs.As(err)
		if fe == nil || len(fe.Fields) != 2 || fe.Fields[0].Field != "lines[0].qty" || fe.Fields[0].Code != "purchasing.over_open" ||
			fe.Fields[1].Field != "lines[1].qty" {
			t.Fatalf("over-receipt and a negative quantity: %+v", err)
		}
		if e.onHand(e.products[0], e.whs[0]) != before {
			t.Fatal("a refused receipt moved stock")
		}
		// A delivery refused whole: recorded, no stock moves, still open.
		if _, err := e.svc.Receive(e.ctx, e.buyer, o.ID, purchasing.ReceiveInput{Lines: []purchasing.ReceiveLine{
			{OrderLineID: l1, Qty: "0", Rejected: "10", Reason: "批次不合格"}}}); err != nil {
			t.Fatal(err)
		}
		if o, _ = e.svc.Get(e.ctx, e.buyer, o.ID); o.Status != purchasing.Approved || o.Lines[0].Open() != inventory.Units(10) ||
			e.onHand(e.products[0], e.whs[0]) != before {
			t.Fatalf("a refused delivery: %s, open %d", o.Status, o.Lines[0].Open())
		}
		if _, err := e.svc.Receive(e.ctx, e.buyer, o.ID, purchasing.ReceiveInput{Lines: []purchasing.ReceiveLine{
			{OrderLineID: l1, Qty: "7", Rejected: "3"}, {OrderLineID: l2, Qty: "4"}}}); err != nil {
			t.Fatal(err)
		}
		o, _ = e.svc.Get(e.ctx, e.buyer, o.ID)
		if o.Status != purchasing.PartiallyReceived || o.Lines[0].Open() != inventory.Units(3) {
			t.Fatalf("3 refused stay open: %s %+v", o.Status, o.Lines[0])
		}
		if _, err := e.svc.Cancel(e.ctx, e.buyer, o.ID, o.Version, "不要了"); errs.KindOf(err) != errs.KindConflict {
			t.Fatalf("cancel after a receipt: %v", err)
		}
		if _, err := e.svc.Receive(e.ctx, e.buyer, o.ID, purchasing.ReceiveInput{Lines: []purchasing.ReceiveLine{
			{OrderLineID: l1, Qty: "3"}}}); err != nil {
			t.Fatal(err)
		}
		if o, _ = e.svc.Get(e.ctx, e.buyer, o.ID); o.Status != purchasing.Received {
			t.Fatalf("everything in: %s", o.Status)
		}
		if got := e.onHand(e.products[0], e.whs[0]); got != before+inventory.Units(10) {
			t.Fatalf("on hand %d", got)
		}
		// Two go back: more than kept is refused; the order is open again.
		if _, err := e.svc.Return(e.ctx, e.buyer, o.ID, purchasing.ReceiveInput{Lines: []purchasing.ReceiveLine{
			{OrderLineID: l2, Qty: "5"}}}); errs.KindOf(err) != errs.KindInvalid {
			t.Fatalf("return more than kept: %v", err)
		}
		r, err := e.svc.Return(e.ctx, e.buyer, o.ID, purchasing.ReceiveInput{Lines: []purchasing.ReceiveLine{
			{OrderLineID: l2, Qty: "2", Reason: "质量问题"}}})
		if err != nil || r.Kind != purchasing.DocReturn {
			t.Fatal(err)
		}
		if got := e.onHand(e.products[1], e.whs[0]); got != inventory.Units(2) {
			t.Fatalf("after the return: %d", got)
		}
		if o, _ = e.svc.Get(e.ctx, e.buyer, o.ID); o.Status != purchasing.PartiallyReceived || o.Lines[1].Open() != inventory.Units(2) {
			t.Fatalf("a return reopens: %s %+v", o.Status, o.Lines[1])
		}
		if o, err = e.svc.Close(e.ctx, e.buyer, o.ID, o.Version); err != nil || o.Status != purchasing.Closed {
			t.Fatalf("close: %s %v", o.Status, err)
		}
		if _, err := e.svc.Receive(e.ctx, e.buyer, o.ID, purchasing.ReceiveInput{Lines: []purchasing.ReceiveLine{
			{OrderLineID: l2, Qty: "1"}}}); errs.KindOf(err) != errs.KindConflict {
			t.Fatalf("receive into a closed order: %v", err)
		}
		rs, err := e.svc.Receipts(e.ctx, e.buyer, o.ID)
		if err != nil || len(rs) != 4 { // the refused delivery, two receipts, a return
			t.Fatalf("receipts and returns: %d %v", len(rs), err)
		}
	})
}

// Ten warehouse keepers book the same delivery at once: exactly one
// receipt goes through, the stock is received once.
func TestConcurrentReceiptsOfOneDelivery(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		o := approved(t, e, "10")
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, over := 0, 0
		for i := 0; i < 10; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.svc.Receive(e.ctx, e.buyer, o.ID, purchasing.ReceiveInput{Lines: []purchasing.ReceiveLine{
					{OrderLineID: o.Lines[0].ID, Qty: "10"}}})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					ok++
				case errs.KindOf(err) == errs.KindConflict || errs.KindOf(err) == errs.KindInvalid:
					over++
				default:
					t.Errorf("receive: %v", err)
				}
			}()
		}
		wg.Wait()
		if ok != 1 || over != 9 {
			t.Fatalf("%d receipts went through, %d refused", ok, over)
		}
		if got := e.onHand(e.products[0], e.whs[0]); got != inventory.Units(10) {
			t.Fatalf("on hand %d, want 10", got)
		}
	})
}

// Bad input is reported field by field and saves nothing; a draft is
// edited only with the version the user saw.
func TestOrderValidationAndEdit(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, err := e.svc.Create(e.ctx, e.buyer, purchasing.OrderInput{SupplierID: 999999, OrderDate: "2026-13-01",
			Lines: []purchasing.LineInput{{ProductID: e.products[0], Qty: "0"}, {ProductID: e.products[1], Qty: "1", Unit: "box", Price: "abc"}}})
		fe, _ := errs.As(err)
		got := map[string]string{}
		if fe != nil {
			for _, f := range fe.Fields {
				got[f.Field] = f.Code
			}
		}
		want := map[string]string{"order_date": "field.invalid", "supplier_id": "field.unknown", "warehouse_id": "field.required",
			"lines[0].qty": "field.positive", "lines[1].unit": "purchasing.unit_unknown", "lines[1].price": "field.not_number"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: got %q, want %q (all: %v)", k, got[k], v, got)
			}
		}
		p, err := e.svc.List(e.ctx, e.admin, listAll())
		if err != nil || len(p.Items) != 0 {
			t.Fatalf("a failed create left %d orders (%v)", len(p.Items), err)
		}
		o := e.order(e.buyer, "", "3")
		if o.Lines[0].Price != 10*10000 || o.Lines[0].TaxRate != 13*10000 {
			t.Fatalf("defaults from the product: %+v", o.Lines[0])
		}
		in := purchasing.OrderInput{SupplierID: e.suppliers[1], WarehouseID: e.whs[1], Version: o.Version,
			Lines: []purchasing.LineInput{{ProductID: e.products[2], Qty: "2.5", Price: "4"}}}
		u, err := e.svc.Update(e.ctx, e.buyer, o.ID, in)
		if err != nil || len(u.Lines) != 1 || u.Total != 113000 || u.SupplierID != e.suppliers[1] {
			t.Fatalf("update: %+v %v", u, err)
		}
		if _, err := e.svc.Update(e.ctx, e.buyer, o.ID, in); errs.KindOf(err) != errs.KindStale {
			t.Fatalf("an update with an old version: %v", err)
		}
		u, _ = e.svc.Submit(e.ctx, e.buyer, u.ID, u.Version)
		in.Version = u.Version
		if _, err := e.svc.Update(e.ctx, e.buyer, o.ID, in); errs.KindOf(err) != errs.KindConflict {
			t.Fatalf("editing an approved order: %v", err)
		}
	})
}
