package sales_test

import (
	"sync"
	"testing"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/sales"
)

// Orders submitted at the same moment for one customer each count the
// others against its credit limit: of ten ¥300 orders under a ¥1,000
// limit, exactly three are within it.
func TestConcurrentSubmitsShareTheCreditLimit(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.stock(0, 100)
		limited := e.createAs(e.seller, masterdata.Customers, records.Input{"code": "LIM", "name": "限额客户", "credit_limit": "1000"})
		var drafts []sales.Order
		for range 10 {
			o, err := e.svc.Create(e.ctx, e.seller, sales.OrderInput{CustomerID: limited, WarehouseID: e.whs[0],
				Lines: []sales.LineInput{{ProductID: e.products[0], Qty: "1", Price: "300", TaxRate: "0"}}})
			if err != nil {
				t.Fatal(err)
			}
			drafts = append(drafts, o)
		}
		var wg sync.WaitGroup
		errsOf := make([]error, len(drafts))
		for i, o := range drafts {
			wg.Go(func() { _, errsOf[i] = e.svc.Submit(e.ctx, e.seller, o.ID, o.Version) })
		}
		wg.Wait()
		within := 0
		for i, o := range drafts {
			if errsOf[i] != nil {
				t.Fatalf("submit %d: %v", i, errsOf[i])
			}
			o, err := e.svc.Get(e.ctx, e.seller, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !o.OverCreditLimit {
				within++
			}
		}
		if within != 3 {
			t.Fatalf("%d of 10 orders of ¥300 within a ¥1,000 limit, want 3", within)
		}
	})
}

// A salesperson cannot sell to a customer outside their data scope: the
// order is refused as if the customer did not exist, and none is made.
func TestOrderForACustomerOutsideTheDataScope(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		theirs := e.createAs(e.seller2, masterdata.Customers, records.Input{"code": "C-OTHER", "name": "别人的客户"})
		_, err := e.svc.Create(e.ctx, e.seller, sales.OrderInput{CustomerID: theirs, WarehouseID: e.whs[0],
			Lines: []sales.LineInput{{ProductID: e.products[0], Qty: "1", Price: "10"}}})
		fe, _ := errs.As(err)
		if fe == nil || fe.Kind != errs.KindInvalid || len(fe.Fields) != 1 || fe.Fields[0].Field != "customer_id" ||
			fe.Fields[0].Code != "field.unknown" {
			t.Fatalf("order for another salesperson's customer: %v", err)
		}
		if _, err := e.svc.Create(e.ctx, e.seller2, sales.OrderInput{CustomerID: theirs, WarehouseID: e.whs[0],
			Lines: []sales.LineInput{{ProductID: e.products[0], Qty: "1", Price: "10"}}}); err != nil {
			t.Fatalf("the customer's own salesperson: %v", err)
		}
	})
}
