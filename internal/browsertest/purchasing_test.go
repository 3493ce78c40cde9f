package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/taihe-erp/taihe/internal/app"
)

// pickRef types into an autocomplete, waits for the option whose text
// contains want and takes it, as a user picking from the list would: the
// hidden id next to the box is set.
func (e *env) pickRef(sel, typed, want string) {
	e.t.Helper()
	e.fill(sel, typed)
	e.waitFor(fmt.Sprintf("an option %q for %s", want, sel), fmt.Sprintf(`(el => el && el.list &&
		Array.from(el.list.options).some(o => o.value.includes(%s)))(document.querySelector(%s))`, js(want), js(sel)))
	ok, err := runEval[bool](e, fmt.Sprintf(`(el => {
		const o = Array.from(el.list.options).find(o => o.value.includes(%s));
		el.value = o.value;
		el.dispatchEvent(new Event("input", {bubbles: true}));
		el.dispatchEvent(new Event("change", {bubbles: true}));
		return el.closest(".field").querySelector("[data-ref-id]").value !== "";
	})(document.querySelector(%s))`, js(want), js(sel)))
	if err != nil || !ok {
		e.t.Fatalf("pick %q in %s: the id was not set (%v)", want, sel, err)
	}
}

// The warehouse keeper writes a ¥55,000 purchase order of two lines in
// the form; the demo's rule sends it to the manager and then finance, who
// approve it on its page; the keeper receives one line in part and
// refuses some at quality control; the order is partially received and
// the stock list shows the new on-hand.
func TestPurchaseOrderApprovedAndReceived(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	tid, _ := e.demoID("warehouse")
	var ids struct {
		SupCode string `db:"sup_code"`
		SupName string `db:"sup_name"`
		P1      string `db:"p1"`
		P2      string `db:"p2"`
		P1ID    int64  `db:"p1_id"`
		WhID    int64  `db:"wh_id"`
		OnHand  int64  `db:"on_hand"`
	}
	if err := e.App.DB.Read().Get(ctx, &ids, `SELECT
		(SELECT code FROM suppliers WHERE tenant_id = ? ORDER BY id LIMIT 1) AS sup_code,
		(SELECT name FROM suppliers WHERE tenant_id = ? ORDER BY id LIMIT 1) AS sup_name,
		(SELECT sku FROM products WHERE tenant_id = ? AND type = 'goods' AND active = TRUE ORDER BY id LIMIT 1) AS p1,
		(SELECT sku FROM products WHERE tenant_id = ? AND type = 'goods' AND active = TRUE ORDER BY id LIMIT 1 OFFSET 1) AS p2,
		(SELECT id FROM products WHERE tenant_id = ? AND type = 'goods' AND active = TRUE ORDER BY id LIMIT 1) AS p1_id,
		(SELECT id FROM warehouses WHERE tenant_id = ? ORDER BY id LIMIT 1) AS wh_id, 0 AS on_hand`, tid, tid, tid, tid, tid, tid); err != nil {
		t.Fatal(err)
	}
	if err := e.App.DB.Read().Get(ctx, &ids.OnHand, `SELECT coalesce(max(on_hand), 0) FROM stock_balances WHERE tenant_id = ?
		AND product_id = ? AND warehouse_id = ?`, tid, ids.P1ID, ids.WhID); err != nil {
		t.Fatal(err)
	}

	e.login("demo", "warehouse", app.DemoPassword)
	e.open("/purchasing/orders")
	e.click("[data-testid=po-new]")
	e.pickRef("#po-form-supplier_id", ids.SupCode, ids.SupName)
	e.pick("#po-form-warehouse_id", fmt.Sprint(ids.WhID))
	e.pickRef("#po-lines tr:nth-child(1) [data-testid=line-product]", ids.P1, ids.P1)
	e.fill("#po-lines tr:nth-child(1) [data-testid=line-qty]", "300")
	e.fill("#po-lines tr:nth-child(1) [data-testid=line-price]", "100")
	e.do("add a line", chromedp.Click(css("[data-testid=add-line]")))
	e.waitFor("the second line", `document.querySelectorAll("#po-lines tr").length === 2`)
	e.pickRef("#po-lines tr:nth-child(2) [data-testid=line-product]", ids.P2, ids.P2)
	e.fill("#po-lines tr:nth-child(2) [data-testid=line-qty]", "250")
	e.fill("#po-lines tr:nth-child(2) [data-testid=line-price]", "abc")
	// A price that is not a number is shown on its line; nothing is saved.
	before := e.count(`SELECT count(*) FROM purchase_orders WHERE tenant_id = ?`, tid)
	e.do("save with a bad price", chromedp.Click(css("#po-form [data-testid=save]")))
	e.waitText("#po-lines tr:nth-child(2) [data-testid=line-error]", "必须是数字")
	if n := e.count(`SELECT count(*) FROM purchase_orders WHERE tenant_id = ?`, tid); n != before {
		t.Fatalf("a refused order was saved: %d orders, were %d", n, before)
	}
	e.fill("#po-lines tr:nth-child(2) [data-testid=line-price]", "100")
	e.andWait("save the order", chromedp.Click(css("#po-form [data-testid=save]")))
	e.waitText("[data-testid=po-status]", "草稿")
	number := e.text("[data-testid=po-number]")
	if !strings.Contains(e.text("[data-testid=po-total]"), "62,150") {
		t.Fatalf("the total with 13%% tax: %q", e.text("[data-testid=po-total]"))
	}
	e.click("[data-testid=po-submit]")
	e.waitText("[data-testid=po-status]", "待审核")
	orderPath := e.path()
	e.logout()

	// The manager finds it on the workbench and approves it in the inbox.
	e.login("demo", "manager", app.DemoPassword)
	e.open("/")
	e.waitText("[data-testid=panel-approvals]", number)
	e.open("/approvals")
	item := fmt.Sprintf(`[data-testid=approval-item]:has([data-testid=approval-title][href=%q])`, orderPath)
	e.waitText(item+" [data-testid=approval-level]", "1")
	e.click(item + " [data-testid=approve]")
	if e.exists(item) {
		t.Fatalf("the approved order is still in the manager's inbox")
	}
	e.logout()
	// Finance decides the second level on the order's page.
	e.login("demo", "finance", app.DemoPassword)
	e.open(orderPath)
	e.waitText("[data-testid=po-decide]", "2/2")
	e.fill("[data-testid=po-comment]", "同意采购")
	e.click("[data-testid=po-approve]")
	if got := e.countEl("[data-testid=approval-task][data-decision=approved]"); got != 2 {
		t.Fatalf("the order's approval history shows %d approvals, want 2", got)
	}
	e.logout()

	e.login("demo", "warehouse", app.DemoPassword)
	e.open(orderPath)
	e.waitText("[data-testid=po-status]", "已审核")
	// Line 1: 200 accepted and 20 refused; line 2 waits.
	e.fill("[data-testid=po-line-row][data-line='1'] [data-testid=settle-qty]", "200")
	e.fill("[data-testid=po-line-row][data-line='1'] [data-testid=settle-rejected]", "20")
	e.fill("[data-testid=po-line-row][data-line='2'] [data-testid=settle-qty]", "0")
	e.click("[data-testid=receive-save]")
	e.waitText("[data-testid=po-status]", "部分到货")
	if got := e.text("[data-testid=po-line-row][data-line='1'] td[data-col=open]"); got != "100" {
		t.Fatalf("line 1 still open: %q, want 100 (20 refused stay open)", got)
	}
	if !strings.Contains(e.text("[data-testid=po-receipts]"), "GR") {
		t.Fatalf("the receipt is not listed: %q", e.text("[data-testid=po-receipts]"))
	}
	e.open(fmt.Sprintf("/inventory/stock?product_id=%d&warehouse_id=%d", ids.P1ID, ids.WhID))
	want := fmt.Sprint(ids.OnHand/10000 + 200)
	if got := e.text(fmt.Sprintf(`[data-testid=list-row][data-id="%d-%d"] td[data-col=on_hand]`, ids.P1ID, ids.WhID)); strings.ReplaceAll(got, ",", "") != want {
		t.Fatalf("on hand after the receipt of %s: %q, want %s", number, got, want)
	}
}

