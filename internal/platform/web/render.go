package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/money"
)

//go:embed views
var platformViews embed.FS

// Renderer parses every page template once at start-up (a broken template
// stops the boot) and renders pages inside the layout, or only their
// "content" block for htmx requests.
type Renderer struct {
	cat    *i18n.Catalog
	Static *Static
	menu   *Menu
	pages  map[string]*template.Template
}

// PageData is what every page template receives. Templates translate with
// {{$.T "key"}} and format with the Fmt* methods.
type PageData struct {
	Title  string // catalog key
	Active string // menu key
	Data   any
	// Filled by Page:
	Lang      string
	CSRF      string
	Principal *identity.Principal
	Menu      []MenuGroup
	Request   *http.Request
	r         *Renderer
}

// T translates a catalog key, with optional key/value data pairs.
func (p PageData) T(id string, kv ...any) string {
	var data map[string]any
	if len(kv) > 1 {
		data = map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			data[fmt.Sprint(kv[i])] = kv[i+1]
		}
	}
	return p.r.cat.T(p.Lang, id, data)
}

// Asset is the hashed URL of a static file.
func (p PageData) Asset(name string) string { return p.r.Static.URL(name) }

// FmtDate, FmtDateTime, FmtMoney and FmtInt format per the page language.
func (p PageData) FmtDate(t any) string     { return i18n.FormatDate(p.Lang, deref(t)) }
func (p PageData) FmtDateTime(t any) string { return i18n.FormatDateTime(p.Lang, deref(t)) }
func (p PageData) FmtMoney(a money.Amount, currency string) string {
	return i18n.FormatMoney(p.Lang, a, currency)
}
func (p PageData) FmtInt(n int) string { return i18n.FormatInt(p.Lang, int64(n)) }

func deref(t any) time.Time {
	switch v := t.(type) {
	case time.Time:
		return v
	case *time.Time:
		if v != nil {
			return *v
		}
	}
	return time.Time{}
}

var funcs = template.FuncMap{
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"list": func(xs ...any) []any { return xs },
	"add":  func(a, b int) int { return a + b },
	"join": strings.Join,
	"contains": func(xs any, x any) bool {
		switch v := xs.(type) {
		case []int64:
			for _, e := range v {
				if e == x {
					return true
				}
			}
		case []string:
			for _, e := range v {
				if e == x {
					return true
				}
			}
		}
		return false
	},
}

// NewRenderer parses the platform views plus module view folders. Files
// under "layouts/" and "components/" are shared by every page; each other
// file is a page named by its path ("admin/users.html").
func NewRenderer(cat *i18n.Catalog, static *Static, menu *Menu, modules ...fs.FS) (*Renderer, error) {
	r := &Renderer{cat: cat, Static: static, menu: menu, pages: map[string]*template.Template{}}
	pv, _ := fs.Sub(platformViews, "views")
	all := append([]fs.FS{pv}, modules...)
	base := template.New("").Funcs(funcs)
	for _, f := range all {
		for _, dir := range []string{"layouts", "components"} {
			names, _ := fs.Glob(f, dir+"/*.html")
			for _, n := range names {
				b, err := fs.ReadFile(f, n)
				if err != nil {
					return nil, err
				}
				if _, err := base.New(n).Parse(string(b)); err != nil {
					return nil, fmt.Errorf("web: template %s: %w", n, err)
				}
			}
		}
	}
	for _, f := range all {
		err := fs.WalkDir(f, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || path.Ext(p) != ".html" || strings.HasPrefix(p, "layouts/") || strings.HasPrefix(p, "components/") {
				return err
			}
			b, err := fs.ReadFile(f, p)
			if err != nil {
				return err
			}
			t, err := base.Clone()
			if err != nil {
				return err
			}
			if _, err := t.New(p).Parse(string(b)); err != nil {
				return fmt.Errorf("web: template %s: %w", p, err)
			}
			if _, dup := r.pages[p]; dup {
				return fmt.Errorf("web: template %s defined twice", p)
			}
			r.pages[p] = t
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (r *Renderer) fill(req *http.Request, d *PageData) {
	d.r = r
	d.Request = req
	d.Lang = LangFrom(req.Context())
	d.CSRF = CSRFToken(req)
	if p, ok := PrincipalFrom(req.Context()); ok {
		d.Principal = &p
		d.Menu = r.menu.For(p.Scope)
	}
}

// Page renders a full page, or just its "content" block when htmx asks for
// the main area (HX-Target: main).
func (r *Renderer) Page(w http.ResponseWriter, req *http.Request, status int, name string, d PageData) {
	block := "layouts/base.html"
	if req.Header.Get("HX-Request") == "true" && req.Header.Get("HX-Target") == "main" {
		block = "content"
	}
	r.execute(w, req, status, name, block, d)
}

// Fragment renders one named block of a page (an htmx swap target).
func (r *Renderer) Fragment(w http.ResponseWriter, req *http.Request, status int, name, block string, d PageData) {
	r.execute(w, req, status, name, block, d)
}

func (r *Renderer) execute(w http.ResponseWriter, req *http.Request, status int, name, block string, d PageData) {
	t, ok := r.pages[name]
	if !ok {
		panic("web: no page template " + name)
	}
	r.fill(req, &d)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, d); err != nil {
		slog.Error("template", "name", name, "block", block, "err", err, "request_id", RequestIDFrom(req.Context()))
		http.Error(w, "template error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// Error renders a problem for a browser: the form-error fragment for htmx
// requests, the error page otherwise.
func (r *Renderer) Error(w http.ResponseWriter, req *http.Request, p *Problem) {
	if req.Header.Get("HX-Request") == "true" {
		r.Fragment(w, req, p.Status, "error.html", "problem", PageData{Data: p})
		return
	}
	r.Page(w, req, p.Status, "error.html", PageData{Title: "problem." + problemTitleKey(p), Data: p})
}

func problemTitleKey(p *Problem) string {
	switch p.Status {
	case 404:
		return "not_found"
	case 403:
		return "forbidden"
	case 409:
		return "conflict"
	case 422:
		return "validation"
	}
	return "internal"
}
