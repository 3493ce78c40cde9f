package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/inventory"
)

// The warehouse keeper sees low stock on the workbench and the demo's
// opening stock per warehouse, opens
// a product's movements, and after a delivery sees it there with the new
// balance; the stock value report totals the warehouses.
func TestStockPagesShowTheChange(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	tid, uid := e.demoID("warehouse")
	var line struct {
		P      int64 `db:"product_id"`
		W      int64 `db:"warehouse_id"`
		OnHand int64 `db:"on_hand"`
	}
	if err := e.App.DB.Read().Get(ctx, &line, `SELECT product_id, warehouse_id, on_hand FROM stock_balances
		WHERE tenant_id = ? AND on_hand > 20000 ORDER BY product_id, warehouse_id LIMIT 1`, tid); err != nil {
		t.Fatalf("the demo has no opening stock: %v", err)
	}
	e.login("demo", "warehouse", app.DemoPassword)
	// The workbench warns of the demo's products under their reorder point.
	e.open("/")
	if n := e.countEl("[data-testid=panel-low_stock] li"); n == 0 || !strings.Contains(e.text("[data-testid=panel-low_stock]"), "库存不足") {
		t.Fatalf("the low-stock panel: %d items, %q", n, e.text("[data-testid=panel-low_stock]"))
	}
	e.open("/inventory/stock")
	all := e.countEl("[data-testid=list-row]")
	// Choosing a warehouse filters the list in place (htmx swaps the list
	// area, and the Filter button would send a second request): wait until
	// no request is under way and every row is the warehouse's.
	e.pick("[data-testid=filter-warehouse_id]", fmt.Sprint(line.W))
	e.waitFor("the warehouse's rows", fmt.Sprintf(`!document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling") &&
		(rows => rows.length > 0 && rows.every(r => r.dataset.id.endsWith("-%d")))(Array.from(document.querySelectorAll("[data-testid=list-row]")))`, line.W))
	in := e.countEl("[data-testid=list-row]")
	if in == 0 || in >= all {
		t.Fatalf("%d rows for one warehouse, %d for all", in, all)
	}
	row := fmt.Sprintf(`[data-testid=list-row][data-id="%d-%d"]`, line.P, line.W)
	if got := e.text(row + ` td[data-col=on_hand]`); got != fmt.Sprint(line.OnHand/10000) {
		t.Fatalf("on hand shows %q, the balance is %d", got, line.OnHand/10000)
	}

	sc, err := e.App.IDs.ScopeOf(ctx, tid, uid)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.Inventory.Post(ctx, sc, inventory.Move{Kind: inventory.Delivery, ProductID: line.P, WarehouseID: line.W,
		Qty: inventory.Units(2), Note: "浏览器测试出库"}); err != nil {
		t.Fatal(err)
	}
	e.andWait("open the product's movements", chromedp.Click(css(row+` td[data-col=product] a`)))
	first := "[data-testid=list-row]:first-child"
	if k := e.text(first + " td[data-col=kind]"); k != "销售出库" {
		t.Fatalf("the newest movement is %q", k)
	}
	want := fmt.Sprint(line.OnHand/10000 - 2)
	if q, b := e.text(first+" td[data-col=qty]"), e.text(first+" td[data-col=balance]"); q != "-2" || b != want {
		t.Fatalf("the delivery shows qty %q balance %q, want -2 and %s", q, b, want)
	}
	if !strings.Contains(e.text("[data-testid=page-note]"), "W0") {
		t.Errorf("the page does not name the warehouse: %q", e.text("[data-testid=page-note]"))
	}

	e.open("/inventory/value")
	// The demo's three warehouses and its transfer in transit.
	if n := e.countEl("[data-testid=list-row]"); n != 4 || !strings.Contains(e.text(`[data-testid=list-row][data-id="0"]`), "在途") {
		t.Errorf("%d rows in the value report, want the demo's 3 warehouses and the goods in transit", n)
	}
	if total := e.text("[data-testid=value-total]"); !strings.HasPrefix(total, "¥") {
		t.Errorf("the total is %q", total)
	}
}
