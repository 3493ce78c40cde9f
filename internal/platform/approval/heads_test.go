package approval_test

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/recordtest"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// A "department head" level goes to the head of the submitter's
// department; a head's own document goes to the head above; a department
// without a head, or a chain that ends at the submitter, refuses the
// submission. The head must be an active staff user of the tenant.
func TestDeptHeadLevel(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		w := recordtest.New(t, d, recordtest.Options{Perms: recordtest.Registry(approval.ModuleDefs())})
		x := &world{ctx: t.Context(), d: d, svc: approval.New(d)}
		x.admin = w.CreateTenant(org.TenantInput{Code: "heads", Name: "负责人测试"})
		var users [4]identity.User
		users[0], x.mgr1 = w.AddUser(x.admin, recordtest.User{Username: "mgr1", DisplayName: "经理一", Role: "manager"})
		users[1], x.mgr2 = w.AddUser(x.admin, recordtest.User{Username: "mgr2", DisplayName: "经理二", Role: "manager"})
		users[2], x.fin = w.AddUser(x.admin, recordtest.User{Username: "fin1", DisplayName: "财务", Role: "finance"})
		users[3], x.me = w.AddUser(x.admin, recordtest.User{Username: "buyer", DisplayName: "采购员", Role: "warehouse"})
		depts, err := w.Org.Departments(x.ctx, x.admin)
		if err != nil {
			t.Fatal(err)
		}
		root := depts[0]
		id := func(sc tenant.Scope) *int64 { v := sc.Actor(); return &v }
		if _, err := w.Org.UpdateDepartment(x.ctx, x.admin, root.ID, root.Version, org.DeptInput{Name: root.Name, HeadUserID: id(x.fin)}); err != nil {
			t.Fatal(err)
		}
		buying, err := w.Org.CreateDepartment(x.ctx, x.admin, org.DeptInput{ParentID: &root.ID, Name: "采购部", HeadUserID: id(x.mgr1)})
		if err != nil || buying.HeadUserID == nil || buying.HeadName != "经理一" {
			t.Fatalf("create with a head: %+v %v", buying, err)
		}
		store, err := w.Org.CreateDepartment(x.ctx, x.admin, org.DeptInput{ParentID: &root.ID, Name: "仓储部"})
		if err != nil {
			t.Fatal(err)
		}
		move := func(u identity.User, dept int64) {
			if _, err := w.IDs.Update(x.ctx, x.admin, u.ID, u.Version, identity.UserInput{DepartmentID: &dept}); err != nil {
				t.Fatal(err)
			}
		}
		move(users[3], buying.ID)
		move(users[0], buying.ID)
		move(users[1], store.ID)
		move(users[2], root.ID)

		x.rule(t, approval.Rule{DocType: "purchase_order", Name: "部门负责人", Levels: []approval.Level{{DeptHead: true}}})
		doc := func(id int64) approval.Doc { return approval.Doc{Type: "purchase_order", ID: id} }
		if _, err := x.submit(t, x.me, doc(1)); err != nil {
			t.Fatal(err)
		}
		if got := x.inbox(t, x.mgr1); len(got) != 1 || got[0] != 1 {
			t.Errorf("the buyer's head's inbox %v", got)
		}
		if got := x.inbox(t, x.fin); len(got) != 0 {
			t.Errorf("the head above sees the buyer's order: %v", got)
		}
		// The head of 采购部 submits: the company's head approves.
		if _, err := x.submit(t, x.mgr1, doc(2)); err != nil {
			t.Fatal(err)
		}
		if got := x.inbox(t, x.fin); len(got) != 1 || got[0] != 2 {
			t.Errorf("the company head's inbox %v", got)
		}
		// The company's head has nobody above; 仓储部 has no head.
		if _, err := x.submit(t, x.fin, doc(3)); code(err) != "approval.no_approvers" {
			t.Errorf("the top head's own order: %v", err)
		}
		if _, err := x.submit(t, x.mgr2, doc(4)); code(err) != "approval.no_approvers" {
			t.Errorf("a department without a head: %v", err)
		}

		// A head from another tenant, or nobody at all, is refused.
		other := w.CreateTenant(org.TenantInput{Code: "heads2", Name: "另一家"})
		_, err = w.Org.CreateDepartment(x.ctx, x.admin, org.DeptInput{ParentID: &root.ID, Name: "间谍", HeadUserID: id(other)})
		if e, ok := errs.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Field != "head_user_id" || e.Fields[0].Code != "field.unknown" {
			t.Errorf("another tenant's user as head: %v", err)
		}
	}, approval.MigrationSet())
}

// Each level names exactly one kind of approver: a role, users or the
// department head; unknown roles and users are refused field by field.
func TestLevelKinds(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newWorld(t, d)
		_, err := x.svc.SaveRule(x.ctx, x.admin, approval.Rule{DocType: "purchase_order", Name: "x",
			Levels: []approval.Level{{Role: "manager", DeptHead: true}, {}, {Role: "astronaut"}, {Users: []int64{x.me.Actor(), 999999}}}})
		got := fields(err)
		want := map[string]string{"levels[0]": "approval.level_one_kind", "levels[1]": "approval.level_no_approvers",
			"levels[2].role": "field.unknown", "levels[3].users": "field.unknown"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %q, want %q (all: %v)", k, got[k], v, got)
			}
		}
		if len(got) != len(want) {
			t.Errorf("field errors %v, want %v", got, want)
		}
		var n int
		if err := db.Tenant(d.Read(), x.admin.Tenant()).Get(x.ctx, &n, `SELECT count(*) FROM approval_rules WHERE tenant_id = ?`, x.admin.Tenant()); err != nil || n != 0 {
			t.Errorf("%d rules saved from invalid input (%v)", n, err)
		}
	}, approval.MigrationSet())
}

func fields(err error) map[string]string {
	got := map[string]string{}
	if e, ok := errs.As(err); ok {
		for _, f := range e.Fields {
			got[f.Field] = f.Code
		}
	}
	return got
}
