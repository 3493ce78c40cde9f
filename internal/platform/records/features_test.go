package records_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

func TestMasking(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c, err := w.svc.Create(ctx, w.sales1, w.customers, records.Input{"name": "甲", "phone": "13800138000"})
		if err != nil {
			t.Fatal(err)
		}
		if c.String("phone") != "138****8000" || !c.Masked {
			t.Errorf("create result for a masked caller: %v %v", c.Values["phone"], c.Masked)
		}
		g, _ := w.svc.Get(ctx, w.sales1, w.customers, c.ID)
		p, _ := w.svc.List(ctx, w.sales1, w.customers, list.Query{})
		s, _ := w.svc.Search(ctx, w.sales1, w.customers, "13800138000", 5)
		if g.String("phone") != "138****8000" || p.Items[0].String("phone") != "138****8000" || len(s) != 1 || s[0].String("phone") != "138****8000" {
			t.Errorf("reads for a masked caller: %v / %v / %v", g.Values["phone"], p.Items[0].Values["phone"], s)
		}
		if a, _ := w.svc.Get(ctx, w.admin, w.customers, c.ID); a.String("phone") != "13800138000" || a.Masked {
			t.Errorf("unmasked for admin: %v", a.Values["phone"])
		}
		// The form sends the masked number back: the stored number stays.
		up, err := w.svc.Update(ctx, w.sales1, w.customers, c.ID, 1, records.Input{"phone": "138****8000", "note": "x"})
		if err != nil || up.Version != 2 {
			t.Fatalf("update with the masked echo: %v", err)
		}
		if a, _ := w.svc.Get(ctx, w.admin, w.customers, c.ID); a.String("phone") != "13800138000" {
			t.Errorf("the masked echo overwrote the phone: %v", a.Values["phone"])
		}
		// A new number is taken.
		if _, err := w.svc.Update(ctx, w.sales1, w.customers, c.ID, 2, records.Input{"phone": "13900139000"}); err != nil {
			t.Fatal(err)
		}
		if a, _ := w.svc.Get(ctx, w.admin, w.customers, c.ID); a.String("phone") != "13900139000" {
			t.Errorf("a new phone from a masked caller: %v", a.Values["phone"])
		}
		j, _ := json.Marshal(g)
		if !strings.Contains(string(j), `"phone":"138****8000"`) || !strings.Contains(string(j), `"masked":true`) {
			t.Errorf("JSON of a masked record: %s", j)
		}
		// The audit sensitive rules name the masked fields.
		rules := records.SensitiveAuditFields(w.reg)
		if len(rules) != 2 || rules[0].RecordType != "rt_customers" || rules[0].Field != "phone" || rules[0].Perm != "rtcust.unmask" {
			t.Errorf("sensitive audit fields %+v", rules)
		}
	})
}

