package web

import (
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Groups come in the configured order whatever order modules added their
// items; a group not configured goes last, and items keep their order.
func TestMenuGroupOrder(t *testing.T) {
	m := &Menu{Groups: []string{"menu.home", "menu.masterdata", "menu.admin"}}
	m.Add(MenuItem{Group: "menu.home", Key: "workbench"}, MenuItem{Group: "menu.help", Key: "help"},
		MenuItem{Group: "menu.admin", Key: "users"}, MenuItem{Group: "menu.masterdata", Key: "customers"},
		MenuItem{Group: "menu.admin", Key: "roles"}, MenuItem{Group: "menu.masterdata", Key: "products"})
	var got []string
	for _, g := range m.For(tenant.NewScope(tenant.Params{TenantID: 1, ActorID: 1})) {
		got = append(got, g.Label)
		for _, it := range g.Items {
			got = append(got, it.Key)
		}
	}
	want := "menu.home workbench menu.masterdata customers products menu.admin users roles menu.help help"
	if s := strings.Join(got, " "); s != want {
		t.Errorf("menu %q, want %q", s, want)
	}
}
