package records_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

func count(t *testing.T, w *world, table string) int {
	t.Helper()
	var n int
	if err := db.Tenant(w.d.Read(), w.tenant).Get(context.Background(), &n, "SELECT count(*) FROM "+table+" WHERE tenant_id = ?", w.tenant); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestValidationCodes(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		first, err := w.svc.Create(ctx, w.admin, w.customers, records.Input{"name": "甲", "code": "K1", "vip_code": "V1"})
		if err != nil {
			t.Fatal(err)
		}
		// The inactive source item and the disabled user.
		web, ok, err := w.svc.FindBy(ctx, w.d.Read(), w.admin, records.DictItems, "code", "web")
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		if _, err := w.svc.Update(ctx, w.admin, records.DictItems, web.ID, web.Version, records.Input{"active": false}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			in   records.Input
			want string
		}{
			{"required", records.Input{"name": "  "}, "name=field.required"},
			{"too long", records.Input{"name": strings.Repeat("长", 201)}, "name=field.too_long"},
			{"max len", records.Input{"name": "x", "vip_code": "12345678901"}, "vip_code=field.too_long"},
			{"email", records.Input{"name": "x", "email": "a@b"}, "email=field.invalid_email"},
			{"phone letters", records.Input{"name": "x", "phone": "138abc"}, "phone=field.invalid_phone"},
			{"phone short", records.Input{"name": "x", "phone": "1234"}, "phone=field.invalid_phone"},
			{"phone long", records.Input{"name": "x", "phone": "123456789012345678901"}, "phone=field.invalid_phone"},
			{"tax id check digit", records.Input{"name": "x", "tax_id": "91350100M000100Y44"}, "tax_id=field.invalid_tax_id"},
			{"tax id short", records.Input{"name": "x", "tax_id": "12345678901234"}, "tax_id=field.invalid_tax_id"},
			{"tax id chars", records.Input{"name": "x", "tax_id": "1234567890-12345"}, "tax_id=field.invalid_tax_id"},
			{"url scheme", records.Input{"name": "x", "website": "ftp://a.cn"}, "website=field.invalid_url"},
			{"url relative", records.Input{"name": "x", "website": "/a"}, "website=field.invalid_url"},
			{"color", records.Input{"name": "x", "color": "red"}, "color=field.invalid_color"},
			{"enum", records.Input{"name": "x", "kind": "company"}, "kind=field.invalid_choice"},
			{"dict unknown", records.Input{"name": "x", "source": "tv"}, "source=field.unknown"},
			{"dict inactive", records.Input{"name": "x", "source": "web"}, "source=field.unknown"},
			{"tags unknown", records.Input{"name": "x", "tags": "a,zz"}, "tags=field.unknown"},
			{"ref unknown", records.Input{"name": "x", "group_id": 999999}, "group_id=field.unknown_ref"},
			{"ref negative", records.Input{"name": "x", "group_id": -1}, "group_id=field.unknown_ref"},
			{"user disabled", records.Input{"name": "x", "sales_rep": w.users["gone"]}, "sales_rep=field.unknown"},
			{"user of another tenant", records.Input{"name": "x", "sales_rep": w.other.Actor()}, "sales_rep=field.unknown"},
			{"int", records.Input{"name": "x", "employees": "12.5"}, "employees=field.not_number"},
			{"int min", records.Input{"name": "x", "employees": -1}, "employees=field.min"},
			{"decimal", records.Input{"name": "x", "credit_limit": "1,2,3x"}, "credit_limit=field.not_number"},
			{"decimal places", records.Input{"name": "x", "credit_limit": "1.23456"}, "credit_limit=field.too_many_decimals"},
			{"decimal min", records.Input{"name": "x", "credit_limit": "-0.01"}, "credit_limit=field.min"},
			{"date", records.Input{"name": "x", "since": "2026-02-30"}, "since=field.invalid_date"},
			{"date format", records.Input{"name": "x", "since": "2026/02/03"}, "since=field.invalid_date"},
			{"bool", records.Input{"name": "x", "blacklisted": "maybe"}, "blacklisted=field.invalid"},
			{"code taken", records.Input{"name": "x", "code": "K1"}, "code=field.taken"},
			{"unique taken", records.Input{"name": "x", "vip_code": "V1"}, "vip_code=field.taken"},
			{"owner disabled", records.Input{"name": "x", "owner_id": w.users["gone"]}, "owner_id=field.unknown"},
			{"shared user unknown", records.Input{"name": "x", "shared_user_ids": []any{w.users["sales1"], 99999}}, "shared_user_ids=field.unknown"},
			{"shared dept unknown", records.Input{"name": "x", "shared_department_ids": "99999"}, "shared_department_ids=field.unknown"},
			{"every error at once", records.Input{"name": "", "email": "x", "phone": "x", "code": "K1"},
				"code=field.taken name=field.required phone=field.invalid_phone email=field.invalid_email"},
		} {
			before := count(t, w, "rt_customers")
			_, err := w.svc.Create(ctx, w.admin, w.customers, c.in)
			if got := code(err); !sameCodes(got, c.want) {
				t.Errorf("%s: %s, want %s", c.name, got, c.want)
			}
			if n := count(t, w, "rt_customers"); n != before {
				t.Errorf("%s: a failed save wrote a row", c.name)
			}
		}
		// Accepted forms.
		ok1, err := w.svc.Create(ctx, w.admin, w.customers, records.Input{"name": "乙", "phone": "+86 (138) 0013-8000", "tax_id": "123456789012345",
			"website": "https://t.cn/track?no={number}", "since": time.Date(2025, 1, 2, 15, 0, 0, 0, time.UTC), "credit_limit": int64(5),
			"employees": "1,200", "blacklisted": "是", "email": "ＡＢ@example.com"})
		if err != nil {
			t.Fatalf("accepted forms: %v", err)
		}
		if ok1.String("since") != "2025-01-02" || ok1.Values["employees"] != int64(1200) || ok1.Values["blacklisted"] != true ||
			ok1.String("email") != "AB@example.com" {
			t.Errorf("accepted forms parsed to %v", ok1.Values)
		}
		// An update re-checks only what changed: the record keeps an
		// inactive item and a disabled user it already had.
		var rec records.Record
		_ = w.d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE rt_customers SET source = 'web', sales_rep = ? WHERE id = ?`, w.users["gone"], first.ID)
			return err
		})
		if rec, err = w.svc.Update(ctx, w.admin, w.customers, first.ID, first.Version, records.Input{"source": "web", "sales_rep": w.users["gone"], "note": "x"}); err != nil {
			t.Errorf("unchanged inactive values: %v", err)
		}
		if _, err := w.svc.Update(ctx, w.admin, w.customers, first.ID, rec.Version, records.Input{"code": "", "vip_code": "V1", "name": "甲"}); err != nil {
			t.Errorf("own unique values and a blank code on update: %v", err)
		}
		// Hidden by ShowIf: the tax id of an individual is cleared.
		ind, err := w.svc.Create(ctx, w.admin, w.customers, records.Input{"name": "丙", "kind": "individual", "tax_id": "91350100M000100Y43"})
		if err != nil || ind.Values["tax_id"] != nil {
			t.Errorf("ShowIf: %v %v", ind.Values["tax_id"], err)
		}
		org, _ := w.svc.Create(ctx, w.admin, w.customers, records.Input{"name": "丁", "tax_id": "91350100M000100Y43"})
		org, err = w.svc.Update(ctx, w.admin, w.customers, org.ID, org.Version, records.Input{"kind": "individual"})
		if err != nil || org.Values["tax_id"] != nil {
			t.Errorf("ShowIf on update: %v %v", org.Values["tax_id"], err)
		}
		// ParseInput shows what values parse to, without the database.
		p, err := w.svc.ParseInput(w.customers, records.Input{"credit_limit": "1,000.5", "tags": "a b", "unknown": 1, "owner_id": "3"})
		if err != nil || js(p) != `{"credit_limit":"1000.50","owner_id":3,"tags":["a","b"]}` {
			t.Errorf("ParseInput: %s %v", js(p), err)
		}
		_, err = w.svc.ParseInput(w.customers, records.Input{"since": "x", "color": "#12"})
		if errs.KindOf(err) != errs.KindInvalid || !sameCodes(code(err), "since=field.invalid_date color=field.invalid_color") {
			t.Errorf("ParseInput errors: %v", err)
		}
	})
}

func sameCodes(a, b string) bool {
	x, y := strings.Fields(a), strings.Fields(b)
	if len(x) != len(y) {
		return false
	}
	seen := map[string]int{}
	for _, s := range x {
		seen[s]++
	}
	for _, s := range y {
		if seen[s]--; seen[s] < 0 {
			return false
		}
	}
	return true
}

// Two saves race past the SELECT that checks a unique value: the loser's
// unique violation is the same field error, and nothing of it is written.
func TestUniqueRaceIsAFieldError(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		_, cust, _ := testTypes()
		cust.Hooks.Check = func(ctx context.Context, q db.Querier, sc tenant.Scope, r *records.Record, old *records.Record) error {
			// The other save commits between our check and our write.
			_, err := q.Exec(ctx, `INSERT INTO rt_customers (tenant_id, created_at, updated_at, code, name, vip_code, search_text)
				VALUES (?, ?, ?, 'RACE', 'other', ?, '')`, sc.Tenant(), db.Now(), db.Now(), r.String("vip_code"))
			return err
		}
		reg := &records.Registry{}
		g, _, c := testTypes()
		reg.Add(g, cust, c)
		reg.AddDict(testDicts...)
		svc := records.New(w.d, reg, nil, nil, nil)
		_, err := svc.Create(ctx, w.admin, cust, records.Input{"name": "x", "code": "X1", "vip_code": "V9"})
		if code(err) != "vip_code=field.taken" {
			t.Errorf("race: %v", err)
		}
		if n := count(t, w, "rt_customers"); n != 0 {
			t.Errorf("%d rows after a lost race", n)
		}
	})
}
