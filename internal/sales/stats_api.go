package sales

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type salesStatsRow struct {
	Key      string       `json:"key" doc:"Period (2026-03-15, 2026-W11, 2026-03, 2026-Q1, 2026), customer/product/user id, channel, or region/brand code; empty: none"`
	Label    string       `json:"label,omitempty" doc:"The customer's, product's, salesperson's, region's or brand's name"`
	Orders   int          `json:"orders"`
	Qty      money.Amount `json:"qty" doc:"By product and brand: base units"`
	Subtotal money.Amount `json:"subtotal" doc:"Before discount"`
	Discount money.Amount `json:"discount"`
	Tax      money.Amount `json:"tax"`
	Total    money.Amount `json:"total" doc:"subtotal − discount + tax"`
}

func viewStatsRows(rows []StatsRow, labels map[string]string) []salesStatsRow {
	out := make([]salesStatsRow, len(rows))
	for i, r := range rows {
		out[i] = viewStatsRow(r)
		out[i].Label = labels[r.Key]
	}
	return out
}

func viewStatsRow(r StatsRow) salesStatsRow {
	return salesStatsRow{Key: r.Key, Orders: r.Orders, Qty: money.FromScaled(r.Qty), Subtotal: money.FromScaled(r.Subtotal),
		Discount: money.FromScaled(r.Discount), Tax: money.FromScaled(r.Tax), Total: money.FromScaled(r.Total)}
}

type salesStatsIn struct {
	Group       string `query:"group" enum:"day,week,month,quarter,year,customer,product,owner,region,channel," doc:"month when absent"`
	From        string `query:"from" doc:"First order date, YYYY-MM-DD"`
	To          string `query:"to" doc:"Last order date, YYYY-MM-DD"`
	Status      string `query:"status" doc:"Comma-separated statuses; approved, partially_shipped, shipped, completed and closed when absent"`
	CustomerID  int64  `query:"customer_id"`
	WarehouseID int64  `query:"warehouse_id"`
	Top         int    `query:"top" doc:"A ranking: only the N largest groups (at most 100; periods ignore it)"`
}

type salesStatsOut struct {
	Body struct {
		Group string          `json:"group"`
		Rows  []salesStatsRow `json:"rows"`
		Sum   salesStatsRow   `json:"sum" doc:"The whole selection (orders counted once)"`
	}
}

type salesCustomerHistoryOut struct {
	Body struct {
		CustomerID int64           `json:"customer_id"`
		From       string          `json:"from"`
		To         string          `json:"to"`
		Months     []salesStatsRow `json:"months" doc:"Every month of the window, oldest first"`
		Brands     []salesStatsRow `json:"brands" doc:"By the products' brand, largest first"`
		Sum        salesStatsRow   `json:"sum"`
	}
}

func splitStatuses(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// registerStatsAPI adds the order statistics (sales.view; the data scope
// applies: a salesperson's cover their own orders).
func registerStatsAPI(api *web.API, svc *Service) {
	tags := []string{"sales-orders"}
	view := tenant.P(Module, tenant.View)
	web.Op(api, huma.Operation{OperationID: "sales-order-stats", Method: http.MethodGet, Path: base + "/stats", Tags: tags,
		Summary: "Order statistics: count and amounts by period, customer, product, salesperson, region or channel"},
		web.Perm, view, func(ctx context.Context, in *salesStatsIn) (*salesStatsOut, error) {
			sc := web.ScopeFrom(ctx)
			st, err := svc.Stats(ctx, sc, StatsQuery{Group: in.Group, From: in.From, To: in.To, Statuses: splitStatuses(in.Status),
				CustomerID: in.CustomerID, WarehouseID: in.WarehouseID, Top: in.Top})
			if err != nil {
				return nil, err
			}
			keys := make([]string, len(st.Rows))
			for i, r := range st.Rows {
				keys[i] = r.Key
			}
			labels, err := svc.StatsLabels(ctx, sc, st.Group, keys)
			if err != nil {
				return nil, err
			}
			out := &salesStatsOut{}
			out.Body.Group, out.Body.Rows, out.Body.Sum = st.Group, viewStatsRows(st.Rows, labels), viewStatsRow(st.Sum)
			return out, nil
		})
	web.Op(api, huma.Operation{OperationID: "sales-customer-history", Method: http.MethodGet, Path: base + "/stats/customer-history",
		Tags: tags, Summary: "A customer's last months of orders, by month and by brand"},
		web.Perm, view, func(ctx context.Context, in *struct {
			CustomerID int64  `query:"customer_id" required:"true"`
			Months     int    `query:"months" doc:"12 when absent, at most 36"`
			Status     string `query:"status" doc:"Comma-separated statuses, as for the statistics"`
		}) (*salesCustomerHistoryOut, error) {
			sc := web.ScopeFrom(ctx)
			h, err := svc.CustomerHistory(ctx, sc, in.CustomerID, in.Months, splitStatuses(in.Status))
			if err != nil {
				return nil, err
			}
			keys := make([]string, len(h.Brands))
			for i, r := range h.Brands {
				keys[i] = r.Key
			}
			labels, err := svc.StatsLabels(ctx, sc, "brand", keys)
			if err != nil {
				return nil, err
			}
			out := &salesCustomerHistoryOut{}
			out.Body.CustomerID, out.Body.From, out.Body.To = h.CustomerID, h.From, h.To
			out.Body.Months, out.Body.Brands, out.Body.Sum = viewStatsRows(h.Months, nil), viewStatsRows(h.Brands, labels), viewStatsRow(h.Sum)
			return out, nil
		})
}
