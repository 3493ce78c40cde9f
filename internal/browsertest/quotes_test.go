package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/taihe-erp/taihe/internal/app"
)

// The salesperson writes a quotation of one product line and one process
// route built in the form — the route row added, a second step added
// inside it, a material picked — and saves it; the page shows the route's
// parts, its cost and margin. Submitted (approved at once: the margin is
// healthy), sent and accepted, it links to the draft order it became.
func TestQuotationWithRouteToOrder(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	tid, uid := e.demoID("sales") // the salesperson sees the customers they own
	var ids struct {
		CustCode string `db:"cust_code"`
		CustName string `db:"cust_name"`
		P1       string `db:"p1"`
		P2       string `db:"p2"`
	}
	if err := e.App.DB.Read().Get(ctx, &ids, `SELECT
		(SELECT code FROM customers WHERE tenant_id = ? AND NOT blacklisted AND owner_id = ? ORDER BY id LIMIT 1) AS cust_code,
		(SELECT name FROM customers WHERE tenant_id = ? AND NOT blacklisted AND owner_id = ? ORDER BY id LIMIT 1) AS cust_name,
		(SELECT sku FROM products WHERE tenant_id = ? AND type = 'goods' AND active = TRUE ORDER BY id LIMIT 1) AS p1,
		(SELECT sku FROM products WHERE tenant_id = ? AND type = 'goods' AND active = TRUE ORDER BY id LIMIT 1 OFFSET 1) AS p2`,
		tid, uid, tid, uid, tid, tid); err != nil {
		t.Fatal(err)
	}
	e.login("demo", "sales", app.DemoPassword)
	e.open("/sales/quotes")
	e.click("[data-testid=quote-new]")
	e.pickRef("#quote-form-customer_id", ids.CustCode, ids.CustName)
	e.pickRef("#quote-lines tr:nth-child(1) [data-testid=line-product]", ids.P1, ids.P1)
	e.fill("#quote-lines tr:nth-child(1) [data-testid=line-qty]", "2")
	e.fill("#quote-lines tr:nth-child(1) [data-testid=line-price]", "50")

	e.do("add a route", chromedp.Click(css("[data-testid=add-route]")))
	route := "#quote-routes [data-testid=quote-route]"
	e.waitFor("the route row", fmt.Sprintf(`document.querySelectorAll(%s).length === 1`, js(route)))
	e.pickRef(route+" [data-testid=route-product]", ids.P2, ids.P2)
	e.fill(route+" [data-testid=route-qty]", "10")
	e.fill(route+" [data-testid=route-markup]", "25")
	e.fill(route+" [data-testid=quote-step]:nth-child(1) [data-testid=step-name]", "切割")
	e.fill(route+" [data-testid=quote-step]:nth-child(1) [data-testid=step-hours]", "1")
	e.fill(route+" [data-testid=quote-step]:nth-child(1) [data-testid=step-rate]", "60")
	e.do("add a step", chromedp.Click(css(route+" [data-testid=add-step]")))
	e.waitFor("the second step", fmt.Sprintf(`document.querySelectorAll(%s).length === 2`, js(route+" [data-testid=quote-step]")))
	e.fill(route+" [data-testid=quote-step]:nth-child(2) [data-testid=step-name]", "焊接")
	e.fill(route+" [data-testid=quote-step]:nth-child(2) [data-testid=step-hours]", "0.5")
	e.fill(route+" [data-testid=quote-step]:nth-child(2) [data-testid=step-rate]", "80")
	e.pickRef(route+" [data-testid=quote-material]:nth-child(1) [data-testid=material-product]", ids.P1, ids.P1)
	e.fill(route+" [data-testid=quote-material]:nth-child(1) [data-testid=material-qty]", "2")
	e.fill(route+" [data-testid=quote-material]:nth-child(1) input[name$=_unit_cost]", "5")
	e.andWait("save the quotation", chromedp.Click(css("#quote-form [data-testid=save]")))
	e.waitText("[data-testid=quote-status]", "草稿")

	// Route per unit: 60 + 40 + 10 = 110, +25 % = 137.50; × 10 = 1,375.
	if n := e.countEl("[data-testid=quote-route-detail] tbody tr"); n != 3 {
		t.Fatalf("the route shows %d steps and materials, want 3", n)
	}
	rows := e.text("[data-testid=quote-lines]")
	if !strings.Contains(rows, "137.50") || !strings.Contains(rows, "1,375.00") || !strings.Contains(rows, "1,100.00") {
		t.Fatalf("route price, amount and cost: %q", rows)
	}
	e.click("[data-testid=quote-submit]")
	e.waitText("[data-testid=quote-status]", "已审核")
	e.click("[data-testid=quote-send]")
	e.waitText("[data-testid=quote-status]", "已发送")
	e.click("[data-testid=quote-accept]")
	e.waitText("[data-testid=quote-status]", "已接受")
	order := e.text("[data-testid=quote-order] a")
	e.click("[data-testid=quote-order] a")
	e.waitText("[data-testid=so-number]", order)
	e.waitText("[data-testid=so-status]", "草稿")
	if n := e.countEl("[data-testid=so-line-row]"); n != 2 {
		t.Fatalf("the order has %d lines, want 2", n)
	}
}
