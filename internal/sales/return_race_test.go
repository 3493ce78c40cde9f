package sales_test

import (
	"sync"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/sales"
)

// Eight requests for the last returnable quantity of a line at once:
// exactly one is made, the others are told it is no longer returnable.
func TestReturnRaceForLastQuantity(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		wh := e.keeper()
		e.stock(0, 20)
		o := e.shippedOrder(wh, "10", "", "5")
		if _, err := e.requestReturn(e.seller, o, sales.KindReturn, "3"); err != nil {
			t.Fatal(err)
		}
		const n = 8
		var wg sync.WaitGroup
		results := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i] = e.requestReturn(e.seller, o, sales.KindExchange, "2")
			}()
		}
		wg.Wait()
		won := -1
		for i, err := range results {
			switch {
			case err == nil && won >= 0:
				t.Fatalf("two returns got the last 2: %d and %d", won, i)
			case err == nil:
				won = i
			case !hasField(err, "lines[0].qty", "sales.return.over_shipped"):
				t.Fatalf("loser %d: %v (%v)", i, err, errs.KindOf(err))
			}
		}
		if won < 0 {
			t.Fatal("nobody got the quantity")
		}
		if p, err := e.svc.ListReturns(e.ctx, e.admin, list.Query{}); err != nil || p.Total != 2 {
			t.Fatalf("returns: %d %v", p.Total, err)
		}
	})
}
