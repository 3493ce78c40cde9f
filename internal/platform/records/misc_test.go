package records_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

func TestAttachments(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		mine, _ := w.svc.Create(ctx, w.sales1, w.customers, records.Input{"name": "甲"})
		theirs, _ := w.svc.Create(ctx, w.sales3, w.customers, records.Input{"name": "乙"})
		data := bytes.Repeat([]byte("合同"), 1000)
		a, err := w.svc.Attach(ctx, w.sales1, w.customers, mine.ID, `C:\docs\合同.pdf`, "application/pdf", data)
		if err != nil || a.Filename != "合同.pdf" || a.Size != int64(len(data)) || a.CreatedBy != w.users["sales1"] {
			t.Fatalf("attach: %+v %v", a, err)
		}
		list, err := w.svc.Attachments(ctx, w.manager, w.customers, mine.ID)
		if err != nil || len(list) != 1 || list[0].ID != a.ID || list[0].ContentType != "application/pdf" {
			t.Errorf("list: %+v %v", list, err)
		}
		got, body, err := w.svc.AttachmentData(ctx, w.sales1, w.customers, mine.ID, a.ID)
		if err != nil || !bytes.Equal(body, data) || got.Filename != "合同.pdf" {
			t.Errorf("data: %v", err)
		}
		for what, err := range map[string]error{
			"attach to an invisible record": func() error {
				_, err := w.svc.Attach(ctx, w.sales1, w.customers, theirs.ID, "x.txt", "", []byte("x"))
				return err
			}(),
			"list an invisible record's files": func() error { _, err := w.svc.Attachments(ctx, w.sales3, w.customers, mine.ID); return err }(),
			"read through another record": func() error {
				_, _, err := w.svc.AttachmentData(ctx, w.sales3, w.customers, theirs.ID, a.ID)
				return err
			}(),
			"another tenant": func() error { _, _, err := w.svc.AttachmentData(ctx, w.other, w.customers, mine.ID, a.ID); return err }(),
		} {
			if errs.KindOf(err) != errs.KindNotFound {
				t.Errorf("%s: %v", what, err)
			}
		}
		if _, err := w.svc.Attach(ctx, w.readonly, w.customers, mine.ID, "x", "", []byte("x")); errs.KindOf(err) != errs.KindForbidden {
			t.Errorf("attach without edit: %v", err)
		}
		if _, err := w.svc.Attach(ctx, w.sales1, w.customers, mine.ID, "big.bin", "", make([]byte, records.MaxAttachment+1)); code(err) != "file=records.file_too_large" {
			t.Errorf("too large: %v", err)
		}
		if _, err := w.svc.Attach(ctx, w.sales1, w.customers, mine.ID, "empty", "", nil); code(err) != "file=field.required" {
			t.Errorf("empty: %v", err)
		}
		if err := w.svc.DeleteAttachment(ctx, w.sales3, w.customers, theirs.ID, a.ID); errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("delete through another record: %v", err)
		}
		if err := w.svc.DeleteAttachment(ctx, w.sales1, w.customers, mine.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := w.svc.Attachments(ctx, w.sales1, w.customers, mine.ID); len(list) != 0 {
			t.Errorf("after delete: %+v", list)
		}
		acts := audits(t, w, "rt_customers", mine.ID)
		if len(acts) != 3 || acts[1].Action != "rt_customers.attach" || acts[2].Action != "rt_customers.detach" {
			t.Errorf("audit %+v", acts)
		}
		// Deleting a record removes its files.
		_, _ = w.svc.Attach(ctx, w.sales1, w.customers, mine.ID, "a.txt", "text/plain", []byte("a"))
		if err := w.svc.Delete(ctx, w.sales1, w.customers, mine.ID, 0); err != nil {
			t.Fatal(err)
		}
		if n := count(t, w, "attachments"); n != 0 {
			t.Errorf("%d files left after deleting the record", n)
		}
	})
}

