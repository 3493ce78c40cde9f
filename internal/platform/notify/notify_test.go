package notify_test

import (
	"context"
	"io/fs"
	"log/slog"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/notify"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/recordtest"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

func TestMain(m *testing.M) { recordtest.Main(m, slog.LevelWarn) }

// notes adapts notify to approval's Notifier, as internal/app does.
type notes struct{ n *notify.Service }

func (a notes) SendTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, users []int64, n approval.Notice) error {
	return a.n.SendTx(ctx, tx, sc, users, notify.Note{Key: n.Key, Params: n.Params, Href: n.Href})
}

type world struct {
	ctx                   context.Context
	d                     *db.DB
	n                     *notify.Service
	ap                    *approval.Service
	admin, mgr, fin, buyr tenant.Scope
	rival                 tenant.Scope
}

func newWorld(t *testing.T, d *db.DB) *world {
	w := recordtest.New(t, d, recordtest.Options{Perms: recordtest.Registry(approval.ModuleDefs()),
		Locales: []fs.FS{approval.Locales(), notify.Locales()}})
	x := &world{ctx: context.Background(), d: d, n: notify.New(d, w.Cat), ap: approval.New(d)}
	x.ap.SetNotifier(notes{x.n})
	x.ap.RegisterDoc(approval.DocHandler{DocType: "purchase_order", Label: "approval.doc_unknown",
		Href: func(id int64) string { return "/purchasing/orders/1" }})
	x.admin = w.CreateTenant(org.TenantInput{Code: "note", Name: "通知测试"})
	_, x.mgr = w.AddUser(x.admin, recordtest.User{Username: "mgr1", DisplayName: "经理", Role: "manager"})
	_, x.fin = w.AddUser(x.admin, recordtest.User{Username: "fin1", DisplayName: "财务", Role: "finance"})
	_, x.buyr = w.AddUser(x.admin, recordtest.User{Username: "buyer", DisplayName: "采购员", Role: "warehouse"})
	x.rival = w.CreateTenant(org.TenantInput{Code: "rival", Name: "别家"})
	return x
}

func (x *world) texts(t *testing.T, sc tenant.Scope, lang string) []string {
	t.Helper()
	ns, err := x.n.Unread(x.ctx, sc, 50)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		out = append(out, x.n.Text(lang, n))
	}
	return out
}

func (x *world) tx(t *testing.T, fn func(tx *db.Tx) error) {
	t.Helper()
	if err := x.d.InTx(x.ctx, fn); err != nil {
		t.Fatal(err)
	}
}

// A note reaches only users of the sender's tenant, once each, reads in
// the reader's language (its "…Key" params translated too), and only its
// reader marks it read.
func TestSendReadMark(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newWorld(t, d)
		note := notify.Note{Key: "approval.note_rejected", Params: map[string]any{"DocKey": "approval.doc_unknown", "Title": "PO-1",
			"Comment": "太贵"}, Href: "/x"}
		x.tx(t, func(tx *db.Tx) error {
			return x.n.SendTx(x.ctx, tx, x.admin, []int64{x.mgr.Actor(), x.mgr.Actor(), x.rival.Actor()}, note)
		})
		if got := x.texts(t, x.mgr, "zh-CN"); len(got) != 1 || got[0] != "你提交的单据 PO-1 被驳回：太贵" {
			t.Errorf("zh-CN %q", got)
		}
		if got := x.texts(t, x.mgr, "en"); len(got) != 1 || got[0] != "Your Document PO-1 was rejected: 太贵" {
			t.Errorf("en %q", got)
		}
		if got := x.texts(t, x.rival, "zh-CN"); len(got) != 0 {
			t.Errorf("another tenant's user got %q", got)
		}
		ns, _ := x.n.Unread(x.ctx, x.mgr, 10)
		if err := x.n.MarkRead(x.ctx, x.fin, ns[0].ID); errs.KindOf(err) != errs.KindNotFound {
			t.Errorf("someone else marks it read: %v", err)
		}
		if err := x.n.MarkRead(x.ctx, x.mgr, ns[0].ID); err != nil {
			t.Fatal(err)
		}
		if got := x.texts(t, x.mgr, "zh-CN"); len(got) != 0 {
			t.Errorf("still unread: %q", got)
		}
		if all, _ := x.n.Recent(x.ctx, x.mgr, 10); len(all) != 1 || all[0].ReadAt == nil || all[0].Href != "/x" {
			t.Errorf("recent %+v", all)
		}
		x.tx(t, func(tx *db.Tx) error {
			for range 3 {
				if err := x.n.SendTx(x.ctx, tx, x.admin, []int64{x.fin.Actor()}, note); err != nil {
					return err
				}
			}
			return nil
		})
		if n, err := x.n.MarkAllRead(x.ctx, x.fin); err != nil || n != 3 {
			t.Errorf("mark all: %d %v", n, err)
		}
		// A note sent in a transaction that fails is never seen.
		_ = d.InTx(x.ctx, func(tx *db.Tx) error {
			_ = x.n.SendTx(x.ctx, tx, x.admin, []int64{x.fin.Actor()}, note)
			return errs.Conflict("rollback")
		})
		if got := x.texts(t, x.fin, "zh-CN"); len(got) != 0 {
			t.Errorf("a rolled-back note: %q", got)
		}
	}, approval.MigrationSet(), notify.MigrationSet())
}

