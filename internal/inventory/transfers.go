package inventory

import (
	"context"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Transfer is a transfer (调拨单) between two warehouses of the tenant.
type Transfer struct {
	ID              int64      `db:"id" json:"id"`
	Number          string     `db:"number" json:"number"`
	Status          string     `db:"status" json:"status"`
	FromWarehouseID int64      `db:"from_warehouse_id" json:"from_warehouse_id"`
	ToWarehouseID   int64      `db:"to_warehouse_id" json:"to_warehouse_id"`
	Note            string     `db:"note" json:"note"`
	Version         int        `db:"version" json:"version"`
	CreatedBy       *int64     `db:"created_by" json:"created_by,omitempty"`
	CreatedAt       time.Time  `db:"created_at" json:"created_at"`
	UpdatedAt       time.Time  `db:"updated_at" json:"updated_at"`
	ShippedAt       *time.Time `db:"shipped_at" json:"shipped_at,omitempty"`
	ReceivedAt      *time.Time `db:"received_at" json:"received_at,omitempty"`
	Lines           []DocLine  `db:"-" json:"lines"`
}

// TransferInput is a transfer as entered.
type TransferInput struct {
	FromWarehouseID int64
	ToWarehouseID   int64
	Note            string
	Lines           []LineInput
}

const transferCols = `id, number, status, from_warehouse_id, to_warehouse_id, note, version, created_by, created_at, updated_at,
	shipped_at, received_at`

// check validates a transfer's fields, every problem at once.
func (s *Service) checkTransfer(ctx context.Context, q db.Scoped, in *TransferInput) error {
	var c errs.Collector
	in.Note = trimNote(&c, "note", in.Note)
	checkLines(&c, in.Lines, false)
	if err := s.checkDocRefs(ctx, q, &c, map[string]int64{"from_warehouse_id": in.FromWarehouseID, "to_warehouse_id": in.ToWarehouseID},
		in.Lines); err != nil {
		return err
	}
	if in.FromWarehouseID > 0 && in.FromWarehouseID == in.ToWarehouseID {
		c.Add("to_warehouse_id", "inventory.transfer.same_warehouse")
	}
	return c.Err()
}

// CreateTransfer makes a draft transfer with the next number. Requires
// inventory.create.
func (s *Service) CreateTransfer(ctx context.Context, sc tenant.Scope, in TransferInput) (Transfer, error) {
	if err := can(sc, tenant.Create); err != nil {
		return Transfer{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		if err := s.checkTransfer(ctx, q, &in); err != nil {
			return err
		}
		number, err := s.nextNumber(ctx, tx, sc, DocTransfer)
		if err != nil {
			return err
		}
		now := db.Now()
		if id, err = db.Insert(ctx, q, `INSERT INTO stock_transfers (tenant_id, number, status, from_warehouse_id, to_warehouse_id, note,
			created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, q.Tenant, number, StatusDraft, in.FromWarehouseID,
			in.ToWarehouseID, in.Note, actorOf(sc), now, now); err != nil {
			return err
		}
		if err := writeLines(ctx, q, "stock_transfer_lines", "transfer_id", id, in.Lines); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocTransfer+".create", DocTransfer, id, audit.Change{Field: "number", After: number},
			audit.Change{Field: "from_warehouse_id", After: in.FromWarehouseID}, audit.Change{Field: "to_warehouse_id", After: in.ToWarehouseID},
			audit.Change{Field: "lines", After: len(in.Lines)})
	})
	if err != nil {
		return Transfer{}, err
	}
	return s.Transfer(ctx, sc, id)
}

// UpdateTransfer changes a draft transfer (its lines are replaced).
// Requires inventory.edit.
func (s *Service) UpdateTransfer(ctx context.Context, sc tenant.Scope, id int64, version int, in TransferInput) (Transfer, error) {
	if err := can(sc, tenant.Edit); err != nil {
		return Transfer{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		if _, err := lockDoc(ctx, q, "stock_transfers", id, version, StatusDraft); err != nil {
			return err
		}
		before, err := transferRow(ctx, q, id)
		if err != nil {
			return err
		}
		if err := s.checkTransfer(ctx, q, &in); err != nil {
			return err
		}
		if err := setStatus(ctx, q, "stock_transfers", id, StatusDraft, "from_warehouse_id = ?, to_warehouse_id = ?, note = ?",
			in.FromWarehouseID, in.ToWarehouseID, in.Note); err != nil {
			return err
		}
		if err := writeLines(ctx, q, "stock_transfer_lines", "transfer_id", id, in.Lines); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocTransfer+".update", DocTransfer, id,
			audit.Change{Field: "from_warehouse_id", Before: before.FromWarehouseID, After: in.FromWarehouseID},
			audit.Change{Field: "to_warehouse_id", Before: before.ToWarehouseID, After: in.ToWarehouseID},
			audit.Change{Field: "note", Before: before.Note, After: in.Note}, audit.Change{Field: "lines", After: len(in.Lines)})
	})
	if err != nil {
		return Transfer{}, err
	}
	return s.Transfer(ctx, sc, id)
}

// ShipTransfer posts the transfer out of the source warehouse: the goods
// are in transit until received. Not enough available stock is the
// ledger's conflict "inventory.insufficient" and nothing changes.
// Requires inventory.edit.
func (s *Service) ShipTransfer(ctx context.Context, sc tenant.Scope, id int64, version int) (Transfer, error) {
	return s.moveTransfer(ctx, sc, id, version, StatusDraft, StatusInTransit, TransferOut, "ship", "shipped_at")
}

// ReceiveTransfer posts the transfer into the destination warehouse.
// Requires inventory.edit.
func (s *Service) ReceiveTransfer(ctx context.Context, sc tenant.Scope, id int64, version int) (Transfer, error) {
	return s.moveTransfer(ctx, sc, id, version, StatusInTransit, StatusReceived, TransferIn, "receive", "received_at")
}

// moveTransfer posts one leg of a transfer, every line, and moves it on.
func (s *Service) moveTransfer(ctx context.Context, sc tenant.Scope, id int64, version int, from, to string, kind Kind,
	action, stamp string) (Transfer, error) {
	if err := can(sc, tenant.Edit); err != nil {
		return Transfer{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		if _, err := lockDoc(ctx, q, "stock_transfers", id, version, from); err != nil {
			return err
		}
		t, err := transferRow(ctx, q, id)
		if err != nil {
			return err
		}
		w := t.FromWarehouseID
		if kind == TransferIn {
			w = t.ToWarehouseID
		}
		moves := make([]Move, len(t.Lines))
		for i, l := range t.Lines {
			moves[i] = Move{Kind: kind, ProductID: l.ProductID, WarehouseID: w, Qty: l.Qty, DocType: DocTransfer, DocID: id,
				DocLine: l.ID, Note: t.Number}
		}
		if _, err := s.PostTx(ctx, tx, sc, moves...); err != nil {
			return err
		}
		if err := setStatus(ctx, q, "stock_transfers", id, to, stamp+" = ?", db.Now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocTransfer+"."+action, DocTransfer, id, audit.Change{Field: "status", Before: from, After: to})
	})
	if err != nil {
		return Transfer{}, err
	}
	return s.Transfer(ctx, sc, id)
}

// CancelTransfer cancels a draft transfer. Requires inventory.edit.
func (s *Service) CancelTransfer(ctx context.Context, sc tenant.Scope, id int64, version int) (Transfer, error) {
	if err := can(sc, tenant.Edit); err != nil {
		return Transfer{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		if _, err := lockDoc(ctx, q, "stock_transfers", id, version, StatusDraft); err != nil {
			return err
		}
		if err := setStatus(ctx, q, "stock_transfers", id, StatusCancelled, ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocTransfer+".cancel", DocTransfer, id,
			audit.Change{Field: "status", Before: StatusDraft, After: StatusCancelled})
	})
	if err != nil {
		return Transfer{}, err
	}
	return s.Transfer(ctx, sc, id)
}

// Transfer reads a transfer with its lines. Requires inventory.view.
func (s *Service) Transfer(ctx context.Context, sc tenant.Scope, id int64) (Transfer, error) {
	if err := can(sc, tenant.View); err != nil {
		return Transfer{}, err
	}
	return transferRow(ctx, db.Tenant(s.db.Read(), sc.Tenant()), id)
}

func transferRow(ctx context.Context, q db.Scoped, id int64) (Transfer, error) {
	var ts []Transfer
	if err := q.Select(ctx, &ts, `SELECT `+transferCols+` FROM stock_transfers WHERE tenant_id = ? AND id = ?`, q.Tenant, id); err != nil {
		return Transfer{}, err
	}
	if len(ts) == 0 {
		return Transfer{}, errs.NotFound("not_found")
	}
	var err error
	ts[0].Lines, err = readLines(ctx, q, "stock_transfer_lines", "transfer_id", id)
	return ts[0], err
}

// Transfers lists transfers, newest first (without lines). Requires
// inventory.view.
func (s *Service) Transfers(ctx context.Context, sc tenant.Scope, dq DocQuery) ([]Transfer, error) {
	if err := can(sc, tenant.View); err != nil {
		return nil, err
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	cond, args, limit := dq.where(q)
	var out []Transfer
	err := q.Select(ctx, &out, `SELECT `+transferCols+` FROM stock_transfers WHERE tenant_id = ?`+cond+` ORDER BY id DESC LIMIT ?`,
		append(args, limit)...)
	return out, err
}
