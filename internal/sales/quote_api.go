package sales

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// The quotation's JSON shapes (decimals as strings, dates YYYY-MM-DD).

type salesQuoteStepView struct {
	ProcessStepID *int64       `json:"process_step_id,omitempty"`
	Name          string       `json:"name"`
	Hours         money.Amount `json:"hours" doc:"Per unit of the line"`
	Rate          money.Amount `json:"rate" doc:"Per hour"`
	Cost          money.Amount `json:"cost"`
}

type salesQuoteMaterialView struct {
	ProductID int64        `json:"product_id"`
	Qty       money.Amount `json:"qty" doc:"Per unit of the line, in the material's base unit"`
	UnitCost  money.Amount `json:"unit_cost"`
	Cost      money.Amount `json:"cost"`
}

type salesQuoteLineView struct {
	LineNo      int                      `json:"line_no"`
	Kind        string                   `json:"kind" enum:"product,route"`
	ProductID   int64                    `json:"product_id" doc:"A route line: the product the route makes"`
	Description string                   `json:"description,omitempty"`
	Unit        string                   `json:"unit"`
	Qty         money.Amount             `json:"qty"`
	Price       money.Amount             `json:"price" doc:"Per unit, before discount and tax"`
	Markup      *money.Amount            `json:"markup,omitempty" doc:"Percent on the unit cost the price came from"`
	Discount    money.Amount             `json:"discount" doc:"Percent off"`
	TaxRate     money.Amount             `json:"tax_rate" doc:"Percent"`
	Amount      money.Amount             `json:"amount" doc:"qty × price less the discount"`
	DiscountAm  money.Amount             `json:"discount_amount"`
	Tax         money.Amount             `json:"tax"`
	UnitCost    money.Amount             `json:"unit_cost" doc:"A route: Σ steps + Σ materials"`
	Cost        money.Amount             `json:"cost"`
	Margin      money.Amount             `json:"margin" doc:"amount − cost"`
	MarginPct   money.Amount             `json:"margin_pct" doc:"margin / amount, percent"`
	Steps       []salesQuoteStepView     `json:"steps,omitempty"`
	Materials   []salesQuoteMaterialView `json:"materials,omitempty"`
}

type salesQuoteView struct {
	ID          int64                `json:"id"`
	Number      string               `json:"number"`
	Status      string               `json:"status" enum:"draft,pending_review,approved,sent,accepted,declined,expired"`
	CustomerID  int64                `json:"customer_id"`
	WarehouseID *int64               `json:"warehouse_id,omitempty"`
	QuoteDate   string               `json:"quote_date"`
	ValidUntil  string               `json:"valid_until"`
	Notes       string               `json:"notes,omitempty"`
	Currency    string               `json:"currency"`
	Subtotal    money.Amount         `json:"subtotal"`
	Discount    money.Amount         `json:"discount"`
	Tax         money.Amount         `json:"tax"`
	Total       money.Amount         `json:"total"`
	Cost        money.Amount         `json:"cost"`
	Margin      money.Amount         `json:"margin"`
	MarginPct   money.Amount         `json:"margin_pct"`
	OrderID     *int64               `json:"order_id,omitempty" doc:"The sales order made on acceptance"`
	OwnerID     *int64               `json:"owner_id,omitempty"`
	CreatedAt   time.Time            `json:"created_at"`
	UpdatedAt   time.Time            `json:"updated_at"`
	Version     int                  `json:"version"`
	Lines       []salesQuoteLineView `json:"lines,omitempty"`
}