func TestSearch(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		for _, in := range []records.Input{
			{"name": "杭州科技有限公司", "phone": "0571-8800-1234", "code": "HZ001"},
			{"name": "重庆银行股份有限公司", "phone": "13812345678"},
			{"name": "上海贸易有限公司"},
		} {
			if _, err := w.svc.Create(ctx, w.admin, w.customers, in); err != nil {
				t.Fatal(err)
			}
		}
		for q, want := range map[string][]string{
			"hzkj":          {"杭州科技有限公司"},
			"HZKJ":          {"杭州科技有限公司"},
			"hangzhoukeji":  {"杭州科技有限公司"},
			"cqyh":          {"重庆银行股份有限公司"},
			"科技":            {"杭州科技有限公司"},
			"88001234":      {"杭州科技有限公司"},
			"hz001":         {"杭州科技有限公司"},
			"1234":          {"杭州科技有限公司", "重庆银行股份有限公司"},
			"有限公司":          {"上海贸易有限公司", "杭州科技有限公司", "重庆银行股份有限公司"},
			"no such thing": nil,
		} {
			if got := searchNames(t, w, w.admin, w.customers, q); !slices.Equal(got, want) {
				t.Errorf("search %q: %v, want %v", q, got, want)
			}
			// q on the list goes through the same index.
			got := names(t, w, w.admin, w.customers, list.Query{Q: q})
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("list q=%q: %v, want %v", q, got, want)
			}
		}
		// An update of a searchable field updates the search text.
		c, _ := w.svc.Search(ctx, w.admin, w.customers, "shmy", 1)
		if _, err := w.svc.Update(ctx, w.admin, w.customers, c[0].ID, c[0].Version, records.Input{"name": "北京贸易有限公司"}); err != nil {
			t.Fatal(err)
		}
		if got := searchNames(t, w, w.admin, w.customers, "bjmy"); !slices.Equal(got, []string{"北京贸易有限公司"}) {
			t.Errorf("search after rename: %v", got)
		}
		if got := searchNames(t, w, w.admin, w.customers, "shmy"); got != nil {
			t.Errorf("old name still found: %v", got)
		}
		// An empty q lists the newest first; another tenant finds nothing.
		if rs, err := w.svc.Search(ctx, w.admin, w.customers, "", 2); err != nil || len(rs) != 2 || rs[0].ID < rs[1].ID {
			t.Errorf("empty search: %v", err)
		}
		if got := searchNames(t, w, w.other, w.customers, "hzkj"); got != nil {
			t.Errorf("another tenant's search: %v", got)
		}
		if rs, err := w.svc.Search(ctx, w.admin, w.customers, "有限公司", 2); err != nil || len(rs) != 2 || rs[0].Labels["owner_id"] != "用户admin" {
			t.Errorf("search limit and labels: %d %v", len(rs), err)
		}
	})
}

func TestDuplicateWarnings(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		first, err := w.svc.Create(ctx, w.sales3, w.customers, records.Input{"name": "杭州 科技", "phone": "+86 138-0013-8000"})
		if err != nil || len(first.Warnings) != 0 {
			t.Fatalf("first: %v %v", first.Warnings, err)
		}
		// Same name (folded) and same phone digits: two warnings, naming the record for whom may see it.
		dup, err := w.svc.Create(ctx, w.admin, w.customers, records.Input{"name": "杭州  科技", "phone": "8613800138000"})
		if err != nil {
			t.Fatal(err)
		}
		if len(dup.Warnings) != 2 || dup.Warnings[0].Code != "records.duplicate" || dup.Warnings[0].Field != "name" ||
			dup.Warnings[0].Data["ID"] != first.ID || dup.Warnings[0].Data["Name"] != "杭州 科技" || dup.Warnings[1].Field != "phone" {
			t.Errorf("warnings for admin: %+v", dup.Warnings)
		}
		// sales1 cannot see either: the warning does not name them.
		hidden, err := w.svc.Create(ctx, w.sales1, w.customers, records.Input{"name": "其他", "phone": "138 0013 8000"})
		if err != nil || len(hidden.Warnings) != 1 || hidden.Warnings[0].Code != "records.duplicate_hidden" || hidden.Warnings[0].Data != nil {
			t.Errorf("warnings for sales1: %+v %v", hidden.Warnings, err)
		}
		// The form's check while typing, and an edit that keeps its own value.
		ws, err := w.svc.Duplicates(ctx, w.admin, w.customers, records.Input{"name": "杭州科技", "phone": "13800138000"}, 0)
		if err != nil || len(ws) != 1 || ws[0].Field != "phone" {
			t.Errorf("Duplicates: %+v %v", ws, err)
		}
		if ws, _ := w.svc.Duplicates(ctx, w.admin, w.customers, records.Input{"name": "杭州 科技"}, first.ID); len(ws) != 1 {
			t.Errorf("Duplicates except the record: %+v (dup still has the name)", ws)
		}
		up, err := w.svc.Update(ctx, w.sales3, w.customers, first.ID, 1, records.Input{"name": "新名字"})
		if err != nil || len(up.Warnings) != 0 {
			t.Errorf("rename: %+v %v", up.Warnings, err)
		}
		if ws, _ := w.svc.Duplicates(ctx, w.admin, w.customers, records.Input{"name": "新名字"}, 0); len(ws) != 1 || ws[0].Data["ID"] != first.ID {
			t.Errorf("the renamed record's key: %+v", ws)
		}
		if err := w.svc.Delete(ctx, w.admin, w.customers, first.ID, 0); err != nil {
			t.Fatal(err)
		}
		if ws, _ := w.svc.Duplicates(ctx, w.admin, w.customers, records.Input{"name": "新名字"}, 0); len(ws) != 0 {
			t.Errorf("a deleted record's key: %+v", ws)
		}
		j, _ := json.Marshal(dup)
		if !strings.Contains(string(j), `"warnings":[{"field":"name","code":"records.duplicate","data":{"ID":`) {
			t.Errorf("JSON warnings: %s", j)
		}
	})
}

