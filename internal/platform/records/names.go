package records

import (
	"context"
	"fmt"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Titled is a record's id with what a list shows for it elsewhere: its
// code and name (a stock line's product, an order line's warehouse).
type Titled struct {
	ID   int64  `db:"id" json:"id"`
	Code string `db:"code" json:"code,omitempty"`
	Name string `db:"name" json:"name"`
}

// TitleOf is a record's "code name" on another module's page, its name
// when it has no code, or #id when it is not among the titles (not
// visible to the reader).
func TitleOf(m map[int64]Titled, id int64) string {
	t, ok := m[id]
	switch {
	case !ok:
		return fmt.Sprintf("#%d", id)
	case t.Code == "":
		return t.Name
	}
	return t.Code + " " + t.Name
}

// Titles returns the code and name of the records among ids that sc may
// see (others are left out), in one query of at most 500 ids at a time.
// Requires <module>.view; without it the answer is empty, not an error:
// the caller shows the bare ids.
func (s *Service) Titles(ctx context.Context, sc tenant.Scope, t *Type, ids []int64) (map[int64]Titled, error) {
	out := map[int64]Titled{}
	if len(ids) == 0 || allow(sc, t, tenant.View) != nil {
		return out, nil
	}
	m := s.meta(t)
	code := "''"
	if c := t.CodeFieldName(); c != "" {
		code = "coalesce(t." + c + ", '')"
	}
	vis, vargs := s.vis(m, sc, "t")
	q := db.Tenant(s.db.Read(), sc.Tenant())
	for len(ids) > 0 {
		n := min(len(ids), 500)
		part := make([]any, n)
		for i, id := range ids[:n] {
			part[i] = id
		}
		ids = ids[n:]
		in, part := padded(part)
		var rows []Titled
		if err := q.Select(ctx, &rows, "SELECT t.id, "+code+" AS code, coalesce(t."+t.nameField()+", '') AS name FROM "+m.key()+
			" t WHERE t.tenant_id = ? AND t.id IN ("+in+")"+vis, append(append([]any{q.Tenant}, part...), vargs...)...); err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.ID] = r
		}
	}
	return out, nil
}
