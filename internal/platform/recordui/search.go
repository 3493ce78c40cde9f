package recordui

import (
	"context"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// searchProviders puts every searchable top-level Type into the header's
// global search.
func (u *UI) searchProviders() {
	for _, t := range u.reg.Types() {
		if t.Of == "" && hasSearch(t) && !isDictItems(t) {
			u.ui.AddSearch(&provider{u: u, t: t})
		}
	}
}

// provider is the global search of one Type.
type provider struct {
	u *UI
	t *records.Type
}

func (p *provider) Group() string     { return plural(p.t) }
func (p *provider) Perm() tenant.Perm { return perm(p.t, tenant.View) }

// Search finds records by name, code, phone, pinyin or initials within the
// caller's data scope; the subtitle is the code and the first phone (masked
// by the engine without unmask).
func (p *provider) Search(ctx context.Context, sc tenant.Scope, q string, limit int) ([]adminui.SearchHit, error) {
	recs, err := p.u.svc.Search(ctx, sc, p.t, q, limit)
	if err != nil {
		return nil, err
	}
	out := make([]adminui.SearchHit, 0, len(recs))
	for _, r := range recs {
		var sub []string
		if c := codeOf(p.t, r); c != "" {
			sub = append(sub, c)
		}
		for _, f := range p.t.Fields {
			if f.Kind == records.Phone && r.String(f.Name) != "" {
				sub = append(sub, r.String(f.Name))
				break
			}
		}
		title := r.Name(p.t)
		if title == "" {
			title = codeOf(p.t, r)
		}
		out = append(out, adminui.SearchHit{Title: title, Subtitle: strings.Join(sub, " · "), Href: recordHref(p.t, r.ID)})
	}
	return out, nil
}
