package recordui_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/records"
)

func href(t *records.Type, id int64) string { return fmt.Sprintf("/md/%s/%d", t.Path, id) }

func TestUpdateAndStaleVersion(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := e.create(things, records.Input{"code": "T1", "name": "旧名", "kind": "plain", "owner_id": e.users["admin"]})
		c := e.login("admin")
		r := c.get(href(things, x.ID))
		must(t, r, 200, `name="version" value="1"`, `data-testid="tab-details" aria-current="page"`, `data-testid="record-info"`)

		form := url.Values{"version": {"1"}, "code": {"T1"}, "name": {"新名"}, "kind": {"fancy"}, "flair": {"星"},
			"owner_id": {fmt.Sprint(e.users["admin"])}}
		r = c.post(href(things, x.ID), form)
		must(t, r, 303)
		must(t, c.get(href(things, x.ID)), 200, `data-testid="record-title">新名`, `name="version" value="2"`, "已保存")

		// The same form again is stale: 409 with the alert, input kept.
		form.Set("name", "我的改动")
		r = c.hx(href(things, x.ID), form, "record-form")
		must(t, r, 409, `data-testid="form-alert"`, `value="我的改动"`)
		mustNot(t, r, "<html")
		got, err := e.svc.Get(t.Context(), e.system(), things, x.ID)
		if err != nil || got.String("name") != "新名" || got.Version != 2 {
			t.Fatalf("after a stale save: %v %+v", err, got.Values)
		}
		// An unchecked box is a false, not "unchanged".
		form = url.Values{"version": {"2"}, "code": {"T1"}, "name": {"新名"}, "kind": {"fancy"}, "owner_id": {fmt.Sprint(e.users["admin"])}}
		must(t, c.post(href(things, x.ID), form), 303)
		got, _ = e.svc.Get(t.Context(), e.system(), things, x.ID)
		if v, _ := got.Values["active"].(bool); v {
			t.Fatal("active still true after saving the box unchecked")
		}
		must(t, c.get(href(things, x.ID)), 200, `data-testid="record-badge">已停用`)
	})
}

func TestDelete(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := e.create(things, records.Input{"code": "T1", "name": "有零件", "owner_id": e.users["admin"]})
		p := e.create(parts, records.Input{"thing_id": x.ID, "name": "螺丝"})
		c := e.login("admin")
		r := c.get(href(things, x.ID))
		must(t, r, 200, `data-testid="record-delete"`, `data-confirm="确定删除“有零件”吗？删除后无法恢复。"`)

		// In use by a part: 409 with the reason, as a toast fragment for htmx.
		r = c.do("POST", href(things, x.ID)+"/delete", url.Values{"version": {"1"}}, map[string]string{"HX-Request": "true"})
		must(t, r, 409, `data-problem="`)
		mustNot(t, r, "<html")
		if n := e.count(`SELECT count(*) FROM tw_things`); n != 1 {
			t.Fatalf("%d things after a refused delete", n)
		}
		// The part's page deletes it and goes back to the parent's tab.
		r = c.get(href(parts, p.ID))
		must(t, r, 200, `name="_return" value="`+href(things, x.ID)+`?tab=tw_parts"`, `action="`+href(parts, p.ID)+`/delete"`)
		r = c.post(href(parts, p.ID)+"/delete", url.Values{"version": {"1"}, "_return": {href(things, x.ID) + "?tab=tw_parts"}})
		must(t, r, 303)
		if loc := r.header.Get("Location"); loc != href(things, x.ID)+"?tab=tw_parts" {
			t.Fatalf("after deleting a part: Location %q", loc)
		}
		r = c.post(href(things, x.ID)+"/delete", url.Values{"version": {"1"}})
		must(t, r, 303)
		if loc := r.header.Get("Location"); loc != "/md/tw-things" {
			t.Fatalf("Location %q", loc)
		}
		must(t, c.get(href(things, x.ID)), 404)
		// Sales have no delete permission: no button, and the route refuses.
		y := e.create(things, records.Input{"code": "T2", "name": "销售的", "owner_id": e.users["sales"]})
		s := e.login("sales")
		mustNot(t, s.get(href(things, y.ID)), `data-testid="record-delete"`)
		must(t, s.post(href(things, y.ID)+"/delete", url.Values{"version": {"1"}}), 403)
	})
}

func TestChildAddedFromParentPage(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := e.create(things, records.Input{"code": "T1", "name": "主件", "owner_id": e.users["admin"]})
		c := e.login("admin")
		r := c.get(href(things, x.ID))
		must(t, r, 200, `data-testid="tab-tw_parts"`, `href="`+href(things, x.ID)+`?tab=tw_parts"`, `data-testid="tab-attachments"`, `data-testid="tab-history"`)
		r = c.get(href(things, x.ID) + "?tab=tw_parts")
		must(t, r, 200, `data-testid="child-form-tw_parts"`, fmt.Sprintf(`<input type="hidden" name="thing_id" value="%d">`, x.ID),
			`data-testid="child-add"`, "添加零件")
		mustNot(t, r, `id="child-form-tw_parts-thing_id"`) // the parent is given, not asked

		ret := href(things, x.ID) + "?tab=tw_parts"
		// A failed add comes back as the inline form with its errors.
		r = c.hx("/md/tw-parts", url.Values{"thing_id": {fmt.Sprint(x.ID)}, "_return": {ret}, "name": {""}, "qty": {"x"}}, "child-form-tw_parts")
		must(t, r, 422, `id="child-form-tw_parts"`, `name="_return"`)
		if fieldError(r.body, "name") == "" {
			t.Fatalf("no inline error for name:\n%s", r.body)
		}
		r = c.hx("/md/tw-parts", url.Values{"thing_id": {fmt.Sprint(x.ID)}, "_return": {ret}, "name": {"螺母"}, "qty": {"12"}}, "child-form-tw_parts")
		must(t, r, 200)
		if got := r.header.Get("HX-Redirect"); got != ret {
			t.Fatalf("HX-Redirect %q, want %q", got, ret)
		}
		r = c.get(ret)
		must(t, r, 200, "螺母", `data-testid="table-tw_parts"`)
		if n := len(rowIDs(r.body)); n != 1 {
			t.Fatalf("%d part rows", n)
		}
		// A _return outside the record pages is ignored.
		r = c.post("/md/tw-parts", url.Values{"thing_id": {fmt.Sprint(x.ID)}, "_return": {"https://evil.example/"}, "name": {"垫片"}})
		must(t, r, 303)
		if loc := r.header.Get("Location"); !strings.HasPrefix(loc, "/md/tw-parts/") {
			t.Fatalf("Location %q", loc)
		}
	})
}