// Approval tells each level's approvers when the request reaches them and
// the submitter how it ended (with the reason of a rejection).
func TestApprovalNotes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		x := newWorld(t, d)
		if _, err := x.ap.SaveRule(x.ctx, x.admin, approval.Rule{DocType: "purchase_order", Name: "两级", Active: true,
			Levels: []approval.Level{{Role: "manager"}, {Role: "finance"}}}); err != nil {
			t.Fatal(err)
		}
		submit := func(id int64) {
			x.tx(t, func(tx *db.Tx) error {
				_, err := x.ap.SubmitTx(x.ctx, tx, x.buyr, approval.Doc{Type: "purchase_order", ID: id, Title: "PO-" + string(rune('0'+id))})
				return err
			})
		}
		decide := func(sc tenant.Scope, id int64, ok bool, comment string) {
			x.tx(t, func(tx *db.Tx) error {
				_, err := x.ap.DecideTx(x.ctx, tx, sc, "purchase_order", id, ok, comment)
				return err
			})
		}
		submit(1)
		if got := x.texts(t, x.mgr, "zh-CN"); len(got) != 1 || got[0] != "单据 PO-1 等待你审批（第 1/2 级）" {
			t.Errorf("the manager: %q", got)
		}
		if got := x.texts(t, x.fin, "zh-CN"); len(got) != 0 {
			t.Errorf("finance before level 2: %q", got)
		}
		decide(x.mgr, 1, true, "")
		if got := x.texts(t, x.fin, "en"); len(got) != 1 || got[0] != "Document PO-1 awaits your approval (level 2 of 2)" {
			t.Errorf("finance at level 2: %q", got)
		}
		if got := x.texts(t, x.buyr, "zh-CN"); len(got) != 0 {
			t.Errorf("the submitter told too early: %q", got)
		}
		decide(x.fin, 1, true, "")
		got := x.texts(t, x.buyr, "zh-CN")
		if len(got) != 1 || got[0] != "你提交的单据 PO-1 已审批通过" {
			t.Errorf("the submitter after approval: %q", got)
		}
		ns, _ := x.n.Unread(x.ctx, x.buyr, 1)
		if ns[0].Href != "/purchasing/orders/1" {
			t.Errorf("the note links to %q", ns[0].Href)
		}
		submit(2)
		decide(x.mgr, 2, false, "预算不足")
		if got := x.texts(t, x.buyr, "zh-CN"); len(got) != 2 || !strings.Contains(got[0], "被驳回：预算不足") {
			t.Errorf("the submitter after rejection: %q", got)
		}
	}, approval.MigrationSet(), notify.MigrationSet())
}
