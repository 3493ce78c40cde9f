package sales

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// CommChannels are how a salesperson talks to the customer.
var CommChannels = []string{"phone", "email", "wechat", "visit"}

// maxCommText bounds one entry.
const maxCommText = 2000

// Communication is one entry of an order's customer-communication log
// (沟通记录).
type Communication struct {
	ID        int64     `db:"id"`
	OrderID   int64     `db:"order_id"`
	Channel   string    `db:"channel"`
	Text      string    `db:"body"`
	UserID    *int64    `db:"user_id"`
	UserName  string    `db:"user_name"`
	CreatedAt time.Time `db:"created_at"`
}

// Communications are the log of an order sc may read (as Get), newest
// first.
func (s *Service) Communications(ctx context.Context, sc tenant.Scope, orderID int64) ([]Communication, error) {
	if _, err := s.Get(ctx, sc, orderID); err != nil {
		return nil, err
	}
	return s.commsOf(ctx, sc, orderID)
}

// commsOf reads the log of an order the caller has just read.
func (s *Service) commsOf(ctx context.Context, sc tenant.Scope, orderID int64) ([]Communication, error) {
	q := db.Tenant(s.db.Read(), sc.Tenant())
	out := []Communication{}
	// The writer's name comes from the platform's users (as Handlers does).
	err := q.Select(ctx, &out, `SELECT c.id, c.order_id, c.channel, c.body, c.user_id, coalesce(u.display_name, '') AS user_name,
		c.created_at FROM sales_order_communications c LEFT JOIN users u ON u.id = c.user_id
		WHERE c.tenant_id = ? AND c.order_id = ? ORDER BY c.id DESC`, q.Tenant, orderID)
	return out, err
}

// Communicate appends an entry to the log of an order sc may read, in any
// status (talking to the customer goes on after it shipped). The entry is
// audited; the order itself does not change (its version stays, so an
// edit under way is not made stale by a phone call).
func (s *Service) Communicate(ctx context.Context, sc tenant.Scope, orderID int64, channel, text string) (Communication, error) {
	channel, text = strings.TrimSpace(channel), strings.TrimSpace(text)
	var c errs.Collector
	if !slices.Contains(CommChannels, channel) {
		c.Add("channel", "field.invalid")
	}
	switch {
	case text == "":
		c.Add("text", "field.required")
	case len([]rune(text)) > maxCommText:
		c.Add("text", "field.too_long", "Max", maxCommText)
	}
	var out Communication
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		// The order first: one not visible is 404 whatever the input.
		o, err := s.lock(ctx, tx, sc, orderID)
		if err != nil {
			return err
		}
		if err := c.Err(); err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		now := db.Now()
		id, err := db.Insert(ctx, q, `INSERT INTO sales_order_communications (tenant_id, order_id, channel, body, user_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, q.Tenant, o.ID, channel, text, db.NullID(sc.Actor()), now)
		if err != nil {
			return err
		}
		out = Communication{ID: id, OrderID: o.ID, Channel: channel, Text: text, UserName: sc.ActorName(), CreatedAt: now}
		if sc.Actor() != 0 {
			actor := sc.Actor()
			out.UserID = &actor
		}
		return audit.Record(ctx, tx, sc, DocOrder+".communication", DocOrder, o.ID, audit.Change{Field: "channel", After: channel},
			audit.Change{Field: "text", After: text})
	})
	return out, err
}