// png is a 1×1 PNG.
var png, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

func TestAttachments(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := e.create(things, records.Input{"code": "T1", "name": "带图", "owner_id": e.users["admin"]})
		c := e.login("admin")
		base := href(things, x.ID)
		must(t, c.get(base+"?tab=attachments"), 200, `data-testid="upload-form"`, "还没有附件")

		r := c.upload(base+"/attachments", "file", "样品.png", png)
		must(t, r, 303)
		must(t, c.upload(base+"/attachments", "file", "说明.txt", []byte("hello")), 303)
		r = c.get(base + "?tab=attachments")
		must(t, r, 200, `data-testid="attachment-thumb"`, "样品.png", "说明.txt", "附件已上传")
		links := regexp.MustCompile(`href="(`+regexp.QuoteMeta(base)+`/attachments/\d+)" download="([^"]+)"`).FindAllStringSubmatch(r.body, -1)
		if len(links) != 2 {
			t.Fatalf("attachment links %v", links)
		}
		for _, l := range links {
			d := c.get(l[1])
			must(t, d, 200)
			switch l[2] {
			case "样品.png":
				if !bytes.Equal([]byte(d.body), png) || d.header.Get("Content-Type") != "image/png" ||
					!strings.HasPrefix(d.header.Get("Content-Disposition"), "inline") {
					t.Fatalf("image download: %v", d.header)
				}
			case "说明.txt":
				if d.body != "hello" || !strings.HasPrefix(d.header.Get("Content-Disposition"), "attachment") {
					t.Fatalf("text download: %v %q", d.header, d.body)
				}
			}
		}
		// Nothing uploaded: the tab says why.
		r = c.upload(base+"/attachments", "other", "x.bin", []byte("x"))
		must(t, r, 422, "请选择要上传的文件")
		// Delete one.
		must(t, c.post(links[0][1]+"/delete", url.Values{}), 303)
		r = c.get(base + "?tab=attachments")
		if n := strings.Count(r.body, `data-testid="attachment-row"`); n != 1 {
			t.Fatalf("%d attachments after deleting one", n)
		}
		// Another user's record stays out of reach.
		must(t, e.login("sales").get(links[1][1]), 404)
	})
}

func TestHistoryAndMasking(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := e.create(things, records.Input{"code": "T1", "name": "有历史", "phone": "13812345678", "owner_id": e.users["sales"]})
		c := e.login("admin")
		form := url.Values{"version": {"1"}, "code": {"T1"}, "name": {"改过名"}, "kind": {"plain"}, "phone": {"13812345678"},
			"owner_id": {fmt.Sprint(e.users["sales"])}}
		must(t, c.post(href(things, x.ID), form), 303)
		r := c.get(href(things, x.ID) + "?tab=history")
		must(t, r, 200, `data-testid="history-row"`, "名称: 有历史 → 改过名", "修改", "新建")

		// Sales own it but may not read the audit log nor unmask phones.
		s := e.login("sales")
		r = s.get(href(things, x.ID))
		must(t, r, 200, `value="138****5678"`, `readonly class="is-readonly"`)
		mustNot(t, r, `data-testid="tab-history"`, "13812345678")
		must(t, s.get(href(things, x.ID)+"?tab=history"), 200, `data-testid="tab-details" aria-current="page"`)
		// Saving the form keeps the real phone (a masked field is not sent).
		form = url.Values{"version": {"2"}, "code": {"T1"}, "name": {"销售改"}, "kind": {"plain"}, "phone": {"138****5678"},
			"owner_id": {fmt.Sprint(e.users["sales"])}}
		must(t, s.post(href(things, x.ID), form), 303)
		got, _ := e.svc.Get(t.Context(), e.system(), things, x.ID)
		if got.String("phone") != "13812345678" || got.String("name") != "销售改" {
			t.Fatalf("after a masked save: %+v", got.Values)
		}
	})
}

func TestModuleTabs(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x := e.create(things, records.Input{"code": "T1", "name": "有订单", "owner_id": e.users["sales"]})
		r := e.login("admin").get(href(things, x.ID) + "?tab=orders")
		must(t, r, 200, `data-testid="tab-orders" aria-current="page"`, `data-testid="tab-secret"`,
			fmt.Sprintf(`<p data-testid="orders-of">orders of %d for %d</p>`, x.ID, e.users["admin"]))
		// A tab needs its permission: sales may not delete, so no secret tab.
		s := e.login("sales")
		r = s.get(href(things, x.ID) + "?tab=secret")
		must(t, r, 200, `data-testid="tab-details" aria-current="page"`, `data-testid="tab-orders"`)
		mustNot(t, r, `data-testid="tab-secret"`, "top-secret-content")
	})
}
