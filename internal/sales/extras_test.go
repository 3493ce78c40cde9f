package sales_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/sales"
)

// auditOf is the audit entries of an order with action, newest first.
func (e *env) auditOf(id int64, action string) []audit.Entry {
	e.t.Helper()
	entries, err := audit.Search(e.ctx, e.d.Read(), e.admin, audit.Filter{RecordType: sales.DocOrder, RecordID: id, Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []audit.Entry
	for _, en := range entries {
		if en.Action == action {
			out = append(out, en)
		}
	}
	return out
}

// Copying an order makes a draft owned by the copier with the same customer,
// warehouse, payment method, address, products, units and quantities, at
// today's price (the product's list price here, not the 99 typed on the
// source) and without the source's discount; the copy is audited with the
// source's number and the source is untouched. A cancelled order can be
// copied too; an order out of the copier's scope cannot be, nor can
// someone without sales.create copy.
func TestCopyOrder(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.stock(0, 100)
		e.stock(1, 100)
		in := sales.OrderInput{CustomerID: e.customers[1], WarehouseID: e.whs[1], PaymentMethod: "cod", Channel: "phone",
			ShippingAddress: "上海市浦东新区世纪大道 1 号", Notes: "内部备注", HandlerID: e.mgr.Actor(),
			Lines: []sales.LineInput{{ProductID: e.products[0], Qty: "3", Price: "99", Discount: "10"}, {ProductID: e.products[1], Qty: "2.5", Price: "40"}}}
		src, err := e.svc.Create(e.ctx, e.seller, in)
		if err != nil {
			t.Fatal(err)
		}
		if src, err = e.svc.Cancel(e.ctx, e.seller, src.ID, src.Version, "客户改期"); err != nil {
			t.Fatal(err)
		}
		// The admin copies: the price list answers only for customers
		// the copier may see, and the seller's scope does not reach these.
		cp, err := e.svc.Copy(e.ctx, e.admin, src.ID, "staff")
		if err != nil {
			t.Fatal(err)
		}
		if cp.ID == src.ID || cp.Number == src.Number || cp.Status != sales.Draft || cp.CustomerID != src.CustomerID ||
			cp.WarehouseID != src.WarehouseID || cp.PaymentMethod != "cod" || cp.ShippingAddress != src.ShippingAddress ||
			cp.Channel != "staff" || cp.Notes != "" || cp.HandlerID != nil || cp.OwnerID == nil || *cp.OwnerID != e.admin.Actor() {
			t.Fatalf("copy header: %+v", cp)
		}
		if len(cp.Lines) != 2 {
			t.Fatalf("copy lines: %+v", cp.Lines)
		}
		for i, l := range cp.Lines {
			s := src.Lines[i]
			if l.ProductID != s.ProductID || l.Unit != s.Unit || l.Qty != s.Qty || l.Price != 25*10000 || l.DiscountPct != 0 || l.ShippedQty != 0 {
				t.Errorf("line %d: %+v, source %+v (want today's list price 25, no discount)", i, l, s)
			}
		}
		if got := e.auditOf(cp.ID, "sales_order.copy"); len(got) != 1 || !strings.Contains(got[0].RawChanges, src.Number) {
			t.Fatalf("copy audit: %+v", got)
		}
		again, err := e.svc.Get(e.ctx, e.admin, src.ID)
		if err != nil || again.Version != src.Version || again.Status != sales.Cancelled {
			t.Fatalf("the source changed: %+v %v", again, err)
		}

		if _, err := e.svc.Copy(e.ctx, e.seller2, src.ID, "staff"); errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("another salesperson copied an order out of scope: %v", err)
		}
		if _, err := e.svc.Copy(e.ctx, e.fin, src.ID, "staff"); errs.KindOf(err) != errs.KindForbidden {
			t.Errorf("finance copied: %v", err)
		}
	})
}

