package recordui

import (
	"context"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

//go:embed views
var views embed.FS

//go:embed locales/*.toml
var locales embed.FS

// Views are the page templates; pass them to web.NewRenderer.
func Views() fs.FS { s, _ := fs.Sub(views, "views"); return s }

// Locales are the catalogs of these pages; pass them to i18n.New.
func Locales() fs.FS { s, _ := fs.Sub(locales, "locales"); return s }

// Tab is a tab a later module adds to the record page of a Type (orders,
// quotes, invoices of a customer). Render draws its content for record id;
// it runs only when the tab is open and the caller holds Perm.
type Tab struct {
	Key    string // URL ?tab=<key> and data-testid="tab-<key>"
	Label  string // catalog key
	Perm   tenant.Perm
	Render func(ctx context.Context, sc tenant.Scope, id int64) (template.HTML, error)
}

// UI holds the record pages' dependencies.
type UI struct {
	ui   *adminui.UI
	srv  *web.Server
	svc  *records.Service
	reg  *records.Registry
	tabs map[string][]Tab
}

// Register adds the pages, menu items and global-search providers of every
// Type of svc's registry. Modules may add tabs to the returned UI while
// wiring.
func Register(srv *web.Server, ui *adminui.UI, svc *records.Service) *UI {
	u := &UI{ui: ui, srv: srv, svc: svc, reg: svc.Registry(), tabs: map[string][]Tab{}}
	for _, t := range u.reg.Types() {
		u.routes(t)
	}
	u.menu()
	u.searchProviders()
	return u
}

// AddTab adds a tab to the record page of the Type typeKey (call while
// wiring, before serving).
func (u *UI) AddTab(typeKey string, tab Tab) {
	if _, ok := u.reg.Type(typeKey); !ok {
		panic("recordui: tab for unknown type " + typeKey)
	}
	u.tabs[typeKey] = append(u.tabs[typeKey], tab)
}

func perm(t *records.Type, a tenant.Action) tenant.Perm { return tenant.P(t.Module, a) }

func scope(r *http.Request) tenant.Scope { return web.ScopeFrom(r.Context()) }

func lang(r *http.Request) string { return web.LangFrom(r.Context()) }

// base is the list page of a Type; a record is base/{id}.
func base(t *records.Type) string { return "/md/" + t.Path }

func recordHref(t *records.Type, id int64) string { return base(t) + "/" + strconv.FormatInt(id, 10) }

// label and plural are a Type's catalog keys, defaulting by convention.
func label(t *records.Type) string {
	if t.Label != "" {
		return t.Label
	}
	return t.Key + ".one"
}

func plural(t *records.Type) string {
	if t.Plural != "" {
		return t.Plural
	}
	return t.Key + ".title"
}

// fieldLabel is a field's catalog key.
func fieldLabel(t *records.Type, f records.Field) string { return f.LabelKey(t) }

// menuKey names the menu item a page highlights: a child type's pages
// highlight the parent's item.
func (u *UI) menuKey(t *records.Type) string {
	if p := u.parentOf(t); p != nil {
		return "md-" + p.Key
	}
	return "md-" + t.Key
}

// parentOf is the parent Type of a child type, nil otherwise.
func (u *UI) parentOf(t *records.Type) *records.Type {
	if t.Of == "" {
		return nil
	}
	f, ok := t.Field(t.Of)
	if !ok {
		return nil
	}
	p, _ := u.reg.Type(f.Ref)
	return p
}

func pathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// fail answers an error the platform way (error page, toast fragment).
func (u *UI) fail(w http.ResponseWriter, r *http.Request, err error) { u.srv.Fail(w, r, err) }

// hxFragment tells whether htmx asked for a fragment, not the main area.
func hxFragment(r *http.Request) bool {
	t := r.Header.Get("HX-Target")
	return adminui.IsHX(r) && t != "" && t != "main"
}
