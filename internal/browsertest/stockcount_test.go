package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/taihe-erp/taihe/internal/app"
)

// The warehouse keeper makes a count sheet for a warehouse, types a
// counted quantity that is one short for one product, scans another
// product's barcode (one unit counted; an unknown barcode is named under
// the field), posts the sheet, and sees the count loss with the new
// balance in the product's movements and the scanned product's new
// on-hand in the stock list.
func TestStockCountByTypingAndScanning(t *testing.T) {
	e := newEnv(t)
	tid, _ := e.demoID("warehouse")
	var lines []struct {
		P       int64  `db:"product_id"`
		W       int64  `db:"warehouse_id"`
		OnHand  int64  `db:"on_hand"`
		Barcode string `db:"barcode"`
	}
	// The demo's first warehouse: its products with stock and a barcode,
	// untouched by the demo's own documents.
	if err := e.App.DB.Read().Select(e.ctx, &lines, `SELECT b.product_id, b.warehouse_id, b.on_hand, p.barcode FROM stock_balances b
		JOIN products p ON p.tenant_id = b.tenant_id AND p.id = b.product_id
		WHERE b.tenant_id = ? AND b.warehouse_id = (SELECT min(id) FROM warehouses WHERE tenant_id = ?) AND b.on_hand > 30000
		AND b.reserved = 0 AND p.barcode <> '' AND NOT EXISTS (SELECT 1 FROM stock_moves m WHERE m.tenant_id = b.tenant_id
		AND m.product_id = b.product_id AND m.doc_type <> 'opening') ORDER BY b.product_id LIMIT 2`, tid, tid); err != nil || len(lines) < 2 {
		t.Fatalf("the demo has no two products with stock and barcodes: %v", err)
	}
	typed, scanned := lines[0], lines[1]
	w := typed.W
	e.login("demo", "warehouse", app.DemoPassword)
	e.open("/inventory/counts")
	e.click("[data-testid=new-doc]")
	e.pick("[data-testid=field-warehouse_id] select", fmt.Sprint(w))
	e.click("[data-testid=save]")
	if s := e.text("[data-testid=doc-status]"); s != "草稿" {
		t.Fatalf("a new sheet is %q", s)
	}
	row := func(p int64) string { return fmt.Sprintf(`[data-testid=count-line][data-product="%d"]`, p) }
	if got := e.text(row(typed.P) + " td[data-col=expected]"); got != fmt.Sprint(typed.OnHand/10000) {
		t.Fatalf("expected on hand shows %q, the balance is %d", got, typed.OnHand/10000)
	}

	short := typed.OnHand/10000 - 1
	e.fill(fmt.Sprintf("[data-testid=counted-%d]", typed.P), fmt.Sprint(short))
	e.click("[data-testid=save-counts]")
	if d := e.text(fmt.Sprintf("[data-testid=diff-%d]", typed.P)); d != "-1" {
		t.Fatalf("the typed line's difference is %q", d)
	}
	if s := e.text("[data-testid=doc-status]"); s != "盘点中" {
		t.Fatalf("after entering counts the sheet is %q", s)
	}

	e.fill("[data-testid=scan-barcode]", "0000000000000")
	e.andWait("scan an unknown barcode", chromedp.SendKeys(css("[data-testid=scan-barcode]"), kb.Enter))
	if msg := e.text("[data-testid=scan-error]"); !strings.Contains(msg, "0000000000000") {
		t.Fatalf("an unknown barcode says %q", msg)
	}
	e.fill("[data-testid=scan-barcode]", scanned.Barcode)
	e.andWait("scan a barcode", chromedp.SendKeys(css("[data-testid=scan-barcode]"), kb.Enter))
	if got := e.value(fmt.Sprintf("[data-testid=counted-%d]", scanned.P)); got != "1" {
		t.Fatalf("one scan counted %q", got)
	}
	if !strings.Contains(e.text("[data-testid=scan-done]"), "1") {
		t.Errorf("the scan is not confirmed: %q", e.text("[data-testid=scan-done]"))
	}

	e.do("post", chromedp.Click(css("[data-testid=action-post]")), waitVisible("[data-testid=confirm-ok]"))
	e.click("[data-testid=confirm-ok]")
	if s := e.text("[data-testid=doc-status]"); s != "已过账" {
		t.Fatalf("after posting the sheet is %q", s)
	}

	e.open(fmt.Sprintf("/inventory/moves?product_id=%d&warehouse_id=%d", typed.P, w))
	first := "[data-testid=list-row]:first-child"
	if k, q, b := e.text(first+" td[data-col=kind]"), e.text(first+" td[data-col=qty]"), e.text(first+" td[data-col=balance]"); k != "盘亏" || q != "-1" || b != fmt.Sprint(short) {
		t.Fatalf("the newest movement: %q %q balance %q, want 盘亏 -1 balance %d", k, q, b, short)
	}
	e.open(fmt.Sprintf("/inventory/stock?product_id=%d&warehouse_id=%d", scanned.P, w))
	if got := e.text(fmt.Sprintf(`[data-testid=list-row][data-id="%d-%d"] td[data-col=on_hand]`, scanned.P, w)); got != "1" {
		t.Fatalf("the scanned product's on hand is %q, want the 1 counted", got)
	}
}