// A product under its reorder point is on the warehouse keeper's
// workbench; one click makes the draft purchase order from the rule's
// supplier and quantity.
func TestLowStockToDraftOrder(t *testing.T) {
	e := newEnv(t)
	tid, _ := e.demoID("warehouse")
	e.login("demo", "warehouse", app.DemoPassword)
	e.open("/")
	if e.countEl("[data-testid=panel-low_stock] [data-testid=panel-action]") == 0 {
		t.Fatalf("no reorder button on the workbench: %q", e.text("[data-testid=panel-low_stock]"))
	}
	product := e.text("[data-testid=panel-low_stock] li:has([data-testid=panel-action]) a")
	drafts := e.count(`SELECT count(*) FROM purchase_orders WHERE tenant_id = ? AND status = 'draft'`, tid)
	e.click("[data-testid=panel-low_stock] li:has([data-testid=panel-action]) [data-testid=panel-action]")
	e.waitText("[data-testid=po-status]", "草稿")
	if !strings.Contains(e.text("[data-testid=po-lines]"), product) {
		t.Fatalf("the draft does not order %q: %q", product, e.text("[data-testid=po-lines]"))
	}
	if n := e.count(`SELECT count(*) FROM purchase_orders WHERE tenant_id = ? AND status = 'draft'`, tid); n != drafts+1 {
		t.Fatalf("%d drafts after one click, were %d", n, drafts)
	}
}