func viewQuote(q Quote) salesQuoteView {
	m := money.FromScaled
	v := salesQuoteView{ID: q.ID, Number: q.Number, Status: q.Status, CustomerID: q.CustomerID, WarehouseID: q.WarehouseID,
		QuoteDate: q.QuoteDate, ValidUntil: q.ValidUntil, Notes: q.Notes, Currency: q.Currency, Subtotal: m(q.Subtotal),
		Discount: m(q.Discount), Tax: m(q.Tax), Total: m(q.Total), Cost: m(q.Cost), Margin: m(q.Margin), MarginPct: m(q.MarginPct),
		OrderID: q.OrderID, OwnerID: q.OwnerID, CreatedAt: q.CreatedAt, UpdatedAt: q.UpdatedAt, Version: q.Version}
	for _, l := range q.Lines {
		lv := salesQuoteLineView{LineNo: l.LineNo, Kind: l.Kind, ProductID: l.ProductID, Description: l.Description, Unit: l.Unit,
			Qty: m(l.Qty), Price: m(l.Price), Discount: m(l.DiscountPct), TaxRate: m(l.TaxRate), Amount: m(l.Amount),
			DiscountAm: m(l.Discount), Tax: m(l.Tax), UnitCost: m(l.UnitCost), Cost: m(l.Cost), Margin: m(l.Margin), MarginPct: m(l.MarginPct)}
		if l.MarkupPct != nil {
			mk := m(*l.MarkupPct)
			lv.Markup = &mk
		}
		for _, st := range l.Steps {
			lv.Steps = append(lv.Steps, salesQuoteStepView{ProcessStepID: st.ProcessStepID, Name: st.Name, Hours: m(st.Hours),
				Rate: m(st.Rate), Cost: m(st.Cost)})
		}
		for _, mt := range l.Materials {
			lv.Materials = append(lv.Materials, salesQuoteMaterialView{ProductID: mt.ProductID, Qty: m(mt.Qty), UnitCost: m(mt.UnitCost),
				Cost: m(mt.Cost)})
		}
		v.Lines = append(v.Lines, lv)
	}
	return v
}

type salesQuoteStepInput struct {
	ProcessStepID int64  `json:"process_step_id,omitempty" doc:"A process step (工序): its name and rate when those are absent"`
	Name          string `json:"name,omitempty"`
	Hours         string `json:"hours,omitempty" doc:"Per unit of the line (decimal string)"`
	Rate          string `json:"rate,omitempty" doc:"Per hour"`
}

type salesQuoteMaterialInput struct {
	ProductID int64  `json:"product_id,omitempty"`
	Qty       string `json:"qty,omitempty" doc:"Per unit of the line, in the material's base unit"`
	UnitCost  string `json:"unit_cost,omitempty" doc:"The product's standard cost when absent"`
}

type salesQuoteLineInput struct {
	Kind        string                    `json:"kind,omitempty" enum:"product,route," doc:"product when absent"`
	ProductID   int64                     `json:"product_id,omitempty" doc:"A route line: the product the route makes"`
	Description string                    `json:"description,omitempty"`
	Unit        string                    `json:"unit,omitempty" doc:"The product's base unit when absent"`
	Qty         string                    `json:"qty,omitempty"`
	Price       string                    `json:"price,omitempty" doc:"A product: the customer's price-list price when absent; a route: unit cost × (1 + markup %) when absent"`
	Markup      string                    `json:"markup,omitempty" doc:"Routes: percent on the unit cost"`
	Discount    string                    `json:"discount,omitempty" doc:"Percent off"`
	TaxRate     string                    `json:"tax_rate,omitempty" doc:"Percent; the product's when absent"`
	UnitCost    string                    `json:"unit_cost,omitempty" doc:"Products: the standard cost when absent"`
	Steps       []salesQuoteStepInput     `json:"steps,omitempty"`
	Materials   []salesQuoteMaterialInput `json:"materials,omitempty"`
}

type salesQuoteInput struct {
	CustomerID  int64                 `json:"customer_id,omitempty"`
	WarehouseID int64                 `json:"warehouse_id,omitempty" doc:"Where the order made on acceptance ships from"`
	QuoteDate   string                `json:"quote_date,omitempty" doc:"YYYY-MM-DD; today when absent"`
	ValidUntil  string                `json:"valid_until,omitempty" doc:"YYYY-MM-DD; 30 days after the quote date when absent"`
	Notes       string                `json:"notes,omitempty"`
	Lines       []salesQuoteLineInput `json:"lines,omitempty"`
	Version     int                   `json:"version,omitempty" doc:"Updates: the version last read"`
}