func TestTrees(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		mk := func(name string, parent int64) records.Record {
			t.Helper()
			in := records.Input{"name": name}
			if parent != 0 {
				in["parent_id"] = parent
			}
			r, err := w.svc.Create(ctx, w.admin, w.groups, in)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			return r
		}
		a := mk("A", 0)
		b := mk("B", a.ID)
		c := mk("C", b.ID)
		if _, err := w.svc.Create(ctx, w.admin, w.groups, records.Input{"name": "D", "parent_id": c.ID}); code(err) != "parent_id=field.tree_depth" {
			t.Errorf("fourth level: %v", err)
		}
		if _, err := w.svc.Update(ctx, w.admin, w.groups, a.ID, 1, records.Input{"parent_id": c.ID}); code(err) != "parent_id=field.tree_cycle" {
			t.Errorf("cycle: %v", err)
		}
		if _, err := w.svc.Update(ctx, w.admin, w.groups, a.ID, 1, records.Input{"parent_id": a.ID}); code(err) != "parent_id=field.tree_cycle" {
			t.Errorf("own parent: %v", err)
		}
		x := mk("X", 0)
		// Moving B (with C below) under X is fine; under a new second-level node is too deep.
		if _, err := w.svc.Update(ctx, w.admin, w.groups, b.ID, 1, records.Input{"parent_id": x.ID}); err != nil {
			t.Errorf("move a subtree: %v", err)
		}
		y := mk("Y", x.ID)
		if _, err := w.svc.Update(ctx, w.admin, w.groups, b.ID, 2, records.Input{"parent_id": y.ID}); code(err) != "parent_id=field.tree_depth" {
			t.Errorf("a subtree moved too deep: %v", err)
		}
		if err := w.svc.Delete(ctx, w.admin, w.groups, x.ID, 0); code(err) != "records.in_use" {
			t.Errorf("delete a node with children: %v", err)
		} else if e, _ := errs.As(err); e.Data["Reason"] != "仍有分组引用它" {
			t.Errorf("reason %v", e.Data)
		}
		if b2, _ := w.svc.Get(ctx, w.admin, w.groups, b.ID); b2.Labels["parent_id"] != "X" {
			t.Errorf("parent label %v", b2.Labels)
		}
	})
}

