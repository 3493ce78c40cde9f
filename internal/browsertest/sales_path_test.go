package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/taihe-erp/taihe/internal/app"
)

// Issue 6's full path through the pages, by clicking, as the demo's users:
// the salesperson writes a quotation whose process route has a 10 % margin
// and submits it; the manager approves it in the inbox; the salesperson
// sends it and records its acceptance, opens the order and submits it; the
// manager, then finance approve it on its page; the warehouse keeper makes
// a delivery of 4 of the 10 from the order page, picks, packs and ships it
// with a waybill (the page links the carrier's tracking) and records the
// receipt with one unit short; the salesperson requests a return of 1 on
// the order page, the manager approves it, the keeper receives and
// restocks it and the return page shows the refund request. Each page
// shows the status and the numbers of its step and offers no action the
// status or the user does not allow.
func TestSalesFullPathInBrowser(t *testing.T) {
	e := newEnv(t)
	// Five users sign in and out along the path: more than one page's
	// usual budget.
	ctx, cancel := context.WithTimeout(e.tab, 3*time.Minute)
	t.Cleanup(cancel)
	e.ctx = ctx
	tid, uid := e.demoID("sales")
	var ids struct {
		CustCode string `db:"cust_code"`
		CustName string `db:"cust_name"`
		W        int64  `db:"w"`
		M        string `db:"m"`
	}
	if err := e.App.DB.Read().Get(context.Background(), &ids, `SELECT
		(SELECT code FROM customers WHERE tenant_id = ? AND NOT blacklisted AND owner_id = ? ORDER BY id LIMIT 1) AS cust_code,
		(SELECT name FROM customers WHERE tenant_id = ? AND NOT blacklisted AND owner_id = ? ORDER BY id LIMIT 1) AS cust_name,
		(SELECT min(id) FROM warehouses WHERE tenant_id = ?) AS w,
		(SELECT sku FROM products WHERE tenant_id = ? AND active = TRUE ORDER BY id DESC LIMIT 1) AS m`,
		tid, uid, tid, uid, tid, tid); err != nil {
		t.Fatal(err)
	}
	// The product the route makes: 10 units free in the warehouse and no
	// promotion that would change its price on the order.
	var p struct {
		ID       int64  `db:"id"`
		SKU      string `db:"sku"`
		OnHand   int64  `db:"on_hand"`
		Reserved int64  `db:"reserved"`
	}
	if err := e.App.DB.Read().Get(context.Background(), &p, `SELECT p.id, p.sku, b.on_hand, b.reserved FROM stock_balances b
		JOIN products p ON p.tenant_id = b.tenant_id AND p.id = b.product_id WHERE b.tenant_id = ? AND b.warehouse_id = ?
		AND p.active = TRUE AND p.type = 'goods' AND b.on_hand - b.reserved >= 100000 AND NOT EXISTS (SELECT 1 FROM promotions x
		WHERE x.tenant_id = b.tenant_id AND (x.product_id = b.product_id OR x.get_product_id = b.product_id))
		ORDER BY p.id LIMIT 1`, tid, ids.W); err != nil {
		t.Fatalf("no stocked product: %v", err)
	}
	// stockIs checks the stock list's on hand and reserved of the product,
	// as the warehouse keeper sees them, moved by whole units.
	stockIs := func(step string, onHand, reserved int64) {
		t.Helper()
		e.open(fmt.Sprintf("/inventory/stock?product_id=%d&warehouse_id=%d", p.ID, ids.W))
		row := fmt.Sprintf(`[data-testid=list-row][data-id="%d-%d"]`, p.ID, ids.W)
		for col, want := range map[string]int64{"on_hand": p.OnHand/10000 + onHand, "reserved": p.Reserved/10000 + reserved} {
			if got := strings.ReplaceAll(e.text(row+" td[data-col="+col+"]"), ",", ""); got != fmt.Sprint(want) {
				t.Fatalf("%s: the stock list shows %s %q, want %d", step, col, got, want)
			}
		}
	}
	// absent fails when the page offers any of the actions.
	absent := func(step string, testids ...string) {
		t.Helper()
		for _, id := range testids {
			if e.exists("[data-testid=" + id + "]") {
				t.Fatalf("%s: the page offers %s", step, id)
			}
		}
	}
	as := func(user string) {
		t.Helper()
		e.login("demo", user, app.DemoPassword)
	}

	// 1. The quotation: a route making 10 units; per unit 10 h × 500 +
	// 1 × 400 = 5,400, quoted at 6,000 (margin 10 %, under the 15 % rule).
	as("sales")
	e.open("/sales/quotes")
	e.click("[data-testid=quote-new]")
	e.pickRef("#quote-form-customer_id", ids.CustCode, ids.CustName)
	e.pick("#quote-form-warehouse_id", fmt.Sprint(ids.W))
	e.do("add a route", chromedp.Click(css("[data-testid=add-route]")))
	route := "#quote-routes [data-testid=quote-route]"
	e.waitFor("the route row", fmt.Sprintf(`document.querySelectorAll(%s).length === 1`, js(route)))
	e.pickRef(route+" [data-testid=route-product]", p.SKU, p.SKU)
	e.fill(route+" [data-testid=route-description]", "定制机箱")
	e.fill(route+" [data-testid=route-qty]", "10")
	e.fill(route+" [data-testid=route-price]", "6000")
	e.fill(route+" input[name=route_tax_rate]", "13")
	e.fill(route+" [data-testid=quote-step]:nth-child(1) [data-testid=step-name]", "装配")
	e.fill(route+" [data-testid=quote-step]:nth-child(1) [data-testid=step-hours]", "10")
	e.fill(route+" [data-testid=quote-step]:nth-child(1) [data-testid=step-rate]", "500")
	e.pickRef(route+" [data-testid=quote-material]:nth-child(1) [data-testid=material-product]", ids.M, ids.M)
	e.fill(route+" [data-testid=quote-material]:nth-child(1) [data-testid=material-qty]", "1")
	e.fill(route+" [data-testid=quote-material]:nth-child(1) input[name$=_unit_cost]", "400")
	e.andWait("save the quotation", chromedp.Click(css("#quote-form [data-testid=save]")))
	e.waitText("[data-testid=quote-status]", "草稿")
	quotePath := e.path()
	if got := e.text("[data-testid=quote-total]"); !strings.Contains(got, "67,800.00") {
		t.Fatalf("the quotation's total: %q", got)
	}
	if got := e.text("[data-testid=quote-margin]"); !strings.Contains(got, "6,000.00") || !strings.Contains(got, "10") {
		t.Fatalf("the quotation's margin: %q", got)
	}
	absent("a draft quotation", "quote-send", "quote-answer", "quote-decide")
	e.click("[data-testid=quote-submit]")
	e.waitText("[data-testid=quote-status]", "待审核")
	absent("a quotation in review, for its author", "quote-submit", "quote-edit", "quote-send", "quote-decide", "quote-answer")
	e.logout()

	// 2. The manager approves it in the inbox.
	as("manager")
	e.open("/approvals")
	item := fmt.Sprintf(`[data-testid=approval-item]:has([data-testid=approval-title][href=%q])`, quotePath)
	e.waitFor("the quotation in the manager's inbox", fmt.Sprintf(`!!document.querySelector(%s)`, js(item)))
	e.click(item + " [data-testid=approve]")
	if e.exists(item) {
		t.Fatalf("the approved quotation is still in the manager's inbox")
	}
	e.open(quotePath)
	e.waitText("[data-testid=quote-status]", "已审核")
	absent("an approved quotation, for the manager", "quote-decide")
	e.logout()

	// 3. Sent, accepted: the draft order opens; the salesperson submits it.
	as("sales")
	e.open(quotePath)
	absent("an approved quotation", "quote-answer", "quote-submit")
	e.click("[data-testid=quote-send]")
	e.waitText("[data-testid=quote-status]", "已发送")
	if v := e.value("[data-testid=quote-warehouse]"); v != fmt.Sprint(ids.W) {
		t.Fatalf("the acceptance ships from warehouse %q, want the quotation's %d", v, ids.W)
	}
	e.click("[data-testid=quote-accept]")
	e.waitText("[data-testid=quote-status]", "已接受")
	absent("an accepted quotation", "quote-answer", "quote-send")
	orderNo := e.text("[data-testid=quote-order] a")
	e.click("[data-testid=quote-order] a")
	e.waitText("[data-testid=so-number]", orderNo)
	e.waitText("[data-testid=so-status]", "草稿")
	orderPath := e.path()
	if got := e.text("[data-testid=so-total]"); !strings.Contains(got, "67,800.00") {
		t.Fatalf("the order's total: %q", got)
	}
	if n := e.countEl("[data-testid=so-line-row]"); n != 1 {
		t.Fatalf("the order has %d lines, want 1 (the route's product)", n)
	}
	if got := e.text("[data-testid=so-line-row]"); !strings.Contains(got, "6,000.00") || !strings.Contains(got, "60,000.00") {
		t.Fatalf("the order line: %q", got)
	}
	e.click("[data-testid=so-submit]")
	e.waitText("[data-testid=so-status]", "待审核")
	absent("an order in review, for its author", "so-submit", "so-edit", "so-deliver", "so-return", "so-decide")
	e.logout()

	// 4. Two levels: finance has nothing to decide before the manager.
	as("finance")
	e.open(orderPath)
	e.waitText("[data-testid=so-status]", "待审核")
	absent("the order at level 1, for finance", "so-decide")
	e.logout()
	as("manager")
	e.open(orderPath)
	e.fill("[data-testid=so-comment]", "同意")
	e.click("[data-testid=so-approve]")
	e.waitText("[data-testid=so-status]", "待审核")
	absent("the order at level 2, for the manager", "so-decide")
	e.logout()
	as("finance")
	e.open(orderPath)
	e.click("[data-testid=so-approve]")
	e.waitText("[data-testid=so-status]", "已审核")
	absent("an approved order", "so-decide", "so-submit", "so-edit", "so-return")
	e.logout()

	// 5. The keeper: the stock is reserved; a delivery of 4 of the 10.
	as("warehouse")
	stockIs("approved", 0, 10)
	e.open(orderPath)
	e.click("[data-testid=so-deliver]")
	e.fill("[data-testid=do-line-qty]", "4")
	e.pick("#do-form [data-testid=do-carrier]", "sf")
	e.click("[data-testid=do-save]")
	e.waitText("[data-testid=do-status]", "草稿")
	deliveryPath := e.path()
	absent("a draft delivery", "do-pack", "do-ship-form", "do-deliver-form")
	e.click("[data-testid=do-pick]")
	e.waitText("[data-testid=do-status]", "拣货中")
	absent("a delivery being picked", "do-pick", "do-ship-form", "do-deliver-form")
	e.click("[data-testid=do-pack]")
	e.waitText("[data-testid=do-status]", "已打包")
	absent("a packed delivery", "do-pick", "do-pack", "do-deliver-form")
	e.pick("[data-testid=do-ship-form] [data-testid=do-carrier]", "sf")
	e.fill("[data-testid=do-tracking]", "SF1400000000002")
	e.click("[data-testid=do-ship]")
	e.waitText("[data-testid=do-status]", "已发货")
	absent("a shipped delivery", "do-pick", "do-pack", "do-ship-form", "do-cancel")
	if href, err := runEval[string](e, `document.querySelector("[data-testid=do-track-link]").href`); err != nil ||
		href != "https://www.kuaidi100.com/chaxun?com=shunfeng&nu=SF1400000000002" || e.text("[data-testid=do-track-link]") != "SF1400000000002" {
		t.Fatalf("the tracking link: %q (%v)", href, err)
	}
	stockIs("shipped 4", -4, 6)
	e.open(orderPath)
	e.waitText("[data-testid=so-status]", "部分发货")
	lineCol := func(n int) string {
		return e.text(fmt.Sprintf("[data-testid=so-line-row][data-line='1'] td:nth-child(%d)", n))
	}
	if shipped, open := lineCol(8), lineCol(9); shipped != "4" || open != "6" {
		t.Fatalf("the order line after shipping 4: shipped %q, open %q", shipped, open)
	}
	// Signed for with one unit short.
	e.open(deliveryPath)
	e.fill("[data-testid=do-received-by]", "李四")
	e.fill("[data-testid=do-line-short]", "1")
	e.fill("[data-testid=do-line-note]", "少一箱")
	e.click("[data-testid=do-deliver]")
	e.waitText("[data-testid=do-status]", "签收异常")
	absent("a delivery signed for", "do-deliver-form", "do-ship-form")
	if row := e.text("[data-testid=do-line-row]"); !strings.Contains(row, "少一箱") || e.text("[data-testid=do-line-row] td:nth-child(5)") != "1" {
		t.Fatalf("the short line: %q", row)
	}
	e.logout()

	// 6. The salesperson requests a return of 1 from the order page.
	as("sales")
	e.open(orderPath)
	e.waitText("[data-testid=so-status]", "部分发货")
	e.click("[data-testid=so-return]")
	e.pick("[data-testid=rt-kind]", "return")
	e.pick("[data-testid=rt-reason]", "quality")
	e.fill("[data-testid=rt-line-qty]", "1")
	e.click("[data-testid=rt-save]")
	e.waitText("[data-testid=rt-status]", "待审核")
	returnPath := e.path()
	if got := e.text("[data-testid=rt-amount]"); got != "¥6,780.00" {
		t.Fatalf("the return's amount: %q, want ¥6,780.00 (67,800 / 10)", got)
	}
	absent("a requested return, for the salesperson", "rt-decide", "rt-receive-form", "rt-inspect-form", "rt-refund")
	e.logout()
	as("manager")
	e.open(returnPath)
	e.click("[data-testid=rt-approve]")
	e.waitText("[data-testid=rt-status]", "已同意")
	absent("an approved return", "rt-decide")
	e.logout()

	// 7. The keeper receives and restocks it; the refund request appears.
	as("warehouse")
	e.open(returnPath)
	absent("an approved return, for the keeper", "rt-decide", "rt-inspect-form")
	e.click("[data-testid=rt-receive]")
	e.waitText("[data-testid=rt-status]", "已收货")
	absent("a received return", "rt-receive-form", "rt-refund")
	e.fill("[data-testid=rt-line-restock]", "1")
	e.click("[data-testid=rt-inspect]")
	e.waitText("[data-testid=rt-status]", "待财务退款")
	absent("an inspected return", "rt-inspect-form", "rt-receive-form")
	if got := e.text("[data-testid=rt-refund]"); !strings.Contains(got, "6,780.00") || !strings.Contains(got, "待退款") {
		t.Fatalf("the refund request on the return's page: %q", got)
	}
	stockIs("restocked 1", -3, 6)
}