func (b salesQuoteInput) input() QuoteInput {
	in := QuoteInput{CustomerID: b.CustomerID, WarehouseID: b.WarehouseID, QuoteDate: b.QuoteDate, ValidUntil: b.ValidUntil,
		Notes: b.Notes, Version: b.Version}
	for _, l := range b.Lines {
		li := QuoteLineInput{Kind: l.Kind, ProductID: l.ProductID, Description: l.Description, Unit: l.Unit, Qty: l.Qty, Price: l.Price,
			Markup: l.Markup, Discount: l.Discount, TaxRate: l.TaxRate, UnitCost: l.UnitCost}
		for _, st := range l.Steps {
			li.Steps = append(li.Steps, QuoteStepInput{ProcessStepID: st.ProcessStepID, Name: st.Name, Hours: st.Hours, Rate: st.Rate})
		}
		for _, m := range l.Materials {
			li.Materials = append(li.Materials, QuoteMaterialInput{ProductID: m.ProductID, Qty: m.Qty, UnitCost: m.UnitCost})
		}
		in.Lines = append(in.Lines, li)
	}
	return in
}

type salesQuoteOut struct{ Body salesQuoteView }

type salesCreatedQuoteOut struct {
	Location string `header:"Location"`
	Body     salesQuoteView
}

type salesQuoteListIn struct {
	Q          string `query:"q" doc:"Part of the quotation number"`
	Status     string `query:"status" enum:"draft,pending_review,approved,sent,accepted,declined,expired,"`
	CustomerID int64  `query:"customer_id"`
	OwnerID    int64  `query:"owner_id"`
	Sort       string `query:"sort" doc:"id, number, quote_date, valid_until, total or margin_pct; - for descending (default -id)"`
	Limit      int    `query:"limit" doc:"At most 200 (default 50)"`
	Cursor     string `query:"cursor"`
}

type salesQuoteListOut = web.Page[salesQuoteView]

type salesQuoteActionIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version     int    `json:"version,omitempty" doc:"The version last read; 409 when it changed since"`
		Comment     string `json:"comment,omitempty" doc:"approve/reject: the reviewer's comment (required to reject)"`
		Reason      string `json:"reason,omitempty" doc:"decline: why the customer declined"`
		WarehouseID int64  `json:"warehouse_id,omitempty" doc:"accept: where the order ships from (the quotation's when absent)"`
	}
}

const quoteBase = "/api/v1/quotations"