func TestDryRunAndCreateTx(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		rollback := errs.Conflict("dry run")
		err := w.d.InTx(records.DryRun(ctx), func(tx *db.Tx) error {
			r, err := w.svc.CreateTx(records.DryRun(ctx), tx, w.admin, w.customers, records.Input{"name": "试运行", "code": "D1"})
			if err != nil || r.ID == 0 {
				t.Errorf("dry-run create: %v", err)
			}
			if _, err := w.svc.CreateTx(records.DryRun(ctx), tx, w.admin, w.customers, records.Input{"name": "试运行2", "code": "D1"}); code(err) != "code=field.taken" {
				t.Errorf("dry run sees its own rows: %v", err)
			}
			var text string
			if err := tx.Get(ctx, &text, `SELECT search_text FROM rt_customers WHERE id = ?`, r.ID); err != nil || text != "" {
				t.Errorf("dry run computed the search text %q %v", text, err)
			}
			up, err := w.svc.UpdateTx(records.DryRun(ctx), tx, w.admin, w.customers, r.ID, 0, records.Input{"note": "x"})
			if err != nil || up.Version != 2 {
				t.Errorf("dry-run update: %v", err)
			}
			return rollback
		})
		if err != rollback {
			t.Fatal(err)
		}
		if n := count(t, w, "rt_customers"); n != 0 {
			t.Errorf("a rolled back dry run left %d rows", n)
		}
		var n int
		_ = db.Tenant(w.d.Read(), w.tenant).Get(ctx, &n, `SELECT count(*) FROM audit_log WHERE tenant_id = ? AND record_type = 'rt_customers'`, w.tenant)
		if n != 0 {
			t.Errorf("dry run wrote %d audit rows", n)
		}
		// CreateTx in an import: many rows, one transaction; a reference by
		// code resolved with FindBy inside it.
		err = w.d.InTx(ctx, func(tx *db.Tx) error {
			for i := 0; i < 5; i++ {
				if _, err := w.svc.CreateTx(ctx, tx, w.admin, w.customers, records.Input{"name": "导入" + itoa(int64(i)), "code": "I" + itoa(int64(i))}); err != nil {
					return err
				}
			}
			cust, ok, err := w.svc.FindBy(ctx, tx, w.admin, w.customers, "code", "I3")
			if err != nil || !ok {
				t.Fatalf("FindBy in the import: %v %v", ok, err)
			}
			_, err = w.svc.CreateTx(ctx, tx, w.admin, w.contac, records.Input{"customer_id": cust.ID, "name": "联系人"})
			return err
		})
		if err != nil || count(t, w, "rt_customers") != 5 || count(t, w, "rt_contacts") != 1 {
			t.Errorf("import: %v", err)
		}
	})
}

func TestBatchWritesSearchTexts(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		var updated int64
		err := w.d.InTx(ctx, func(tx *db.Tx) error {
			return w.svc.Batch(ctx, tx, func(ctx context.Context) error {
				for i := 0; i < 1203; i++ { // more than two chunks
					r, err := w.svc.CreateTx(ctx, tx, w.admin, w.customers, records.Input{"name": "批量客户" + itoa(int64(i)), "code": "B" + itoa(int64(i))})
					if err != nil {
						return err
					}
					if i == 1201 {
						updated = r.ID
					}
				}
				_, err := w.svc.UpdateTx(ctx, tx, w.admin, w.customers, updated, 0, records.Input{"name": "改名杭州科技"})
				return err
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int{"b1202": 1, "b0": 1, "b1000": 1, "plkh": 50, "gmhzkj": 1, "批量客户1201": 0} {
			rs, err := w.svc.Search(ctx, w.admin, w.customers, q, 50)
			if err != nil || len(rs) != want {
				t.Errorf("search %q after a batch: %d hits, want %d (%v)", q, len(rs), want, err)
			}
		}
		var empty int
		_ = db.Tenant(w.d.Read(), w.tenant).Get(ctx, &empty, `SELECT count(*) FROM rt_customers WHERE tenant_id = ? AND search_text = ''`, w.tenant)
		if empty != 0 {
			t.Errorf("%d rows without search text", empty)
		}
	})
}

// The exported derivations are what the engine writes.
func TestDerivedColumnsMatchTheEngine(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c, err := w.svc.Create(ctx, w.admin, w.customers, records.Input{"name": "杭州星辰科技有限公司", "phone": "+86 138-1234-5678", "code": "X1"})
		if err != nil {
			t.Fatal(err)
		}
		var text string
		_ = w.d.Read().Get(ctx, &text, `SELECT search_text FROM rt_customers WHERE id = ?`, c.ID)
		if want := records.SearchText(w.customers, c.Values); text != want || !strings.Contains(text, "hzxckjyxgs|") {
			t.Errorf("search text %q, SearchText %q", text, want)
		}
		var keys []struct {
			Field string `db:"field"`
			Value string `db:"value"`
		}
		_ = w.d.Read().Select(ctx, &keys, `SELECT field, value FROM record_keys WHERE record_id = ? ORDER BY field`, c.ID)
		want := records.DuplicateKeys(w.customers, c.Values)
		if len(keys) != 2 || len(want) != 2 || want["phone"] != "p:13812345678" {
			t.Fatalf("keys %v, DuplicateKeys %v", keys, want)
		}
		for _, k := range keys {
			if want[k.Field] != k.Value {
				t.Errorf("key %s=%s, DuplicateKeys %v", k.Field, k.Value, want)
			}
		}
	})
}