func TestReassignOnDisable(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		var ids []int64
		for _, n := range []string{"甲", "乙"} {
			r, err := w.svc.Create(ctx, w.sales1, w.customers, records.Input{"name": n})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.ID)
		}
		_, _ = w.svc.Create(ctx, w.sales2, w.customers, records.Input{"name": "丙"})
		owned, err := w.ids.OwnedRecords(ctx, w.admin, w.users["sales1"])
		if err != nil || len(owned) != 1 || owned[0].RecordType != "rt_customers" || owned[0].Count != 2 {
			t.Fatalf("owned: %+v %v", owned, err)
		}
		if _, err := w.ids.Disable(ctx, w.admin, w.users["sales1"], 1, w.users["sales3"]); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			r, err := w.svc.Get(ctx, w.admin, w.customers, id)
			if err != nil || r.OwnerID != w.users["sales3"] || r.DepartmentID != w.deptB || r.Version != 2 {
				t.Errorf("moved record: %+v %v", r, err)
			}
			acts := audits(t, w, "rt_customers", id)
			if len(acts) != 2 || acts[1].Action != "rt_customers.reassign" || !strings.Contains(acts[1].Changes, `"field":"department_id"`) {
				t.Errorf("reassign audit %+v", acts)
			}
		}
		if owned, _ := w.ids.OwnedRecords(ctx, w.admin, w.users["sales2"]); owned[0].Count != 1 {
			t.Errorf("another user's records moved: %+v", owned)
		}
	})
}

func TestCheckSchema(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		if err := records.CheckSchema(ctx, w.d, w.reg); err != nil {
			t.Fatalf("the test tables: %v", err)
		}
		bad := &records.Registry{}
		bad.Add(&records.Type{Key: "rt_groups", Module: "x", Fields: []records.Field{
			{Name: "name", Kind: records.Text}, {Name: "parent_id", Kind: records.Text}, {Name: "missing", Kind: records.Int, Search: true}}},
			&records.Type{Key: "rt_nothing", Module: "x", Fields: []records.Field{{Name: "name", Kind: records.Text}}})
		err := records.CheckSchema(ctx, w.d, bad)
		for _, want := range []string{"rt_groups.parent_id: type", "rt_groups.missing: missing", "rt_groups.search_text: missing",
			"rt_groups: search_text has no search index", "rt_nothing: no such table"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("CheckSchema misses %q: %v", want, err)
			}
		}
	})
}

func TestRecordJSON(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c, err := w.svc.Create(ctx, w.admin, w.customers, records.Input{"name": "甲", "credit_limit": "10.5", "tags": "a", "source": "expo",
			"since": "2025-01-01", "shared_user_ids": []int64{w.users["sales1"]}})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, want := range []string{`{"id":`, `"version":1,"created_at":"`, `"code":"C00001","name":"甲","kind":"organisation","tax_id":null`,
			`"credit_limit":"10.50"`, `"tags":["a"]`, `"since":"2025-01-01"`, `"blacklisted":false`,
			`"owner_id":` + itoa(w.users["admin"]), `"shared_user_ids":[` + itoa(w.users["sales1"]) + `],"shared_department_ids":[]`,
			`"source_label":"展会"`, `"kind_label":"rt_customers.kind.organisation"`, `"owner_id_label":"用户admin"`} {
			if !strings.Contains(s, want) {
				t.Errorf("JSON lacks %s: %s", want, s)
			}
		}
		if strings.Contains(s, "warnings") || strings.Contains(s, "masked") {
			t.Errorf("JSON has empty extras: %s", s)
		}
		var back map[string]any
		if err := json.Unmarshal(b, &back); err != nil || back["name"] != "甲" {
			t.Errorf("JSON is not an object: %v", err)
		}
	})
}

func TestRegistryChecks(t *testing.T) {
	d := testdb.SQLite(t, records.MigrationSet())
	for name, typ := range map[string]*records.Type{
		"ref to an unknown type": {Key: "x", Module: "m", Fields: []records.Field{{Name: "name", Kind: records.Text}, {Name: "r", Kind: records.Ref, Ref: "nope"}}},
		"unknown dictionary":     {Key: "x", Module: "m", Fields: []records.Field{{Name: "name", Kind: records.Text}, {Name: "d", Kind: records.Dict, Dict: "nope"}}},
		"unsafe field name":      {Key: "x", Module: "m", Fields: []records.Field{{Name: "name; drop", Kind: records.Text}}},
		"reserved field name":    {Key: "x", Module: "m", Fields: []records.Field{{Name: "name", Kind: records.Text}, {Name: "owner_id", Kind: records.Int}}},
		"no name field":          {Key: "x", Module: "m", Fields: []records.Field{{Name: "title", Kind: records.Text}}},
		"no module":              {Key: "x", Fields: []records.Field{{Name: "name", Kind: records.Text}}},
		"bad parent":             {Key: "x", Module: "m", Parent: "name", Fields: []records.Field{{Name: "name", Kind: records.Text}}},
		"enum without values":    {Key: "x", Module: "m", Fields: []records.Field{{Name: "name", Kind: records.Text}, {Name: "e", Kind: records.Enum}}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: New did not panic", name)
				}
			}()
			reg := &records.Registry{}
			reg.Add(typ)
			records.New(d, reg, nil, nil, nil)
		}()
	}
}

