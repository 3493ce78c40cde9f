package sales

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type salesCommView struct {
	ID        int64     `json:"id"`
	Channel   string    `json:"channel" enum:"phone,email,wechat,visit"`
	Text      string    `json:"text"`
	UserID    *int64    `json:"user_id,omitempty"`
	UserName  string    `json:"user_name"`
	CreatedAt time.Time `json:"created_at"`
}

func viewComm(c Communication) salesCommView {
	return salesCommView{ID: c.ID, Channel: c.Channel, Text: c.Text, UserID: c.UserID, UserName: c.UserName, CreatedAt: c.CreatedAt}
}

type salesCommsOut struct {
	Body struct {
		Items []salesCommView `json:"items"`
	}
}

type salesCommOut struct{ Body salesCommView }

// registerExtrasAPI adds copying an order and its communication log.
func registerExtrasAPI(api *web.API, svc *Service) {
	tags := []string{"sales-orders"}
	web.Op(api, huma.Operation{OperationID: "copy-sales-order", Method: http.MethodPost, Path: base + "/{id}/copy", Tags: tags,
		Summary: "Copy an order as a new draft", DefaultStatus: http.StatusCreated,
		Description: "Same customer, warehouse, payment method, shipping address, products, units and quantities. Prices are read " +
			"again from today's price list and tax rates from the products; line discounts, handler and notes are not copied. " +
			"The copy is audited as sales_order.copy with the source's number."},
		web.Perm, tenant.P(Module, tenant.Create), func(ctx context.Context, in *salesIDIn) (*salesCreatedOrderOut, error) {
			o, err := svc.Copy(ctx, web.ScopeFrom(ctx), in.ID, "api")
			if err != nil {
				return nil, err
			}
			return &salesCreatedOrderOut{Location: base + "/" + strconv.FormatInt(o.ID, 10), Body: viewOrder(o)}, nil
		})
	web.Op(api, huma.Operation{OperationID: "list-sales-order-communications", Method: http.MethodGet, Path: base + "/{id}/communications",
		Tags: tags, Summary: "The order's customer-communication log, newest first"},
		web.SignedIn, "", func(ctx context.Context, in *salesIDIn) (*salesCommsOut, error) {
			cs, err := svc.Communications(ctx, web.ScopeFrom(ctx), in.ID)
			if err != nil {
				return nil, err
			}
			out := &salesCommsOut{}
			out.Body.Items = make([]salesCommView, len(cs))
			for i, c := range cs {
				out.Body.Items[i] = viewComm(c)
			}
			return out, nil
		})
	web.Op(api, huma.Operation{OperationID: "add-sales-order-communication", Method: http.MethodPost, Path: base + "/{id}/communications",
		Tags: tags, Summary: "Log a talk with the customer (any status; entries are never edited)", DefaultStatus: http.StatusCreated},
		web.SignedIn, "", func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body struct {
				Channel string `json:"channel" enum:"phone,email,wechat,visit"`
				Text    string `json:"text" doc:"What was said (at most 2000 characters)"`
			}
		}) (*salesCommOut, error) {
			c, err := svc.Communicate(ctx, web.ScopeFrom(ctx), in.ID, in.Body.Channel, in.Body.Text)
			return &salesCommOut{Body: viewComm(c)}, err
		})
}
