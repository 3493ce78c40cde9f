package docflow

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Listing is where a module's document list reads from: the table, the
// columns of T, and the sort value of an item for the next page's cursor.
type Listing[T any] struct {
	Module string // view permission and data scope (owner_id, department_id)
	Table  string
	Cols   string
	Spec   list.Spec
	Key    func(sort string, item T) (sortValue any, id int64)
}

// Page is one page of the documents sc may see (module.view within its data
// scope) with the count of all that match, up to list.CountCap+1 (see
// Page.Capped: a count over a million orders took longer than the page);
// never nil items.
func (l Listing[T]) Page(ctx context.Context, rq db.Querier, sc tenant.Scope, lq list.Query) (list.Page[T], error) {
	var p list.Page[T]
	if !sc.Can(tenant.P(l.Module, tenant.View)) {
		return p, errs.Forbidden("forbidden")
	}
	b, err := l.Spec.Build(lq, db.ILike(rq))
	if err != nil {
		return p, err
	}
	q := db.Tenant(rq, sc.Tenant())
	vis, vargs := sc.Visibility(l.Module, "owner_id", "department_id")
	where := ` WHERE tenant_id = ?` + vis
	args := append([]any{q.Tenant}, vargs...)
	if err := q.Get(ctx, &p.Total, `SELECT count(*) FROM (SELECT 1 FROM `+l.Table+where+b.CountWhr+` LIMIT ?) x`,
		append(append(args, b.CountArgs...), list.CountCap+1)...); err != nil {
		return p, err
	}
	if err := q.Select(ctx, &p.Items, `SELECT `+l.Cols+` FROM `+l.Table+where+b.Where+b.Order, append(args, b.Args...)...); err != nil {
		return p, err
	}
	p.Limit, p.PageNum = b.Limit, b.PageNum
	if len(p.Items) > b.Limit {
		p.Items = p.Items[:b.Limit]
		p.NextCursor = list.Cursor(l.Key(lq.Sort, p.Items[len(p.Items)-1]))
	}
	if p.Items == nil {
		p.Items = []T{}
	}
	return p, nil
}
