package records_test

import (
	"context"
	"slices"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

func TestDictionaries(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		opts, err := w.svc.DictOptions(ctx, w.sales1, "rt_source", false)
		if err != nil {
			t.Fatal(err)
		}
		if len(opts) != 3 || opts[0] != (records.DictOption{Code: "expo", Label: "展会", Color: "#ff0000", Active: true}) ||
			opts[1].Label != "网站" || opts[2].Label != "dict.rt_source.phone" {
			t.Errorf("options %+v", opts)
		}
		en, _ := w.svc.DictOptions(ctx, w.sales1.WithLocale("en"), "rt_source", false)
		if en[0].Label != "Trade show" || en[1].Label != "Website" {
			t.Errorf("English options %+v", en)
		}
		region, _ := w.svc.DictOptions(ctx, w.sales1, "rt_region", false)
		var codes []string
		for _, o := range region {
			codes = append(codes, o.Code+"<"+o.Parent)
		}
		// Seeded in declaration order, parents resolved although declared later.
		if !slices.Equal(codes, []string{"zj_hz_xh<zj_hz", "zj<", "zj_hz<zj", "bj<"}) {
			t.Errorf("tree options %v", codes)
		}
		if _, err := w.svc.DictOptions(ctx, w.sales1, "nope", false); errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("unknown dictionary: %v", err)
		}
		// Seeding again adds nothing; a tenant's own changes stay.
		web, _, _ := w.svc.FindBy(ctx, w.d.Read(), w.admin, records.DictItems, "code", "web")
		if _, err := w.svc.Update(ctx, w.admin, records.DictItems, web.ID, web.Version,
			records.Input{"name": "官网", "sort_order": -1, "color": "#00ff00", "active": "false"}); err != nil {
			t.Fatal(err)
		}
		if err := w.d.InTx(ctx, func(tx *db.Tx) error { return w.svc.SeedDicts(ctx, tx, w.tenant) }); err != nil {
			t.Fatal(err)
		}
		if n := count(t, w, "dict_items"); n != 10 {
			t.Errorf("%d items after seeding twice", n)
		}
		opts, _ = w.svc.DictOptions(ctx, w.sales1, "rt_source", false)
		all, _ := w.svc.DictOptions(ctx, w.sales1, "rt_source", true)
		if len(opts) != 2 || len(all) != 3 || all[0] != (records.DictOption{Code: "web", Label: "官网", Color: "#00ff00", Active: false}) {
			t.Errorf("after renaming and deactivating: %+v / %+v", opts, all)
		}
		// A tenant adds its own item; the code is unique per dictionary, not per tenant.
		own, err := w.svc.Create(ctx, w.admin, records.DictItems, records.Input{"dict": "rt_source", "code": "wechat", "name": "微信", "sort_order": 5})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Create(ctx, w.admin, records.DictItems, records.Input{"dict": "rt_tag", "code": "wechat"}); err != nil {
			t.Errorf("the same code in another dictionary: %v", err)
		}
		for _, c := range []struct {
			in   records.Input
			want string
		}{
			{records.Input{"dict": "rt_source", "code": "wechat"}, "code=field.taken"},
			{records.Input{"dict": "nope", "code": "x"}, "dict=field.invalid_choice"},
			{records.Input{"dict": "rt_source", "code": "x", "parent_id": own.ID}, "parent_id=field.invalid"},
			{records.Input{"code": "x"}, "dict=field.required"},
		} {
			if _, err := w.svc.Create(ctx, w.admin, records.DictItems, c.in); code(err) != c.want {
				t.Errorf("create %v: %v, want %s", c.in, err, c.want)
			}
		}
		zj, _, _ := w.svc.FindBy(ctx, w.d.Read(), w.admin, records.DictItems, "code", "zj")
		if _, err := w.svc.Create(ctx, w.admin, records.DictItems, records.Input{"dict": "rt_region", "code": "zj_nb", "parent_id": zj.ID}); err != nil {
			t.Errorf("a city under a province: %v", err)
		}
		if _, err := w.svc.Create(ctx, w.admin, records.DictItems, records.Input{"dict": "rt_tag", "code": "y", "parent_id": zj.ID}); code(err) != "parent_id=field.invalid" {
			t.Errorf("a parent from another dictionary: %v", err)
		}
		if _, err := w.svc.Update(ctx, w.admin, records.DictItems, own.ID, own.Version, records.Input{"code": "weixin"}); code(err) != "code=field.immutable" {
			t.Errorf("changing a code: %v", err)
		}
		// The new item is usable at once; the deactivated one is not.
		c, err := w.svc.Create(ctx, w.sales1, w.customers, records.Input{"name": "x", "source": "wechat", "region": "zj_nb"})
		if err != nil || c.Labels["source"] != "微信" {
			t.Errorf("a customer with the new item: %v %v", c.Labels, err)
		}
		if _, err := w.svc.Create(ctx, w.sales1, w.customers, records.Input{"name": "y", "source": "web"}); code(err) != "source=field.unknown" {
			t.Errorf("an inactive item: %v", err)
		}
		// Items are never deleted.
		if err := w.svc.Delete(ctx, w.admin, records.DictItems, own.ID, 0); code(err) != "records.dict_no_delete" {
			t.Errorf("delete an item: %v", err)
		}
		// The dictionary list filters by dictionary and shows the labels.
		p, err := w.svc.List(ctx, w.admin, records.DictItems, list.Query{Filters: map[string]string{"dict": "rt_source"}})
		if err != nil || len(p.Items) != 4 || p.Items[0].String("code") != "web" || p.Items[2].Labels["name"] != "展会" ||
			p.Items[0].Labels["dict"] != "dict.rt_source" {
			t.Errorf("dictionary list: %v %v", p.Items, err)
		}
		// Another tenant has its own copy.
		other, _ := w.svc.DictOptions(ctx, w.other, "rt_source", false)
		if len(other) != 3 || other[1].Label != "网站" {
			t.Errorf("another tenant's options %+v", other)
		}
		// Without the dictionaries permission, items cannot be edited.
		if _, err := w.svc.Create(ctx, w.sales1, records.DictItems, records.Input{"dict": "rt_tag", "code": "z"}); errs.KindOf(err) != errs.KindForbidden {
			t.Errorf("sales edits a dictionary: %v", err)
		}
	})
}
