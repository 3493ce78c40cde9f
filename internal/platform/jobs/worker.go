package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Start re-queues what a dead process left running and starts the
// workers. They run until ctx ends or Stop is called.
func (s *Service) Start(ctx context.Context) error {
	if err := s.recoverRows(ctx, true); err != nil {
		return err
	}
	s.pruned = time.Now()
	if err := s.prune(ctx); err != nil {
		return err
	}
	ctx, s.stop = context.WithCancel(ctx)
	for i := 0; i < max(1, s.Workers); i++ {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.work(ctx)
		}()
	}
	return nil
}

// Stop ends the workers and waits for them; a job they were running goes
// back to the queue.
func (s *Service) Stop() {
	if s.stop != nil {
		s.stop()
		s.wg.Wait()
	}
}

func (s *Service) work(ctx context.Context) {
	poll := time.NewTicker(s.Poll)
	defer poll.Stop()
	for {
		for ctx.Err() == nil {
			j, ok, err := s.claim(ctx)
			if err != nil {
				if ctx.Err() == nil {
					slog.Error("jobs: claim", "err", err)
				}
				break
			}
			if !ok {
				break
			}
			s.kick() // more may be queued: let an idle worker look too
			s.run(ctx, j)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-poll.C:
			s.pruneDue(ctx)
			if s.db.Dialect == db.Postgres {
				if err := s.recoverRows(ctx, false); err != nil && ctx.Err() == nil {
					slog.Error("jobs: recover", "err", err)
				}
			}
		}
	}
}

// claim moves the oldest queued job to running. The queue is the
// process's, not a tenant's, so these statements read the table directly.
func (s *Service) claim(ctx context.Context) (Job, bool, error) {
	var j Job
	found := false
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		lock := ""
		if tx.Dialect() == db.Postgres {
			lock = " FOR UPDATE SKIP LOCKED" // another server's worker takes the next one
		}
		var id int64
		err := tx.Get(ctx, &id, `SELECT id FROM jobs WHERE status = ? ORDER BY id LIMIT 1`+lock, StatusQueued)
		if db.IsNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		now := db.Now()
		if _, err := tx.Exec(ctx, `UPDATE jobs SET status = ?, started_at = ?, lease_until = ?, attempts = attempts + 1,
			version = version + 1 WHERE id = ?`, StatusRunning, now, now.Add(s.Lease), id); err != nil {
			return err
		}
		var r row
		if err := tx.Get(ctx, &r, `SELECT `+cols+`, input FROM jobs WHERE id = ?`, id); err != nil {
			return err
		}
		j, found = r.job(), true
		return nil
	})
	return j, found, err
}

