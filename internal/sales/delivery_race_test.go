package sales_test

import (
	"sync"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/sales"
)

// Eight users make a delivery of the same last open quantity at once:
// exactly one gets it, the others are told it is no longer open — and
// shipping the winner leaves the order shipped, never over-shipped.
func TestDeliveryRaceForLastQuantity(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		wh := e.keeper()
		e.stock(0, 20)
		o := e.approved("5")
		const n = 8
		var wg sync.WaitGroup
		results := make([]error, n)
		made := make([]sales.Delivery, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				made[i], results[i] = e.delivery(wh, o, "5")
			}()
		}
		wg.Wait()
		won := -1
		for i, err := range results {
			switch {
			case err == nil && won >= 0:
				t.Fatalf("two deliveries got the last 5: %d and %d", won, i)
			case err == nil:
				won = i
			case !hasField(err, "lines[0].qty", "sales.delivery.over_open"):
				t.Fatalf("loser %d: %v (%v)", i, err, errs.KindOf(err))
			}
		}
		if won < 0 {
			t.Fatal("nobody got the quantity")
		}
		e.ship(wh, made[won])
		if got := e.getOrder(o.ID); got.Status != sales.Shipped || got.Lines[0].ShippedQty != 5*10000 {
			t.Fatalf("order: %s %+v", got.Status, got.Lines)
		}
		if b := e.balance(0); b.OnHand != 15*10000 || b.Reserved != 0 {
			t.Fatalf("stock: %+v", b)
		}
	})
}