// The communication log takes entries in any status, newest first, with
// who wrote them; each is audited and the order's version does not move.
// Bad input is refused field by field and writes nothing; an order out of
// scope is not found.
func TestCommunicationLog(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.stock(0, 100)
		o := e.order(e.seller, "10", "2")
		if _, err := e.svc.Communicate(e.ctx, e.seller, o.ID, "phone", "  客户要求周五前发货  "); err != nil {
			t.Fatal(err)
		}
		o, err := e.svc.Submit(e.ctx, e.seller, o.ID, o.Version)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Cancel(e.ctx, e.seller, o.ID, o.Version, "客户取消"); err != nil {
			t.Fatal(err)
		}
		// Cancelled: still possible.
		c, err := e.svc.Communicate(e.ctx, e.seller, o.ID, "wechat", "已告知客户订单取消")
		if err != nil || c.UserName != "销售甲" || c.Channel != "wechat" {
			t.Fatalf("after cancel: %+v %v", c, err)
		}
		_, err = e.svc.Communicate(e.ctx, e.seller, o.ID, "fax", " ")
		if !hasField(err, "channel", "") || !hasField(err, "text", "") {
			t.Fatalf("bad entry: %v", err)
		}
		if _, err := e.svc.Communicate(e.ctx, e.seller, o.ID, "email", strings.Repeat("长", 2001)); !hasField(err, "text", "") {
			t.Fatalf("too long: %v", err)
		}
		if _, err := e.svc.Communicate(e.ctx, e.seller2, o.ID, "phone", "看不到的订单"); errs.KindOf(err) != errs.KindNotFound {
			t.Fatalf("out of scope: %v", err)
		}
		if _, err := e.svc.Communications(e.ctx, e.seller2, o.ID); errs.KindOf(err) != errs.KindNotFound {
			t.Fatalf("read out of scope: %v", err)
		}
		log, err := e.svc.Communications(e.ctx, e.admin, o.ID)
		if err != nil || len(log) != 2 || log[0].Text != "已告知客户订单取消" || log[1].Text != "客户要求周五前发货" || log[1].Channel != "phone" ||
			log[1].UserID == nil || *log[1].UserID != e.seller.Actor() {
			t.Fatalf("log: %+v %v", log, err)
		}
		after, _ := e.svc.Get(e.ctx, e.admin, o.ID)
		cancelled := e.auditOf(o.ID, "sales_order.cancel")
		if len(cancelled) != 1 || after.Status != sales.Cancelled {
			t.Fatalf("order: %+v", after)
		}
		if got := e.auditOf(o.ID, "sales_order.communication"); len(got) != 2 || !strings.Contains(got[1].RawChanges, "客户要求周五前发货") {
			t.Fatalf("communication audit: %+v", got)
		}
		// A draft with a log can still be deleted (its log goes with it).
		d := e.order(e.seller, "10", "1")
		if _, err := e.svc.Communicate(e.ctx, e.seller, d.ID, "visit", "上门拜访"); err != nil {
			t.Fatal(err)
		}
		d, _ = e.svc.Get(e.ctx, e.seller, d.ID)
		if err := e.svc.Delete(e.ctx, e.seller, d.ID, d.Version); err != nil {
			t.Fatalf("delete a draft with a log: %v", err)
		}
	})
}

// The version of an order does not move when a talk is logged, so an edit
// under way still saves.
func TestCommunicationKeepsVersion(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		o := e.order(e.seller, "10", "2")
		if _, err := e.svc.Communicate(e.ctx, e.seller, o.ID, "email", "发了报价确认邮件"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Update(e.ctx, e.seller, o.ID, sales.OrderInput{CustomerID: o.CustomerID, WarehouseID: o.WarehouseID,
			Notes: "改了备注", Version: o.Version, Lines: []sales.LineInput{{ProductID: e.products[0], Qty: "2", Price: "10"}}}); err != nil {
			t.Fatalf("edit after a logged talk: %v", err)
		}
	})
}

// "My orders waiting": a salesperson's drafts, approved and partly shipped
// orders they own or handle, counted per status; not other people's, not
// cancelled or shipped ones.
func TestMyWaitingOrders(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.stock(0, 1000)
		e.order(e.seller, "10", "1") // draft
		e.order(e.seller, "10", "1") // draft
		a := e.order(e.seller, "10", "1")
		if _, err := e.svc.Submit(e.ctx, e.seller, a.ID, a.Version); err != nil { // approved
			t.Fatal(err)
		}
		c := e.order(e.seller, "10", "1")
		if _, err := e.svc.Cancel(e.ctx, e.seller, c.ID, c.Version, "不要了"); err != nil {
			t.Fatal(err)
		}
		e.order(e.seller2, "10", "1") // someone else's draft
		// seller2's order handled by seller: theirs to act on too.
		h, err := e.svc.Create(e.ctx, e.seller2, sales.OrderInput{CustomerID: e.customers[0], WarehouseID: e.whs[0], HandlerID: e.seller.Actor(),
			Lines: []sales.LineInput{{ProductID: e.products[0], Qty: "1", Price: "10"}}})
		if err != nil {
			t.Fatal(err)
		}
		if h, err = e.svc.Submit(e.ctx, e.seller2, h.ID, h.Version); err != nil {
			t.Fatal(err)
		}
		setStatus(t, e, h.ID, sales.PartiallyShipped)
		mw, err := e.svc.MyWaiting(e.ctx, e.seller, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{sales.Draft: 2, sales.Approved: 1, sales.PartiallyShipped: 1}
		if fmt.Sprint(mw.Counts) != fmt.Sprint(want) || len(mw.Orders) != 4 {
			t.Fatalf("waiting: %v, %d orders", mw.Counts, len(mw.Orders))
		}
		for _, o := range mw.Orders {
			if o.ID == c.ID {
				t.Errorf("a cancelled order waits: %+v", o)
			}
		}
		mw, _ = e.svc.MyWaiting(e.ctx, e.seller, 2)
		if len(mw.Orders) != 2 || mw.Counts[sales.Draft] != 2 {
			t.Errorf("limited: %v, %d orders", mw.Counts, len(mw.Orders))
		}
		mw, _ = e.svc.MyWaiting(e.ctx, e.fin, 10)
		if len(mw.Orders) != 0 {
			t.Errorf("finance owns nothing: %+v", mw)
		}
	})
}

// setStatus moves an order where deliveries (another part of sales) would.
func setStatus(t *testing.T, e *env, id int64, status string) {
	t.Helper()
	if err := e.d.InTx(e.ctx, func(tx *db.Tx) error {
		_, err := db.Tenant(tx, e.admin.Tenant()).Exec(e.ctx, "UPDATE sales_orders SET status = ? WHERE tenant_id = ? AND id = ?", status,
			e.admin.Tenant(), id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
