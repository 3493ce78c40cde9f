package records_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

type auditRow struct {
	Action  string `db:"action"`
	Record  int64  `db:"record_id"`
	Changes string `db:"changes"`
}

func audits(t *testing.T, w *world, recordType string, id int64) []auditRow {
	t.Helper()
	var rows []auditRow
	if err := db.Tenant(w.d.Read(), w.tenant).Select(context.Background(), &rows, `SELECT action, record_id, changes FROM audit_log
		WHERE tenant_id = ? AND record_type = ? AND record_id = ? ORDER BY id`, w.tenant, recordType, id); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestCreateGetUpdateDelete(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		grp, err := w.svc.Create(ctx, w.admin, w.groups, records.Input{"name": "华东"})
		if err != nil {
			t.Fatal(err)
		}
		in := records.Input{
			"name": " 杭州科技有限公司 ", "phone": "0571-8800 1234", "email": "buyer@hzkj.cn", "website": "https://hzkj.cn",
			"color": "#1677FF", "source": "expo", "region": "zj_hz", "tags": []any{"a", "b", "a"}, "group_id": float64(grp.ID),
			"sales_rep": w.users["sales1"], "credit_limit": "12000.50", "employees": json.Number("120"), "since": "2024-03-01",
			"blacklisted": "false", "note": "多行\n备注", "tax_id": "91350100M000100Y43",
		}
		c, err := w.svc.Create(ctx, w.admin, w.customers, in)
		if err != nil {
			t.Fatalf("create: %v", err)
		}
		if c.ID == 0 || c.Version != 1 || c.String("code") != "C00001" || c.Name(w.customers) != "杭州科技有限公司" {
			t.Errorf("created %+v", c)
		}
		if c.String("kind") != "organisation" || c.String("color") != "#1677ff" || c.OwnerID != w.users["admin"] || c.DepartmentID != w.company {
			t.Errorf("defaults, normalisation, owner: %+v", c)
		}
		if got := c.Values["tags"].([]string); strings.Join(got, ",") != "a,b" {
			t.Errorf("tags %v", got)
		}
		if a := c.Values["credit_limit"].(money.Amount); a.String() != "12000.50" {
			t.Errorf("credit limit %v", a)
		}
		if c.Labels["group_id"] != "华东" || c.Labels["source"] != "展会" || c.Labels["sales_rep"] != "用户sales1" || c.Labels["owner_id"] != "用户admin" {
			t.Errorf("labels %v", c.Labels)
		}
		got, err := w.svc.Get(ctx, w.admin, w.customers, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range c.Values {
			if k == "credit_limit" {
				if got.Values[k].(money.Amount).String() != v.(money.Amount).String() {
					t.Errorf("read back %s: %v, want %v", k, got.Values[k], v)
				}
				continue
			}
			if js(got.Values[k]) != js(v) {
				t.Errorf("read back %s: %v, want %v", k, got.Values[k], v)
			}
		}
		if got.Labels["region"] != "dict.rt_region.zj_hz" || got.Labels["tags"] != "dict.rt_tag.a、dict.rt_tag.b" {
			t.Errorf("dictionary labels without catalog entries: %v", got.Labels)
		}
		if ac := audits(t, w, "rt_customers", c.ID); len(ac) != 1 || ac[0].Action != "rt_customers.create" ||
			!strings.Contains(ac[0].Changes, `"field":"name","before":null,"after":"杭州科技有限公司"`) ||
			!strings.Contains(ac[0].Changes, `"field":"credit_limit","before":null,"after":"12000.50"`) {
			t.Errorf("create audit %+v", ac)
		}

		// Update writes only what changed, bumps the version and audits the diff.
		up, err := w.svc.Update(ctx, w.admin, w.customers, c.ID, 1, records.Input{"note": "", "employees": 130, "name": "杭州科技有限公司"})
		if err != nil {
			t.Fatal(err)
		}
		if up.Version != 2 || up.Values["note"] != nil || up.Values["employees"] != int64(130) || up.String("phone") != "0571-8800 1234" {
			t.Errorf("updated %+v", up)
		}
		ac := audits(t, w, "rt_customers", c.ID)
		if len(ac) != 2 || ac[1].Action != "rt_customers.update" || strings.Contains(ac[1].Changes, `"name"`) ||
			!strings.Contains(ac[1].Changes, `{"field":"note","before":"多行\n备注","after":null}`) ||
			!strings.Contains(ac[1].Changes, `{"field":"employees","before":120,"after":130}`) {
			t.Errorf("update audit %+v", ac)
		}
		// A save that changes nothing keeps the version and writes no audit row.
		same, err := w.svc.Update(ctx, w.admin, w.customers, c.ID, 2, records.Input{"employees": "130"})
		if err != nil || same.Version != 2 || len(audits(t, w, "rt_customers", c.ID)) != 2 {
			t.Errorf("no-op update: %v %v", same.Version, err)
		}
		// Stale versions are refused and change nothing.
		if _, err := w.svc.Update(ctx, w.admin, w.customers, c.ID, 1, records.Input{"employees": 1}); errs.KindOf(err) != errs.KindStale {
			t.Errorf("stale update: %v", err)
		}
		if err := w.svc.Delete(ctx, w.admin, w.customers, c.ID, 1); errs.KindOf(err) != errs.KindStale {
			t.Errorf("stale delete: %v", err)
		}
		// The group is in use by the customer.
		if err := w.svc.Delete(ctx, w.admin, w.groups, grp.ID, grp.Version); code(err) != "records.in_use" {
			t.Errorf("delete a referenced group: %v", err)
		} else if e, _ := errs.As(err); e.Data["Reason"] != "仍有rt_customers引用它" {
			t.Errorf("in-use reason %v", e.Data)
		}
		if err := w.svc.Delete(ctx, w.admin, w.customers, c.ID, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Get(ctx, w.admin, w.customers, c.ID); errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("get after delete: %v", err)
		}
		if ac := audits(t, w, "rt_customers", c.ID); len(ac) != 3 || ac[2].Action != "rt_customers.delete" ||
			!strings.Contains(ac[2].Changes, `"field":"name","before":"杭州科技有限公司","after":null`) {
			t.Errorf("delete audit %+v", ac)
		}
		if err := w.svc.Delete(ctx, w.admin, w.groups, grp.ID, grp.Version); err != nil {
			t.Errorf("delete an unused group: %v", err)
		}
		// Permissions.
		if _, err := w.svc.Create(ctx, w.readonly, w.customers, records.Input{"name": "x"}); errs.KindOf(err) != errs.KindForbidden {
			t.Errorf("create without permission: %v", err)
		}
		// Another tenant sees nothing.
		c2, _ := w.svc.Create(ctx, w.admin, w.customers, records.Input{"name": "Other"})
		if _, err := w.svc.Get(ctx, w.other, w.customers, c2.ID); errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("another tenant's get: %v", err)
		}
		if _, err := w.svc.Update(ctx, w.other, w.customers, c2.ID, 1, records.Input{"name": "y"}); errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("another tenant's update: %v", err)
		}
		if err := w.svc.Delete(ctx, w.other, w.customers, c2.ID, 1); errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("another tenant's delete: %v", err)
		}
	})
}

func js(v any) string { b, _ := json.Marshal(v); return string(b) }
