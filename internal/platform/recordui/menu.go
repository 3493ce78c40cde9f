package recordui

import (
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// menu adds one item per top-level Type to its menu group, in
// registration order, dictionaries last; child types are reached through
// their parent's page.
func (u *UI) menu() {
	var dicts *records.Type
	for _, t := range u.reg.Types() {
		if t.Of != "" {
			continue
		}
		if isDictItems(t) {
			dicts = t
			continue
		}
		u.srv.Menu.Add(u.menuItem(t, plural(t)))
	}
	if dicts != nil {
		u.srv.Menu.Add(u.menuItem(dicts, "recordui.dictionaries"))
	}
}

func (u *UI) menuItem(t *records.Type, label string) web.MenuItem {
	group := t.Menu
	if group == "" {
		group = "menu.masterdata"
	}
	return web.MenuItem{Group: group, Key: "md-" + t.Key, Label: label, Path: base(t), Perm: perm(t, tenant.View)}
}
