package inventory

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Count is a stock count sheet (盘点单).
type Count struct {
	ID          int64       `db:"id" json:"id"`
	Number      string      `db:"number" json:"number"`
	Status      string      `db:"status" json:"status"`
	WarehouseID int64       `db:"warehouse_id" json:"warehouse_id"`
	CategoryID  *int64      `db:"category_id" json:"category_id,omitempty"`
	Note        string      `db:"note" json:"note"`
	Version     int         `db:"version" json:"version"`
	CreatedBy   *int64      `db:"created_by" json:"created_by,omitempty"`
	CreatedAt   time.Time   `db:"created_at" json:"created_at"`
	UpdatedAt   time.Time   `db:"updated_at" json:"updated_at"`
	PostedAt    *time.Time  `db:"posted_at" json:"posted_at,omitempty"`
	Lines       []CountLine `db:"-" json:"lines"`
}

// CountLine is a product on a count sheet.
type CountLine struct {
	ID        int64 `db:"id" json:"id"`
	LineNo    int   `db:"line_no" json:"line_no"`
	ProductID int64 `db:"product_id" json:"product_id"`
	Expected  Qty   `db:"expected" json:"expected"` // on hand when the line was made
	Counted   *Qty  `db:"counted" json:"counted"`   // nil: not counted
	Booked    *Qty  `db:"booked" json:"booked"`     // on hand when posted
	OnHand    Qty   `db:"on_hand" json:"on_hand"`   // on hand now
}

// Moved reports stock that moved since the line was made (before posting).
func (l CountLine) Moved() bool { return l.Booked == nil && l.OnHand != l.Expected }

// Difference is what posting books (or booked): counted − on hand.
func (l CountLine) Difference() (Qty, bool) {
	if l.Counted == nil {
		return 0, false
	}
	if l.Booked != nil {
		return *l.Counted - *l.Booked, true
	}
	return *l.Counted - l.OnHand, true
}

// CountInput makes a count sheet.
type CountInput struct {
	WarehouseID int64
	CategoryID  int64 // 0: every product
	Note        string
}

// CountEntry is a counted quantity for a line (nil clears it).
type CountEntry struct {
	LineID  int64
	Counted *Qty
}

const countCols = `id, number, status, warehouse_id, category_id, note, version, created_by, created_at, updated_at, posted_at`

