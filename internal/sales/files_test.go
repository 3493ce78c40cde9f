package sales_test

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// An order's files: its salesperson attaches the customer's purchase order
// in any status; finance (sales.view) reads it but cannot add one; another
// salesperson does not see the order, so neither its files.
func TestOrderAttachments(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		o := e.order(e.seller, "10", "1")
		files := e.svc.Files()
		a, err := files.Attach(e.ctx, e.seller, o.ID, "客户采购单.pdf", "application/pdf", []byte("%PDF-1.4 order"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := files.Attach(e.ctx, e.seller, o.ID, "empty.txt", "text/plain", nil); errs.KindOf(err) != errs.KindInvalid {
			t.Fatalf("an empty file: %v", err)
		}
		list, err := files.List(e.ctx, e.fin, o.ID)
		if err != nil || len(list) != 1 || list[0].Filename != "客户采购单.pdf" {
			t.Fatalf("finance lists %+v %v", list, err)
		}
		if _, data, err := files.Data(e.ctx, e.fin, o.ID, a.ID); err != nil || string(data) != "%PDF-1.4 order" {
			t.Fatalf("finance reads %q %v", data, err)
		}
		if _, err := files.Attach(e.ctx, e.fin, o.ID, "x.txt", "text/plain", []byte("x")); errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("finance attaches: %v", err)
		}
		if _, err := files.List(e.ctx, e.seller2, o.ID); errs.KindOf(err) != errs.KindNotFound {
			t.Fatalf("another salesperson lists: %v", err)
		}
		if err := files.Delete(e.ctx, e.seller2, o.ID, a.ID); errs.KindOf(err) != errs.KindNotFound {
			t.Fatalf("another salesperson deletes: %v", err)
		}
		if err := files.Delete(e.ctx, e.seller, o.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		var actions []string
		if err := e.d.Read().Select(e.ctx, &actions, `SELECT action FROM audit_log WHERE tenant_id = ? AND record_type = 'sales_order'
			AND record_id = ? AND action LIKE '%tach' ORDER BY id`, e.admin.Tenant(), o.ID); err != nil {
			t.Fatal(err)
		}
		if len(actions) != 2 || actions[0] != "sales_order.attach" || actions[1] != "sales_order.detach" {
			t.Fatalf("audit %v", actions)
		}
	})
}
