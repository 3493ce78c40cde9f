package inventory

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type countLineView struct {
	ID         int64         `json:"id"`
	LineNo     int           `json:"line_no"`
	ProductID  int64         `json:"product_id"`
	Expected   money.Amount  `json:"expected" doc:"On hand when the line was made"`
	OnHand     money.Amount  `json:"on_hand" doc:"On hand now"`
	Counted    *money.Amount `json:"counted" doc:"null until counted"`
	Booked     *money.Amount `json:"booked,omitempty" doc:"On hand when the count was posted"`
	Difference *money.Amount `json:"difference,omitempty" doc:"counted − on hand (at posting once posted)"`
}

type countJSON struct {
	ID          int64           `json:"id"`
	Number      string          `json:"number"`
	Status      string          `json:"status" enum:"draft,counting,posted,cancelled"`
	WarehouseID int64           `json:"warehouse_id"`
	CategoryID  *int64          `json:"category_id,omitempty"`
	Note        string          `json:"note"`
	Version     int             `json:"version"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	PostedAt    *time.Time      `json:"posted_at,omitempty"`
	Lines       []countLineView `json:"lines"`
}

func amountPtr(q *Qty) *money.Amount {
	if q == nil {
		return nil
	}
	a := money.FromScaled(*q)
	return &a
}

func viewCountLine(l CountLine) countLineView {
	v := countLineView{ID: l.ID, LineNo: l.LineNo, ProductID: l.ProductID, Expected: money.FromScaled(l.Expected),
		OnHand: money.FromScaled(l.OnHand), Counted: amountPtr(l.Counted), Booked: amountPtr(l.Booked)}
	if d, ok := l.Difference(); ok {
		v.Difference = amountPtr(&d)
	}
	return v
}

func viewCount(c Count) countJSON {
	v := countJSON{ID: c.ID, Number: c.Number, Status: c.Status, WarehouseID: c.WarehouseID, CategoryID: c.CategoryID, Note: c.Note,
		Version: c.Version, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, PostedAt: c.PostedAt, Lines: make([]countLineView, len(c.Lines))}
	for i, l := range c.Lines {
		v.Lines[i] = viewCountLine(l)
	}
	return v
}

type countCreateIn struct {
	Body struct {
		WarehouseID int64  `json:"warehouse_id"`
		CategoryID  int64  `json:"category_id,omitempty" doc:"Only this product category (and those under it)"`
		Note        string `json:"note,omitempty"`
	}
}

type countEnterIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Lines []struct {
			LineID  int64   `json:"line_id"`
			Counted *string `json:"counted" doc:"A decimal string; null clears the line's count"`
		} `json:"lines"`
	}
}

type countScanIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Barcode string `json:"barcode"`
	}
}

type countOut struct {
	Location string `header:"Location"`
	Body     countJSON
}

type countLineOut struct{ Body countLineView }

type countsOut struct {
	Body struct {
		Items []countJSON `json:"items"`
	}
}

// registerCountAPI adds /api/v1/stock-counts.
func registerCountAPI(api *web.API, svc *Service) {
	tags := []string{"inventory"}
	p := func(a tenant.Action) tenant.Perm { return tenant.P(Module, a) }
	base := "/api/v1/stock-counts"
	web.Op(api, huma.Operation{OperationID: "list-stock-counts", Method: http.MethodGet, Path: base, Tags: tags,
		Summary: "Stock count sheets, newest first"},
		web.Perm, p(tenant.View), func(ctx context.Context, in *docListIn) (*countsOut, error) {
			cs, err := svc.Counts(ctx, web.ScopeFrom(ctx), in.query())
			out := &countsOut{}
			out.Body.Items = make([]countJSON, len(cs))
			for i, c := range cs {
				out.Body.Items[i] = viewCount(c)
			}
			return out, err
		})
	web.Op(api, huma.Operation{OperationID: "create-stock-count", Method: http.MethodPost, Path: base, Tags: tags,
		Summary: "Make a count sheet with the on-hand expected now", DefaultStatus: http.StatusCreated},
		web.Perm, p(tenant.Create), func(ctx context.Context, in *countCreateIn) (*countOut, error) {
			c, err := svc.CreateCount(ctx, web.ScopeFrom(ctx), CountInput{WarehouseID: in.Body.WarehouseID, CategoryID: in.Body.CategoryID,
				Note: in.Body.Note})
			return &countOut{Location: base + "/" + strconv.FormatInt(c.ID, 10), Body: viewCount(c)}, err
		})
	web.Op(api, huma.Operation{OperationID: "get-stock-count", Method: http.MethodGet, Path: base + "/{id}", Tags: tags,
		Summary: "A count sheet with its lines, the on-hand now and the differences"},
		web.Perm, p(tenant.View), func(ctx context.Context, in *idIn) (*countOut, error) {
			c, err := svc.Count(ctx, web.ScopeFrom(ctx), in.ID)
			return &countOut{Body: viewCount(c)}, err
		})
	web.Op(api, huma.Operation{OperationID: "enter-stock-count", Method: http.MethodPost, Path: base + "/{id}/enter", Tags: tags,
		Summary: "Enter counted quantities (the first entry starts the count)"},
		web.Perm, p(tenant.Edit), func(ctx context.Context, in *countEnterIn) (*countOut, error) {
			entries := make([]CountEntry, len(in.Body.Lines))
			var c errs.Collector
			for i, l := range in.Body.Lines {
				entries[i].LineID = l.LineID
				if l.Counted != nil {
					q, err := parseQty(*l.Counted)
					if err != nil {
						c.Add("lines["+strconv.Itoa(i)+"].counted", "field.invalid")
					}
					entries[i].Counted = &q
				}
			}
			if err := c.Err(); err != nil {
				return nil, err
			}
			cnt, err := svc.EnterCounts(ctx, web.ScopeFrom(ctx), in.ID, entries)
			return &countOut{Body: viewCount(cnt)}, err
		})
	web.Op(api, huma.Operation{OperationID: "scan-stock-count", Method: http.MethodPost, Path: base + "/{id}/scan", Tags: tags,
		Summary: "Count one unit of the product with this barcode"},
		web.Perm, p(tenant.Edit), func(ctx context.Context, in *countScanIn) (*countLineOut, error) {
			l, err := svc.ScanCount(ctx, web.ScopeFrom(ctx), in.ID, in.Body.Barcode)
			return &countLineOut{Body: viewCountLine(l)}, err
		})
	actions := []struct {
		name, summary string
		fn            func(context.Context, tenant.Scope, int64, int) (Count, error)
	}{
		{"post", "Post counted − on hand (at posting time) as count gains and losses", svc.PostCount},
		{"cancel", "Cancel a count sheet before it is posted", svc.CancelCount},
	}
	for _, a := range actions {
		web.Op(api, huma.Operation{OperationID: a.name + "-stock-count", Method: http.MethodPost, Path: base + "/{id}/" + a.name, Tags: tags,
			Summary: a.summary},
			web.Perm, p(tenant.Edit), func(ctx context.Context, in *actionIn) (*countOut, error) {
				c, err := a.fn(ctx, web.ScopeFrom(ctx), in.ID, in.Body.Version)
				return &countOut{Body: viewCount(c)}, err
			})
	}
}
