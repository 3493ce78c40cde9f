package adminui

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// Panel is one box of the workbench (my to-dos, approvals waiting…).
// Modules add panels while wiring; a panel without Items, or whose Items
// returns nothing, shows its empty state.
type Panel struct {
	Key   string      // stable name: data-testid="panel-<key>"
	Title string      // catalog key
	Empty string      // catalog key of the empty state
	Perm  tenant.Perm // "" = every signed-in user
	Items func(ctx context.Context, sc tenant.Scope) ([]PanelItem, error)
}

// PanelItem is one line of a panel; texts come translated from the module.
type PanelItem struct {
	Text  string
	Meta  string
	Href  string
	Badge string
	At    time.Time
	// Post, when set, draws a one-click button (PostLabel) that posts
	// PostValues there: "order it" on a low-stock line.
	Post       string
	PostLabel  string
	PostValues map[string]string
}

// SearchProvider is what a module implements to appear in global search.
type SearchProvider interface {
	// Group is the catalog key of the result group ("search.customers").
	Group() string
	// Perm is needed to see the group ("" = every signed-in user).
	Perm() tenant.Perm
	// Search returns at most limit hits for q within the caller's data scope.
	Search(ctx context.Context, sc tenant.Scope, q string, limit int) ([]SearchHit, error)
}

// SearchHit is one result.
type SearchHit struct {
	Title    string
	Subtitle string
	Href     string
}

// AddPanel adds workbench panels (call while wiring, before serving).
func (u *UI) AddPanel(p ...Panel) { u.panels = append(u.panels, p...) }

// AddSearch adds global search providers (call while wiring, before serving).
func (u *UI) AddSearch(p ...SearchProvider) { u.search = append(u.search, p...) }

// defaultPanels are the workbench's boxes until modules fill them.
func (u *UI) defaultPanels() {
	u.AddPanel(
		Panel{Key: "todos", Title: "home.todos", Empty: "home.todos_empty"},
		Panel{Key: "approvals", Title: "home.approvals", Empty: "home.approvals_empty"},
		Panel{Key: "notifications", Title: "home.notifications", Empty: "home.notifications_empty"},
		Panel{Key: "recent", Title: "home.recent", Empty: "home.recent_empty"},
	)
}

// fillPanel gives a default panel its items.
func (u *UI) fillPanel(key string, items func(ctx context.Context, sc tenant.Scope) ([]PanelItem, error)) {
	for i := range u.panels {
		if u.panels[i].Key == key {
			u.panels[i].Items = items
		}
	}
}

func (u *UI) homeRoutes() {
	u.s.Handle("GET /{$}", web.SignedIn, "", u.workbench)
	u.s.Handle("GET /search", web.SignedIn, "", u.searchPage)
}

type panelView struct {
	Panel
	List  []PanelItem
	Error bool
}

type workbenchView struct {
	Flash    string
	Name     string
	Panels   []panelView
	Operator bool
}

func (u *UI) workbench(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	v := &workbenchView{Flash: u.takeFlash(w, r), Name: p.Scope.ActorName(), Operator: p.Scope.IsOperator()}
	for _, pn := range u.panels {
		if pn.Perm != "" && !p.Scope.Can(pn.Perm) {
			continue
		}
		pv := panelView{Panel: pn}
		if pn.Items != nil {
			items, err := pn.Items(r.Context(), p.Scope)
			if err != nil {
				// One failing panel must not take the home page down.
				slog.Error("workbench panel", "panel", pn.Key, "err", err, "request_id", web.RequestIDFrom(r.Context()))
				pv.Error = true
			}
			pv.List = items
		}
		v.Panels = append(v.Panels, pv)
	}
	u.page(w, r, http.StatusOK, "home/workbench.html", "home.title", "workbench", v)
}

type searchGroup struct {
	Label string
	Hits  []SearchHit
}

type searchView struct {
	Q         string
	Groups    []searchGroup
	Providers int
}

func (u *UI) searchPage(w http.ResponseWriter, r *http.Request) {
	sc := principal(r).Scope
	v := &searchView{Q: strings.TrimSpace(r.URL.Query().Get("q"))}
	for _, sp := range u.search {
		if sp.Perm() != "" && !sc.Can(sp.Perm()) {
			continue
		}
		v.Providers++
		if v.Q == "" {
			continue
		}
		hits, err := sp.Search(r.Context(), sc, v.Q, 10)
		if err != nil {
			u.s.Fail(w, r, err)
			return
		}
		if len(hits) > 0 {
			v.Groups = append(v.Groups, searchGroup{Label: u.t(r, sp.Group()), Hits: hits})
		}
	}
	u.page(w, r, http.StatusOK, "home/search.html", "search.title", "", v)
}
