package records_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

func TestListFiltersSortsAndPages(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		root, _ := w.svc.Create(ctx, w.admin, w.groups, records.Input{"name": "全国"})
		east, _ := w.svc.Create(ctx, w.admin, w.groups, records.Input{"name": "华东", "parent_id": root.ID})
		zj, _ := w.svc.Create(ctx, w.admin, w.groups, records.Input{"name": "浙江", "parent_id": east.ID})
		north, _ := w.svc.Create(ctx, w.admin, w.groups, records.Input{"name": "华北", "parent_id": root.ID})
		mk := func(in records.Input) {
			t.Helper()
			if _, err := w.svc.Create(ctx, w.admin, w.customers, in); err != nil {
				t.Fatal(err)
			}
		}
		mk(records.Input{"name": "c1", "group_id": zj.ID, "region": "zj_hz_xh", "tags": "a,b", "credit_limit": "100", "since": "2024-01-01", "kind": "individual"})
		mk(records.Input{"name": "c2", "group_id": east.ID, "region": "zj", "tags": "b", "credit_limit": "200.5", "since": "2024-06-01"})
		mk(records.Input{"name": "c3", "group_id": north.ID, "region": "bj", "tags": "c", "credit_limit": "300", "blacklisted": true})
		mk(records.Input{"name": "c4", "source": "expo"})
		f := func(kv ...string) list.Query {
			m := map[string]string{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i]] = kv[i+1]
			}
			return list.Query{Filters: m}
		}
		for _, c := range []struct {
			name string
			lq   list.Query
			want []string
		}{
			{"tree ref: the node and its descendants", f("group_id", itoa(east.ID)), []string{"c1", "c2"}},
			{"tree ref: the root", f("group_id", itoa(root.ID)), []string{"c1", "c2", "c3"}},
			{"tree ref: a leaf", f("group_id", itoa(zj.ID)), []string{"c1"}},
			{"tree dictionary: a province and its cities", f("region", "zj"), []string{"c1", "c2"}},
			{"tree dictionary: a district", f("region", "zj_hz_xh"), []string{"c1"}},
			{"tags contain", f("tags", "b"), []string{"c1", "c2"}},
			{"enum", f("kind", "individual"), []string{"c1"}},
			{"dict", f("source", "expo"), []string{"c4"}},
			{"bool", f("blacklisted", "true"), []string{"c3"}},
			{"bool false", f("blacklisted", "false"), []string{"c1", "c2", "c4"}},
			{"decimal range", f("credit_limit_from", "150", "credit_limit_to", "300"), []string{"c2", "c3"}},
			{"date range", f("since_from", "2024-02-01"), []string{"c2"}},
			{"created today", f("created_at_from", "2000-01-01", "created_at_to", "2999-01-01"), []string{"c1", "c2", "c3", "c4"}},
			{"owner", f("owner_id", itoa(w.users["admin"])), []string{"c1", "c2", "c3", "c4"}},
			{"department", f("department_id", itoa(w.deptA)), nil},
			{"two filters", f("tags", "b", "kind", "organisation"), []string{"c2"}},
			{"empty filter ignored", f("kind", ""), []string{"c1", "c2", "c3", "c4"}},
			{"q over the name (no search index)", list.Query{Q: "c3"}, []string{"c3"}},
		} {
			if got := names(t, w, w.admin, w.customers, c.lq); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
		if got := names(t, w, w.admin, w.groups, list.Query{Q: "华"}); !slices.Equal(got, []string{"华东", "华北"}) {
			t.Errorf("q by LIKE on a type without search fields: %v", got)
		}
		for _, bad := range []list.Query{f("note", "x"), f("tenant_id", "1"), f("credit_limit_from", "x"), f("group_id", "x"),
			f("name_from", "a"), {Sort: "note"}, {Limit: 500}, {Cursor: "%%"}} {
			if _, err := w.svc.List(ctx, w.admin, w.customers, bad); code(err) == "" || code(err) == "<nil>" {
				t.Errorf("List(%+v) accepted", bad)
			}
		}
	})
}

func TestKeysetPagingAndCappedCount(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		var all []string
		for i := 0; i < 23; i++ {
			in := records.Input{"name": fmt.Sprintf("客户%02d", i%7)} // equal names: the id breaks ties
			if i%3 != 0 {
				in["credit_limit"] = fmt.Sprint(i % 4) // some NULLs to sort around
			}
			if i%5 == 0 {
				in["since"] = fmt.Sprintf("2024-01-%02d", i+1)
			}
			if _, err := w.svc.Create(ctx, w.admin, w.customers, in); err != nil {
				t.Fatal(err)
			}
		}
		_ = all
		for _, sort := range []string{"-id", "id", "name", "-name", "credit_limit", "-credit_limit", "since", "-since", "created_at", "-updated_at"} {
			// One page of everything is the reference order.
			ref, err := w.svc.List(ctx, w.admin, w.customers, list.Query{Sort: sort, Limit: 100})
			if err != nil {
				t.Fatalf("%s: %v", sort, err)
			}
			var want, got []int64
			for _, r := range ref.Items {
				want = append(want, r.ID)
			}
			cursor := ""
			for pages := 0; pages < 20; pages++ {
				p, err := w.svc.List(ctx, w.admin, w.customers, list.Query{Sort: sort, Limit: 4, Cursor: cursor})
				if err != nil {
					t.Fatalf("%s: %v", sort, err)
				}
				for _, r := range p.Items {
					got = append(got, r.ID)
				}
				if p.Total != 23 {
					t.Errorf("%s: total %d on every page", sort, p.Total)
				}
				if cursor = p.NextCursor; cursor == "" {
					break
				}
			}
			if len(want) != 23 || !slices.Equal(got, want) {
				t.Errorf("sort %s: pages give %v, one page %v", sort, got, want)
			}
			// Jump to page 3.
			p3, err := w.svc.List(ctx, w.admin, w.customers, list.Query{Sort: sort, Limit: 4, Page: 3})
			if err != nil || len(p3.Items) != 4 || p3.Items[0].ID != want[8] || p3.PageNum != 3 {
				t.Errorf("sort %s: page 3 %v", sort, err)
			}
		}
		// The count stops at the cap.
		defer records.SetCountCap(5)()
		p, err := w.svc.List(ctx, w.admin, w.customers, list.Query{Limit: 2})
		if err != nil || p.Total != 6 || len(p.Items) != 2 {
			t.Errorf("capped count: %d %v", p.Total, err)
		}
		// Each walks everything, past the page size and without the cap.
		n := 0
		if err := w.svc.Each(ctx, w.admin, w.customers, list.Query{Filters: map[string]string{"kind": "organisation"}}, func(records.Record) error {
			n++
			return nil
		}); err != nil || n != 23 {
			t.Errorf("Each: %d %v", n, err)
		}
	})
}