// RegisterQuoteAPI adds the quotation operations.
func RegisterQuoteAPI(api *web.API, svc *Service) {
	tags := []string{"quotations"}
	perm := func(a tenant.Action) tenant.Perm { return tenant.P(QuoteModule, a) }
	web.Op(api, huma.Operation{OperationID: "list-quotations", Method: http.MethodGet, Path: quoteBase, Tags: tags,
		Summary: "List quotations (without lines)"},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *salesQuoteListIn) (*salesQuoteListOut, error) {
			lq := list.Query{Q: in.Q, Sort: in.Sort, Limit: in.Limit, Cursor: in.Cursor, Filters: map[string]string{"status": in.Status}}
			for k, v := range map[string]int64{"customer_id": in.CustomerID, "owner_id": in.OwnerID} {
				if v > 0 {
					lq.Filters[k] = strconv.FormatInt(v, 10)
				}
			}
			p, err := svc.ListQuotes(ctx, web.ScopeFrom(ctx), lq)
			if err != nil {
				return nil, err
			}
			return web.PageOf(p, viewQuote), nil
		})
	web.Op(api, huma.Operation{OperationID: "get-quotation", Method: http.MethodGet, Path: quoteBase + "/{id}", Tags: tags,
		Summary: "Get a quotation with its lines, route steps and materials"},
		web.SignedIn, "", func(ctx context.Context, in *salesIDIn) (*salesQuoteOut, error) {
			q, err := svc.GetQuote(ctx, web.ScopeFrom(ctx), in.ID)
			return &salesQuoteOut{Body: viewQuote(q)}, err
		})
	web.Op(api, huma.Operation{OperationID: "create-quotation", Method: http.MethodPost, Path: quoteBase, Tags: tags,
		Summary: "Create a draft quotation", DefaultStatus: http.StatusCreated},
		web.Perm, perm(tenant.Create), func(ctx context.Context, in *struct{ Body salesQuoteInput }) (*salesCreatedQuoteOut, error) {
			q, err := svc.CreateQuote(ctx, web.ScopeFrom(ctx), in.Body.input())
			if err != nil {
				return nil, err
			}
			return &salesCreatedQuoteOut{Location: quoteBase + "/" + strconv.FormatInt(q.ID, 10), Body: viewQuote(q)}, nil
		})
	web.Op(api, huma.Operation{OperationID: "update-quotation", Method: http.MethodPatch, Path: quoteBase + "/{id}", Tags: tags,
		Summary:     "Change a draft quotation",
		Description: "Send the whole quotation (lines replaced) and the version you last read; 409 when it changed since or is not a draft."},
		web.Perm, perm(tenant.Edit), func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body salesQuoteInput
		}) (*salesQuoteOut, error) {
			q, err := svc.UpdateQuote(ctx, web.ScopeFrom(ctx), in.ID, in.Body.input())
			return &salesQuoteOut{Body: viewQuote(q)}, err
		})
	web.Op(api, huma.Operation{OperationID: "delete-quotation", Method: http.MethodDelete, Path: quoteBase + "/{id}", Tags: tags,
		Summary: "Delete a draft quotation", DefaultStatus: http.StatusNoContent},
		web.Perm, perm(tenant.Delete), func(ctx context.Context, in *struct {
			ID      int64 `path:"id" minimum:"1"`
			Version int   `query:"version" required:"true" minimum:"1"`
		}) (*struct{}, error) {
			return nil, svc.DeleteQuote(ctx, web.ScopeFrom(ctx), in.ID, in.Version)
		})

	action := func(name, summary string, access web.Access, p tenant.Perm,
		do func(ctx context.Context, sc tenant.Scope, in *salesQuoteActionIn) (Quote, error)) {
		web.Op(api, huma.Operation{OperationID: name + "-quotation", Method: http.MethodPost, Path: quoteBase + "/{id}/" + name, Tags: tags,
			Summary: summary},
			access, p, func(ctx context.Context, in *salesQuoteActionIn) (*salesQuoteOut, error) {
				q, err := do(ctx, web.ScopeFrom(ctx), in)
				return &salesQuoteOut{Body: viewQuote(q)}, err
			})
	}
	action("submit", "Submit a draft for review (approved at once when no rule applies)", web.Perm, perm(tenant.Edit),
		func(ctx context.Context, sc tenant.Scope, in *salesQuoteActionIn) (Quote, error) {
			return svc.SubmitQuote(ctx, sc, in.ID, in.Body.Version)
		})
	action("approve", "Approve as a reviewer of the current level", web.SignedIn, "",
		func(ctx context.Context, sc tenant.Scope, in *salesQuoteActionIn) (Quote, error) {
			return svc.DecideQuote(ctx, sc, in.ID, true, in.Body.Comment)
		})
	action("reject", "Reject (comment required): the quotation goes back to draft", web.SignedIn, "",
		func(ctx context.Context, sc tenant.Scope, in *salesQuoteActionIn) (Quote, error) {
			return svc.DecideQuote(ctx, sc, in.ID, false, in.Body.Comment)
		})
	action("send", "Mark an approved quotation as sent to the customer", web.Perm, perm(tenant.Edit),
		func(ctx context.Context, sc tenant.Scope, in *salesQuoteActionIn) (Quote, error) {
			return svc.SendQuote(ctx, sc, in.ID, in.Body.Version)
		})
	action("accept", "The customer accepted: makes a draft sales order of the quotation's lines (needs sales.create)", web.Perm,
		perm(tenant.Edit), func(ctx context.Context, sc tenant.Scope, in *salesQuoteActionIn) (Quote, error) {
			return svc.AcceptQuote(ctx, sc, in.ID, in.Body.Version, in.Body.WarehouseID)
		})
	action("decline", "The customer declined (reason optional)", web.Perm, perm(tenant.Edit),
		func(ctx context.Context, sc tenant.Scope, in *salesQuoteActionIn) (Quote, error) {
			return svc.DeclineQuote(ctx, sc, in.ID, in.Body.Version, in.Body.Reason)
		})
}
