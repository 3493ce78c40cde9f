package inventory

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type transferView struct {
	ID              int64      `json:"id"`
	Number          string     `json:"number"`
	Status          string     `json:"status" enum:"draft,in_transit,received,cancelled"`
	FromWarehouseID int64      `json:"from_warehouse_id"`
	ToWarehouseID   int64      `json:"to_warehouse_id"`
	Note            string     `json:"note"`
	Version         int        `json:"version"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	ShippedAt       *time.Time `json:"shipped_at,omitempty"`
	ReceivedAt      *time.Time `json:"received_at,omitempty"`
	Lines           []lineView `json:"lines"`
}

func viewTransfer(t Transfer) transferView {
	return transferView{ID: t.ID, Number: t.Number, Status: t.Status, FromWarehouseID: t.FromWarehouseID, ToWarehouseID: t.ToWarehouseID,
		Note: t.Note, Version: t.Version, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt, ShippedAt: t.ShippedAt, ReceivedAt: t.ReceivedAt,
		Lines: viewLines(t.Lines)}
}

type transferBody struct {
	FromWarehouseID int64    `json:"from_warehouse_id"`
	ToWarehouseID   int64    `json:"to_warehouse_id"`
	Note            string   `json:"note,omitempty"`
	Lines           []lineIn `json:"lines"`
}

func (b transferBody) input() (TransferInput, error) {
	lines, err := linesOf(b.Lines)
	return TransferInput{FromWarehouseID: b.FromWarehouseID, ToWarehouseID: b.ToWarehouseID, Note: b.Note, Lines: lines}, err
}

type transferCreateIn struct{ Body transferBody }

type transferPatchIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		FromWarehouseID int64    `json:"from_warehouse_id"`
		ToWarehouseID   int64    `json:"to_warehouse_id"`
		Note            string   `json:"note,omitempty"`
		Lines           []lineIn `json:"lines"`
		Version         int      `json:"version" required:"true"`
	}
}

type transferOut struct {
	Location string `header:"Location"`
	Body     transferView
}

type transfersOut struct {
	Body struct {
		Items []transferView `json:"items"`
	}
}

// registerTransferAPI adds /api/v1/transfers.
func registerTransferAPI(api *web.API, svc *Service) {
	tags := []string{"inventory"}
	p := func(a tenant.Action) tenant.Perm { return tenant.P(Module, a) }
	base := "/api/v1/transfers"
	web.Op(api, huma.Operation{OperationID: "list-stock-transfers", Method: http.MethodGet, Path: base, Tags: tags,
		Summary: "Transfers between warehouses, newest first"},
		web.Perm, p(tenant.View), func(ctx context.Context, in *docListIn) (*transfersOut, error) {
			ts, err := svc.Transfers(ctx, web.ScopeFrom(ctx), in.query())
			out := &transfersOut{}
			out.Body.Items = make([]transferView, len(ts))
			for i, t := range ts {
				out.Body.Items[i] = viewTransfer(t)
			}
			return out, err
		})
	web.Op(api, huma.Operation{OperationID: "create-stock-transfer", Method: http.MethodPost, Path: base, Tags: tags,
		Summary: "Draft a transfer", DefaultStatus: http.StatusCreated},
		web.Perm, p(tenant.Create), func(ctx context.Context, in *transferCreateIn) (*transferOut, error) {
			ti, err := in.Body.input()
			if err != nil {
				return nil, err
			}
			t, err := svc.CreateTransfer(ctx, web.ScopeFrom(ctx), ti)
			return &transferOut{Location: base + "/" + strconv.FormatInt(t.ID, 10), Body: viewTransfer(t)}, err
		})
	web.Op(api, huma.Operation{OperationID: "get-stock-transfer", Method: http.MethodGet, Path: base + "/{id}", Tags: tags,
		Summary: "A transfer with its lines"},
		web.Perm, p(tenant.View), func(ctx context.Context, in *idIn) (*transferOut, error) {
			t, err := svc.Transfer(ctx, web.ScopeFrom(ctx), in.ID)
			return &transferOut{Body: viewTransfer(t)}, err
		})
	web.Op(api, huma.Operation{OperationID: "update-stock-transfer", Method: http.MethodPatch, Path: base + "/{id}", Tags: tags,
		Summary: "Change a draft transfer (its lines are replaced)"},
		web.Perm, p(tenant.Edit), func(ctx context.Context, in *transferPatchIn) (*transferOut, error) {
			b := in.Body
			ti, err := transferBody{FromWarehouseID: b.FromWarehouseID, ToWarehouseID: b.ToWarehouseID, Note: b.Note, Lines: b.Lines}.input()
			if err != nil {
				return nil, err
			}
			t, err := svc.UpdateTransfer(ctx, web.ScopeFrom(ctx), in.ID, in.Body.Version, ti)
			return &transferOut{Body: viewTransfer(t)}, err
		})
	actions := []struct {
		name, summary string
		fn            func(context.Context, tenant.Scope, int64, int) (Transfer, error)
	}{
		{"ship", "Ship a draft transfer: its stock leaves the source warehouse and is in transit", svc.ShipTransfer},
		{"receive", "Receive a transfer in transit into the destination warehouse", svc.ReceiveTransfer},
		{"cancel", "Cancel a draft transfer", svc.CancelTransfer},
	}
	for _, a := range actions {
		web.Op(api, huma.Operation{OperationID: a.name + "-stock-transfer", Method: http.MethodPost, Path: base + "/{id}/" + a.name, Tags: tags,
			Summary: a.summary},
			web.Perm, p(tenant.Edit), func(ctx context.Context, in *actionIn) (*transferOut, error) {
				t, err := a.fn(ctx, web.ScopeFrom(ctx), in.ID, in.Body.Version)
				return &transferOut{Body: viewTransfer(t)}, err
			})
	}
}