// CreateCount makes a count sheet of a warehouse (optionally one category
// and its subcategories) with a line for each product it holds and the
// on-hand expected now. Requires inventory.create.
func (s *Service) CreateCount(ctx context.Context, sc tenant.Scope, in CountInput) (Count, error) {
	if err := can(sc, tenant.Create); err != nil {
		return Count{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		var c errs.Collector
		in.Note = trimNote(&c, "note", in.Note)
		if err := s.checkDocRefs(ctx, q, &c, map[string]int64{"warehouse_id": in.WarehouseID}, nil); err != nil {
			return err
		}
		var inCategory []int64
		var category any
		if in.CategoryID != 0 {
			var err error
			if inCategory, err = s.master.CategoryProducts(ctx, q, q.Tenant, in.CategoryID); err != nil {
				return err
			}
			var n int
			if err := q.Get(ctx, &n, `SELECT count(*) FROM product_categories WHERE tenant_id = ? AND id = ?`, q.Tenant, in.CategoryID); err != nil {
				return err
			}
			if n == 0 {
				c.Add("category_id", "field.unknown_ref")
			}
			category = in.CategoryID
		}
		if err := c.Err(); err != nil {
			return err
		}
		var held []Balance
		if err := q.Select(ctx, &held, `SELECT product_id, warehouse_id, on_hand, reserved FROM stock_balances
			WHERE tenant_id = ? AND warehouse_id = ? AND on_hand <> 0 ORDER BY product_id`, q.Tenant, in.WarehouseID); err != nil {
			return err
		}
		number, err := s.nextNumber(ctx, tx, sc, DocCount)
		if err != nil {
			return err
		}
		now := db.Now()
		if id, err = db.Insert(ctx, q, `INSERT INTO stock_counts (tenant_id, number, status, warehouse_id, category_id, note, created_by,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, q.Tenant, number, StatusDraft, in.WarehouseID, category, in.Note,
			actorOf(sc), now, now); err != nil {
			return err
		}
		n := 0
		for _, b := range held {
			if in.CategoryID != 0 && !slices.Contains(inCategory, b.ProductID) {
				continue
			}
			n++
			if err := addCountLine(ctx, q, id, n, b.ProductID, b.OnHand, nil); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, sc, DocCount+".create", DocCount, id, audit.Change{Field: "number", After: number},
			audit.Change{Field: "warehouse_id", After: in.WarehouseID}, audit.Change{Field: "category_id", After: in.CategoryID},
			audit.Change{Field: "lines", After: n})
	})
	if err != nil {
		return Count{}, err
	}
	return s.Count(ctx, sc, id)
}

func addCountLine(ctx context.Context, q db.Scoped, countID int64, n int, product int64, expected Qty, counted *Qty) error {
	_, err := q.Exec(ctx, `INSERT INTO stock_count_lines (tenant_id, count_id, line_no, product_id, expected, counted) VALUES (?, ?, ?, ?, ?, ?)`,
		q.Tenant, countID, n, product, expected, counted)
	return err
}

// EnterCounts records counted quantities on a draft or counting sheet
// (the first entry starts the count). Entries take no version: counters
// work on different lines at once and the last figure typed for a line
// is the count; each entry still moves the sheet's version, so a post
// made from an older page is refused. Requires inventory.edit.
func (s *Service) EnterCounts(ctx context.Context, sc tenant.Scope, id int64, entries []CountEntry) (Count, error) {
	if err := can(sc, tenant.Edit); err != nil {
		return Count{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		from, err := lockCount(ctx, q, id)
		if err != nil {
			return err
		}
		var c errs.Collector
		changes := make([]audit.Change, 0, len(entries))
		for i, en := range entries {
			if en.Counted != nil && *en.Counted < 0 {
				c.Add(fmt.Sprintf("lines[%d].counted", i), "field.min", "Min", 0)
				continue
			}
			res, err := q.Exec(ctx, `UPDATE stock_count_lines SET counted = ? WHERE tenant_id = ? AND count_id = ? AND id = ?`,
				en.Counted, q.Tenant, id, en.LineID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				c.Add(fmt.Sprintf("lines[%d].line_id", i), "field.unknown_ref")
			}
			var after any
			if en.Counted != nil {
				after = formatQty(*en.Counted)
			}
			changes = append(changes, audit.Change{Field: fmt.Sprintf("line %d", en.LineID), After: after})
		}
		if err := c.Err(); err != nil {
			return err
		}
		if err := setStatus(ctx, q, "stock_counts", id, StatusCounting, ""); err != nil {
			return err
		}
		changes = append(changes, audit.Change{Field: "status", Before: from, After: StatusCounting})
		return audit.Record(ctx, tx, sc, DocCount+".enter", DocCount, id, changes...)
	})
	if err != nil {
		return Count{}, err
	}
	return s.Count(ctx, sc, id)
}

// ScanCount counts one unit of the product with the barcode: its line's
// counted quantity goes up by one (a product the sheet lacks gets a line,
// expected at its on-hand now, when it fits the sheet's category). An
// unknown barcode, or a product outside the category, is a field error of
// "barcode" and changes nothing. Returns the line. Requires inventory.edit.
func (s *Service) ScanCount(ctx context.Context, sc tenant.Scope, id int64, barcode string) (CountLine, error) {
	if err := can(sc, tenant.Edit); err != nil {
		return CountLine{}, err
	}
	barcode = strings.TrimSpace(barcode)
	var lineID int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		from, err := lockCount(ctx, q, id)
		if err != nil {
			return err
		}
		if barcode == "" {
			return errs.Invalid(errs.Field("barcode", "field.required"))
		}
		product, err := s.master.ProductByBarcode(ctx, q, q.Tenant, barcode)
		if err != nil {
			return err
		}
		if product == 0 {
			return errs.Invalid(errs.Field("barcode", "inventory.count.unknown_barcode", "Barcode", barcode))
		}
		var lines []CountLine
		if err := q.Select(ctx, &lines, `SELECT id, line_no, product_id, expected, counted, booked, 0 AS on_hand FROM stock_count_lines
			WHERE tenant_id = ? AND count_id = ? AND product_id = ?`, q.Tenant, id, product); err != nil {
			return err
		}
		if len(lines) == 0 {
			if err := s.addScannedLine(ctx, q, id, product, barcode); err != nil {
				return err
			}
		} else if _, err := q.Exec(ctx, `UPDATE stock_count_lines SET counted = coalesce(counted, 0) + ? WHERE tenant_id = ? AND id = ?`,
			Units(1), q.Tenant, lines[0].ID); err != nil {
			return err
		}
		if err := q.Get(ctx, &lineID, `SELECT id FROM stock_count_lines WHERE tenant_id = ? AND count_id = ? AND product_id = ?`,
			q.Tenant, id, product); err != nil {
			return err
		}
		if err := setStatus(ctx, q, "stock_counts", id, StatusCounting, ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocCount+".scan", DocCount, id, audit.Change{Field: "barcode", After: barcode},
			audit.Change{Field: "status", Before: from, After: StatusCounting})
	})
	if err != nil {
		return CountLine{}, err
	}
	c, err := s.Count(ctx, sc, id)
	if err != nil {
		return CountLine{}, err
	}
	for _, l := range c.Lines {
		if l.ID == lineID {
			return l, nil
		}
	}
	return CountLine{}, errs.NotFound("not_found")
}

// addScannedLine adds a line for a product found during the count.
func (s *Service) addScannedLine(ctx context.Context, q db.Scoped, id, product int64, barcode string) error {
	var cnt Count
	if err := q.Get(ctx, &cnt, `SELECT `+countCols+` FROM stock_counts WHERE tenant_id = ? AND id = ?`, q.Tenant, id); err != nil {
		return err
	}
	if cnt.CategoryID != nil {
		in, err := s.master.CategoryProducts(ctx, q, q.Tenant, *cnt.CategoryID)
		if err != nil {
			return err
		}
		if !slices.Contains(in, product) {
			return errs.Invalid(errs.Field("barcode", "inventory.count.not_in_category", "Barcode", barcode))
		}
	}
	b, err := balanceOf(ctx, q, product, cnt.WarehouseID)
	if err != nil {
		return err
	}
	var n int
	if err := q.Get(ctx, &n, `SELECT coalesce(max(line_no), 0) FROM stock_count_lines WHERE tenant_id = ? AND count_id = ?`, q.Tenant, id); err != nil {
		return err
	}
	one := Units(1)
	return addCountLine(ctx, q, id, n+1, product, b.OnHand, &one)
}

// PostCount books the counted lines: for each, counted − on hand at
// posting time as CountGain or CountLoss, and makes on hand equal the
// count. The on-hand at posting, not the one expected when the sheet was
// made, because every movement since (a delivery during the count) is
// already in the ledger: the count says what is on the shelf now.
// Uncounted lines change nothing. A loss that would take reserved stock
// fails with "inventory.insufficient". Requires inventory.edit.
func (s *Service) PostCount(ctx context.Context, sc tenant.Scope, id int64, version int) (Count, error) {
	if err := can(sc, tenant.Edit); err != nil {
		return Count{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		if _, err := lockDoc(ctx, q, "stock_counts", id, version, StatusCounting); err != nil {
			return err
		}
		cnt, err := countRow(ctx, q, id)
		if err != nil {
			return err
		}
		var products []int64
		for _, l := range cnt.Lines {
			if l.Counted != nil {
				products = append(products, l.ProductID)
			}
		}
		// The cost locks first, as every posting takes them: no movement of
		// these products can land between reading on-hand and posting.
		now := db.Now()
		if err := lockCosts(ctx, q, products, now); err != nil {
			return err
		}
		var moves []Move
		for _, l := range cnt.Lines {
			if l.Counted == nil {
				continue
			}
			b, err := balanceOf(ctx, q, l.ProductID, cnt.WarehouseID)
			if err != nil {
				return err
			}
			if _, err := q.Exec(ctx, `UPDATE stock_count_lines SET booked = ? WHERE tenant_id = ? AND id = ?`, b.OnHand, q.Tenant, l.ID); err != nil {
				return err
			}
			diff := *l.Counted - b.OnHand
			m := Move{Kind: CountGain, ProductID: l.ProductID, WarehouseID: cnt.WarehouseID, Qty: diff, DocType: DocCount, DocID: id,
				DocLine: l.ID, Note: cnt.Number}
			if diff < 0 {
				m.Kind, m.Qty = CountLoss, -diff
			}
			if diff != 0 {
				moves = append(moves, m)
			}
		}
		if len(moves) > 0 {
			if _, err := s.PostTx(ctx, tx, sc, moves...); err != nil {
				return err
			}
		}
		if err := setStatus(ctx, q, "stock_counts", id, StatusPosted, "posted_at = ?", now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocCount+".post", DocCount, id, audit.Change{Field: "status", Before: StatusCounting, After: StatusPosted},
			audit.Change{Field: "moves", After: len(moves)})
	})
	if err != nil {
		return Count{}, err
	}
	return s.Count(ctx, sc, id)
}

// CancelCount cancels a sheet before it is posted. Requires inventory.edit.
func (s *Service) CancelCount(ctx context.Context, sc tenant.Scope, id int64, version int) (Count, error) {
	if err := can(sc, tenant.Edit); err != nil {
		return Count{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		from, err := lockDoc(ctx, q, "stock_counts", id, version, StatusDraft, StatusCounting)
		if err != nil {
			return err
		}
		if err := setStatus(ctx, q, "stock_counts", id, StatusCancelled, ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocCount+".cancel", DocCount, id, audit.Change{Field: "status", Before: from, After: StatusCancelled})
	})
	if err != nil {
		return Count{}, err
	}
	return s.Count(ctx, sc, id)
}

// lockCount locks a sheet that still takes entries (draft or counting),
// whatever its version: entries do not conflict with each other.
func lockCount(ctx context.Context, q db.Scoped, id int64) (string, error) {
	var rows []string
	if err := q.Select(ctx, &rows, `SELECT status FROM stock_counts WHERE tenant_id = ? AND id = ?`+db.ForUpdate(q), q.Tenant, id); err != nil {
		return "", err
	}
	switch {
	case len(rows) == 0:
		return "", errs.NotFound("not_found")
	case rows[0] != StatusDraft && rows[0] != StatusCounting:
		return "", errs.Conflict("inventory.doc.wrong_status", "Status", rows[0])
	}
	return rows[0], nil
}

// Count reads a sheet with its lines and each product's on-hand now.
// Requires inventory.view.
func (s *Service) Count(ctx context.Context, sc tenant.Scope, id int64) (Count, error) {
	if err := can(sc, tenant.View); err != nil {
		return Count{}, err
	}
	return countRow(ctx, db.Tenant(s.db.Read(), sc.Tenant()), id)
}

func countRow(ctx context.Context, q db.Scoped, id int64) (Count, error) {
	var cs []Count
	if err := q.Select(ctx, &cs, `SELECT `+countCols+` FROM stock_counts WHERE tenant_id = ? AND id = ?`, q.Tenant, id); err != nil {
		return Count{}, err
	}
	if len(cs) == 0 {
		return Count{}, errs.NotFound("not_found")
	}
	err := q.Select(ctx, &cs[0].Lines, `SELECT l.id, l.line_no, l.product_id, l.expected, l.counted, l.booked,
		coalesce(b.on_hand, 0) AS on_hand FROM stock_count_lines l
		LEFT JOIN stock_balances b ON b.tenant_id = l.tenant_id AND b.product_id = l.product_id AND b.warehouse_id = ?
		WHERE l.tenant_id = ? AND l.count_id = ? ORDER BY l.line_no`, cs[0].WarehouseID, q.Tenant, id)
	return cs[0], err
}

// Counts lists count sheets, newest first (without lines). Requires
// inventory.view.
func (s *Service) Counts(ctx context.Context, sc tenant.Scope, dq DocQuery) ([]Count, error) {
	if err := can(sc, tenant.View); err != nil {
		return nil, err
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	cond, args, limit := dq.where(q)
	var out []Count
	err := q.Select(ctx, &out, `SELECT `+countCols+` FROM stock_counts WHERE tenant_id = ?`+cond+` ORDER BY id DESC LIMIT ?`,
		append(args, limit)...)
	return out, err
}