func TestCatalogComplete(t *testing.T) {
	cat, err := i18n.New(records.Locales())
	if err != nil {
		t.Fatal(err)
	}
	i18n.CheckComplete(t, cat)
	// Every code the engine returns has a message in both languages.
	for _, id := range []string{"field.required", "field.too_long", "field.invalid", "field.invalid_email", "field.invalid_phone",
		"field.invalid_tax_id", "field.invalid_url", "field.invalid_color", "field.invalid_choice", "field.invalid_date",
		"field.not_number", "field.too_many_decimals", "field.min", "field.unknown", "field.unknown_ref", "field.taken",
		"field.tree_cycle", "field.tree_depth", "field.immutable", "records.duplicate", "records.duplicate_hidden",
		"records.in_use", "records.used_by", "records.dict_no_delete", "records.file_too_large", "module.dictionaries"} {
		for _, l := range i18n.Supported {
			if !cat.Has(l, id) {
				t.Errorf("%s has no %s message", l, id)
			}
		}
	}
	for _, f := range records.DictItems.Fields {
		if !cat.Has("en", f.LabelKey(records.DictItems)) {
			t.Errorf("no label for dict_items.%s", f.Name)
		}
	}
}

func TestTenantCreationSeedsDictionaries(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		var platform int64
		if err := w.d.Read().Get(ctx, &platform, `SELECT id FROM tenants WHERE code = ''`); err != nil {
			t.Fatal(err)
		}
		cat, _ := i18n.New(records.Locales())
		o := org.New(w.d, w.ids, w.ids.AccessService(), cat)
		o.OnTenantCreate(w.svc.SeedDicts) // what the application wires
		op := tenant.NewScope(tenant.Params{TenantID: platform, ActorName: "operator", Operator: true})
		tn, err := o.CreateTenant(ctx, op, org.TenantInput{Code: "third", Name: "第三", AdminUsername: "boss", AdminPassword: "Boss-pass-2026"})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		_ = db.Tenant(w.d.Read(), tn.ID).Get(ctx, &n, `SELECT count(*) FROM dict_items WHERE tenant_id = ?`, tn.ID)
		if n != 10 {
			t.Errorf("%d items seeded for a new tenant", n)
		}
	})
}

func TestInUseHook(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		g, _, _ := testTypes()
		g.Hooks.InUse = func(ctx context.Context, q db.Querier, sc tenant.Scope, id int64) (string, error) {
			var name string
			err := db.Tenant(q, sc.Tenant()).Get(ctx, &name, `SELECT name FROM rt_groups WHERE tenant_id = ? AND id = ?`, sc.Tenant(), id)
			if name == "locked" {
				return "rt_groups.title", err
			}
			return "", err
		}
		reg := &records.Registry{}
		reg.Add(g)
		cat, _ := i18n.New(records.Locales(), testCatalog)
		svc := records.New(w.d, reg, nil, cat, nil)
		locked, _ := svc.Create(ctx, w.admin, g, records.Input{"name": "locked"})
		free, _ := svc.Create(ctx, w.admin, g, records.Input{"name": "free"})
		err := svc.Delete(ctx, w.admin, g, locked.ID, 1)
		if e, ok := errs.As(err); !ok || e.Code != "records.in_use" || e.Data["Reason"] != "分组" {
			t.Errorf("InUse hook: %v", err)
		}
		if err := svc.Delete(ctx, w.admin, g, free.ID, 1); err != nil {
			t.Errorf("delete a free record: %v", err)
		}
	})
}