// recoverRows puts running rows of dead processes back in the queue, or
// fails them after MaxAttempts. At start on SQLite every running row is
// one (a SQLite file has one server); otherwise only rows whose lease ran
// out, since other servers keep theirs alive.
func (s *Service) recoverRows(ctx context.Context, atStart bool) error {
	cond, args := "status = ?", []any{StatusRunning}
	if !atStart || s.db.Dialect == db.Postgres {
		cond += " AND lease_until < ?"
		args = append(args, db.Now())
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		// Crosses tenants like claim: recovery is the process's business.
		if _, err := tx.Exec(ctx, `UPDATE jobs SET status = ?, error_code = 'jobs.abandoned', finished_at = ?, lease_until = NULL,
			input = NULL, version = version + 1 WHERE `+cond+` AND attempts >= ?`,
			append(append([]any{StatusFailed, db.Now()}, args...), MaxAttempts)...); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE jobs SET status = ?, lease_until = NULL, version = version + 1 WHERE `+cond,
			append([]any{StatusQueued}, args...)...)
		return err
	})
}

// errPanic stands for a handler that panicked.
var errPanic = errors.New("jobs: handler panicked")

func (s *Service) run(ctx context.Context, j Job) {
	h, ok := s.handlers[j.Kind]
	if !ok {
		s.finish(ctx, j, nil, 0, 0, errs.Conflict("jobs.unknown_kind"))
		return
	}
	sc, err := s.ids.ScopeOf(ctx, j.TenantID, j.CreatedBy)
	if err != nil {
		switch {
		case ctx.Err() != nil:
			s.requeue(ctx, j)
		case errs.KindOf(err) == errs.KindForbidden || errs.KindOf(err) == errs.KindNotFound:
			s.finish(ctx, j, nil, 0, 0, errs.Forbidden("jobs.user_disabled"))
		default:
			s.finish(ctx, j, nil, 0, 0, err)
		}
		return
	}
	t := s.track(ctx, j)
	res, err := call(ctx, h, sc, j, t.progress)
	t.halt()
	if err != nil && ctx.Err() != nil {
		s.untrack(j.ID)
		s.requeue(ctx, j) // shutting down: run it again on the next start
		return
	}
	done, total := t.get()
	s.finish(ctx, j, res, done, total, err)
	s.untrack(j.ID)
}

func call(ctx context.Context, h Handler, sc tenant.Scope, j Job, progress func(done, total int)) (res any, err error) {
	defer func() {
		if p := recover(); p != nil {
			slog.Error("jobs: handler panicked", "job", j.ID, "kind", j.Kind, "panic", p, "stack", string(debug.Stack()))
			res, err = nil, errPanic
		}
	}()
	return h(ctx, sc, j, progress)
}

// ErrorBody is the result of a job that failed with a domain error and
// returned no result of its own.
type ErrorBody struct {
	Code   string         `json:"code"`
	Data   map[string]any `json:"data,omitempty"`
	Fields []FieldBody    `json:"fields,omitempty"`
}

// FieldBody is one field error of an ErrorBody.
type FieldBody struct {
	Field string         `json:"field"`
	Code  string         `json:"code"`
	Data  map[string]any `json:"data,omitempty"`
}

// finish stores the outcome. It runs even when ctx was cancelled after the
// handler succeeded: the work is committed, so must its record be.
func (s *Service) finish(ctx context.Context, j Job, res any, done, total int, herr error) {
	status, code := StatusDone, ""
	if herr != nil {
		status = StatusFailed
		if e, ok := errs.As(herr); ok && e.Kind != errs.KindInternal {
			code = e.Code
			if res == nil {
				b := ErrorBody{Code: e.Code, Data: e.Data}
				for _, f := range e.Fields {
					b.Fields = append(b.Fields, FieldBody{Field: f.Field, Code: f.Code, Data: f.Data})
				}
				res = b
			}
		} else {
			code = "jobs.internal"
			slog.Error("jobs: job failed", "job", j.ID, "kind", j.Kind, "err", herr)
		}
	}
	result := ""
	if res != nil {
		b, err := json.Marshal(res)
		if err != nil {
			slog.Error("jobs: result", "job", j.ID, "kind", j.Kind, "err", err)
			status, code = StatusFailed, "jobs.internal"
		} else {
			result = string(b)
		}
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	err := s.db.InTx(wctx, func(tx *db.Tx) error {
		res, err := db.Tenant(tx, j.TenantID).Exec(wctx, `UPDATE jobs SET status = ?, result = ?, error_code = ?, progress_done = ?,
			progress_total = ?, finished_at = ?, lease_until = NULL, input = NULL, version = version + 1
			WHERE tenant_id = ? AND id = ? AND status = ?`,
			status, result, code, done, total, db.Now(), j.TenantID, j.ID, StatusRunning)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			slog.Warn("jobs: finished job was no longer running (lease lost?)", "job", j.ID)
		}
		return nil
	})
	if err != nil {
		slog.Error("jobs: store outcome", "job", j.ID, "err", err)
	}
	s.notify(j.ID)
}

func (s *Service) requeue(ctx context.Context, j Job) {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	err := s.db.InTx(wctx, func(tx *db.Tx) error {
		_, err := db.Tenant(tx, j.TenantID).Exec(wctx, `UPDATE jobs SET status = ?, lease_until = NULL, version = version + 1
			WHERE tenant_id = ? AND id = ? AND status = ?`, StatusQueued, j.TenantID, j.ID, StatusRunning)
		return err
	})
	if err != nil {
		slog.Error("jobs: requeue", "job", j.ID, "err", err)
	}
}
