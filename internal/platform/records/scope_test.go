package records_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

func names(t *testing.T, w *world, sc tenant.Scope, typ *records.Type, lq list.Query) []string {
	t.Helper()
	lq.Sort = "name"
	p, err := w.svc.List(context.Background(), sc, typ, lq)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range p.Items {
		out = append(out, r.Name(typ))
	}
	if p.Total != len(out) {
		t.Errorf("total %d, %d items", p.Total, len(out))
	}
	return out
}

func searchNames(t *testing.T, w *world, sc tenant.Scope, typ *records.Type, q string) []string {
	t.Helper()
	rs, err := w.svc.Search(context.Background(), sc, typ, q, 50)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rs {
		out = append(out, r.Name(typ))
	}
	slices.Sort(out)
	return out
}

func exportNames(t *testing.T, w *world, sc tenant.Scope, typ *records.Type) []string {
	t.Helper()
	var out []string
	if err := w.svc.Each(context.Background(), sc, typ, list.Query{Sort: "name"}, func(r records.Record) error {
		out = append(out, r.Name(typ))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDataScope(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		mk := func(sc tenant.Scope, in records.Input) records.Record {
			t.Helper()
			r, err := w.svc.Create(ctx, sc, w.customers, in)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		a1 := mk(w.sales1, records.Input{"name": "A1 客户"})
		a2 := mk(w.sales2, records.Input{"name": "A2 客户"})
		b3 := mk(w.sales3, records.Input{"name": "B3 客户"})
		shared := mk(w.sales3, records.Input{"name": "B3 共享给 sales1", "shared_user_ids": []int64{w.users["sales1"]}})
		deptShared := mk(w.sales3, records.Input{"name": "B3 共享给一部", "shared_department_ids": []any{float64(w.deptA)}})
		if a1.OwnerID != w.users["sales1"] || a1.DepartmentID != w.deptA || !slices.Equal(shared.SharedUsers, []int64{w.users["sales1"]}) {
			t.Errorf("owner and shares: %+v %+v", a1, shared)
		}
		all := []string{"A1 客户", "A2 客户", "B3 共享给 sales1", "B3 共享给一部", "B3 客户"}
		for _, c := range []struct {
			who  string
			sc   tenant.Scope
			want []string
		}{
			{"sales1: own + shared with them + shared with their department", w.sales1, []string{"A1 客户", "B3 共享给 sales1", "B3 共享给一部"}},
			{"sales2: own + shared with their department", w.sales2, []string{"A2 客户", "B3 共享给一部"}},
			{"sales3: own", w.sales3, []string{"B3 共享给 sales1", "B3 共享给一部", "B3 客户"}},
			{"manager: the department (+ shared with it)", w.manager, []string{"A1 客户", "A2 客户", "B3 共享给一部"}},
			{"admin: all", w.admin, all},
		} {
			if got := names(t, w, c.sc, w.customers, list.Query{}); !slices.Equal(got, c.want) {
				t.Errorf("list, %s: %v", c.who, got)
			}
			if got := searchNames(t, w, c.sc, w.customers, "客户"); !slices.Equal(got, filter(c.want, "客户")) {
				t.Errorf("search, %s: %v", c.who, got)
			}
			if got := exportNames(t, w, c.sc, w.customers); !slices.Equal(got, c.want) {
				t.Errorf("export, %s: %v", c.who, got)
			}
		}
		// Outside the scope is not found, for reads and writes alike.
		for _, id := range []int64{a2.ID, b3.ID} {
			if _, err := w.svc.Get(ctx, w.sales1, w.customers, id); errs.KindOf(err) != errs.KindNotFound {
				t.Errorf("get outside scope: %v", err)
			}
			if _, err := w.svc.Update(ctx, w.sales1, w.customers, id, 1, records.Input{"note": "x"}); errs.KindOf(err) != errs.KindNotFound {
				t.Errorf("update outside scope: %v", err)
			}
			if err := w.svc.Delete(ctx, w.sales1, w.customers, id, 1); errs.KindOf(err) != errs.KindNotFound {
				t.Errorf("delete outside scope: %v", err)
			}
			if _, ok, err := w.svc.FindBy(ctx, w.d.Read(), w.sales1, w.customers, "code", "C0000"+string(rune('0'+id))); ok || err != nil {
				t.Errorf("FindBy outside scope: %v %v", ok, err)
			}
		}
		if r, ok, err := w.svc.FindBy(ctx, w.d.Read(), w.sales1, w.customers, "code", shared.String("code")); !ok || err != nil || r.ID != shared.ID {
			t.Errorf("FindBy of a shared record: %v %v", ok, err)
		}
		// A shared record may be edited by the one it is shared with.
		if _, err := w.svc.Update(ctx, w.sales1, w.customers, shared.ID, 1, records.Input{"note": "x"}); err != nil {
			t.Errorf("edit a shared record: %v", err)
		}
		// The reference to an invisible customer is refused like a missing one.
		if _, err := w.svc.Create(ctx, w.sales1, w.contac, records.Input{"customer_id": b3.ID, "name": "张三"}); code(err) != "customer_id=field.unknown_ref" {
			t.Errorf("contact of an invisible customer: %v", err)
		}
		// Children follow their parent.
		ca1, err := w.svc.Create(ctx, w.sales1, w.contac, records.Input{"customer_id": a1.ID, "name": "张三"})
		if err != nil {
			t.Fatal(err)
		}
		cb3, _ := w.svc.Create(ctx, w.sales3, w.contac, records.Input{"customer_id": b3.ID, "name": "李四"})
		cs, _ := w.svc.Create(ctx, w.sales3, w.contac, records.Input{"customer_id": shared.ID, "name": "王五"})
		if got := names(t, w, w.sales1, w.contac, list.Query{}); !slices.Equal(got, []string{"张三", "王五"}) {
			t.Errorf("contacts of sales1: %v", got)
		}
		if got := names(t, w, w.manager, w.contac, list.Query{}); !slices.Equal(got, []string{"张三"}) {
			t.Errorf("contacts of the manager: %v", got)
		}
		if got := names(t, w, w.admin, w.contac, list.Query{Filters: map[string]string{"customer_id": itoa(b3.ID)}}); !slices.Equal(got, []string{"李四"}) {
			t.Errorf("contacts by customer: %v", got)
		}
		if _, err := w.svc.Get(ctx, w.sales1, w.contac, cb3.ID); errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("get a contact of an invisible customer: %v", err)
		}
		if _, err := w.svc.Get(ctx, w.sales1, w.contac, cs.ID); err != nil {
			t.Errorf("get a contact of a shared customer: %v", err)
		}
		if ca1.Labels["customer_id"] != "A1 客户" {
			t.Errorf("contact's customer label %v", ca1.Labels)
		}
		// Moving a contact to a customer the caller cannot see is refused.
		if _, err := w.svc.Update(ctx, w.sales1, w.contac, ca1.ID, 1, records.Input{"customer_id": b3.ID}); code(err) != "customer_id=field.unknown_ref" {
			t.Errorf("move a contact out of scope: %v", err)
		}
		// A customer with contacts is in use.
		if err := w.svc.Delete(ctx, w.admin, w.customers, a1.ID, 0); code(err) != "records.in_use" {
			t.Errorf("delete a customer with contacts: %v", err)
		}
		// The owner changes with edit permission; the department follows the new owner.
		moved, err := w.svc.Update(ctx, w.admin, w.customers, a1.ID, 1, records.Input{"owner_id": w.users["sales3"]})
		if err != nil || moved.OwnerID != w.users["sales3"] || moved.DepartmentID != w.deptB {
			t.Errorf("owner change: %+v %v", moved, err)
		}
		if _, err := w.svc.Update(ctx, w.admin, w.customers, a1.ID, moved.Version, records.Input{"owner_id": nil}); code(err) != "owner_id=field.required" {
			t.Errorf("clearing the owner: %v", err)
		}
		_ = deptShared
	})
}

func filter(xs []string, sub string) []string {
	var out []string
	for _, x := range xs {
		if strings.Contains(x, sub) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A scoped list counts each visible row once, also when it is visible for
// two reasons (owned and shared with the department), and stops at the cap.
func TestScopedCountUnitesTheReasons(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		for i, in := range []records.Input{
			{"name": "自己的"},
			{"name": "自己的也共享", "shared_department_ids": []any{float64(w.deptA)}},
			{"name": "别人共享", "owner_id": w.users["sales3"], "shared_user_ids": []int64{w.users["sales1"]}},
			{"name": "别人的", "owner_id": w.users["sales3"]},
		} {
			sc := w.sales1
			if i >= 2 {
				sc = w.admin
			}
			if _, err := w.svc.Create(ctx, sc, w.customers, in); err != nil {
				t.Fatal(err)
			}
		}
		p, err := w.svc.List(ctx, w.sales1, w.customers, list.Query{})
		if err != nil || p.Total != 3 || len(p.Items) != 3 {
			t.Fatalf("sales1 sees %d rows, total %d (%v), want 3", len(p.Items), p.Total, err)
		}
		p, err = w.svc.List(ctx, w.manager, w.customers, list.Query{Q: "自己"})
		if err != nil || p.Total != 2 {
			t.Errorf("manager's search: total %d (%v), want 2", p.Total, err)
		}
		defer records.SetCountCap(1)()
		if p, err = w.svc.List(ctx, w.sales1, w.customers, list.Query{Limit: 1}); err != nil || p.Total != 2 {
			t.Errorf("capped scoped count: %d %v, want 2 (cap+1)", p.Total, err)
		}
	})
}
