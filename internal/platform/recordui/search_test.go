package recordui_test

import (
	"fmt"
	"net/url"
	"regexp"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/recordui"
)

func TestGlobalSearch(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		mine := e.create(things, records.Input{"code": "HZ1", "name": "杭州星辰科技", "phone": "13812345678", "owner_id": e.users["sales"]})
		e.create(things, records.Input{"code": "HZ2", "name": "杭州星海贸易", "owner_id": e.users["sales2"]})
		r := e.login("admin").get("/search?q=hzxc")
		must(t, r, 200, "物件", fmt.Sprintf(`href="/md/tw-things/%d"`, mine.ID), "杭州星辰科技", "HZ1 · 13812345678")
		mustNot(t, r, "杭州星海")

		// Sales see their own records only, phones masked.
		r = e.login("sales").get("/search?q=" + "杭州")
		must(t, r, 200, "杭州星辰科技", "HZ1 · 138****5678")
		mustNot(t, r, "杭州星海贸易", "13812345678")
		// Without the module's view permission the group is not searched.
		mustNot(t, e.login("warehouse").get("/search?q=hzxc"), "杭州星辰科技")
	})
}

func TestMenuFollowsPermissions(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		r := e.login("admin").get("/")
		must(t, r, 200, "主数据", `data-testid="nav-md-tw_things"`, `href="/md/tw-things"`, `href="/md/tw-groups"`, `href="/md/dictionaries"`)
		mustNot(t, r, `href="/md/tw-parts"`) // a child type lives on its parent's page
		r = e.login("warehouse").get("/")
		mustNot(t, r, `href="/md/tw-things"`, `href="/md/tw-groups"`)
		must(t, e.login("warehouse").get("/md/tw-things"), 403)
	})
}

func TestCatalogsComplete(t *testing.T) {
	cat, err := i18n.New(recordui.Locales())
	if err != nil {
		t.Fatal(err)
	}
	i18n.CheckComplete(t, cat)
}

// A catalog key that is missing renders as the key itself; none may reach
// a record page, in either language.
var rawKey = regexp.MustCompile(`(>\s*|(?:placeholder|title|aria-label|data-confirm)=")((?:recordui|records|dict_items|tw_[a-z]+|dict|menu|flash|field|list|form|ui)\.[a-z_.]+)`)

func TestPagesTranslated(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		g := e.create(groups, records.Input{"code": "G1", "name": "华东"})
		x := e.create(things, records.Input{"code": "T1", "name": "物一", "kind": "fancy", "status": "new", "tags": []string{"vip"},
			"group_id": g.ID, "owner_id": e.users["admin"]})
		p := e.create(parts, records.Input{"thing_id": x.ID, "name": "零一"})
		c := e.login("admin")
		pages := []string{"/md/tw-things", "/md/tw-things/new", href(things, x.ID), href(things, x.ID) + "?tab=tw_parts",
			href(things, x.ID) + "?tab=attachments", href(things, x.ID) + "?tab=history", "/md/tw-groups", "/md/tw-groups/new",
			href(groups, g.ID), "/md/tw-parts/new", href(parts, p.ID), "/md/dictionaries", "/md/dictionaries/new?dict=tw_status", "/search?q=wu"}
		for _, lang := range []string{"en", "zh-CN"} {
			must(t, c.post("/me/locale", url.Values{"locale": {lang}, "next": {"/"}}), 303)
			for _, path := range pages {
				r := c.get(path)
				if r.status != 200 {
					t.Errorf("%s %s: status %d", lang, path, r.status)
					continue
				}
				if m := rawKey.FindStringSubmatch(r.body); m != nil {
					t.Errorf("%s %s: untranslated key %q", lang, path, m[2])
				}
			}
		}
	})
}
