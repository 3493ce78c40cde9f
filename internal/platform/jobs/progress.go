package jobs

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

// tracker holds a running job's latest progress and the goroutine that
// writes it (and the lease) in short transactions of its own.
type tracker struct {
	mu          sync.Mutex
	done, total int
	last        time.Time
	every       time.Duration
	kickc       chan struct{}
	cancel      context.CancelFunc
	exited      chan struct{}
}

func (t *tracker) get() (int, int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.done, t.total
}

// progress never blocks the handler: it records the value and, at most
// every t.every, nudges the writer.
func (t *tracker) progress(done, total int) {
	now := time.Now()
	t.mu.Lock()
	t.done, t.total = done, total
	due := now.Sub(t.last) >= t.every
	if due {
		t.last = now
	}
	t.mu.Unlock()
	if due {
		select {
		case t.kickc <- struct{}{}:
		default:
		}
	}
}

// halt stops the writer and waits for it, so the outcome is written after
// the last progress row and never overwritten by it.
func (t *tracker) halt() {
	t.cancel()
	<-t.exited
}

func (s *Service) track(ctx context.Context, j Job) *tracker {
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	t := &tracker{every: s.Throttle, kickc: make(chan struct{}, 1), cancel: cancel, exited: make(chan struct{})}
	s.mu.Lock()
	s.live[j.ID] = t
	s.mu.Unlock()
	go s.write(wctx, j, t)
	return t
}

func (s *Service) untrack(id int64) {
	s.mu.Lock()
	delete(s.live, id)
	s.mu.Unlock()
}

// write runs beside the handler. On SQLite its transaction waits while the
// handler holds the writer connection; that is fine, the value shown by Get
// comes from memory meanwhile.
func (s *Service) write(ctx context.Context, j Job, t *tracker) {
	defer close(t.exited)
	beat := time.NewTicker(s.Lease / 4)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.kickc:
		case <-beat.C:
		}
		done, total := t.get()
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			_, err := db.Tenant(tx, j.TenantID).Exec(ctx, `UPDATE jobs SET progress_done = ?, progress_total = ?, lease_until = ?
				WHERE tenant_id = ? AND id = ? AND status = ?`, done, total, db.Now().Add(s.Lease), j.TenantID, j.ID, StatusRunning)
			return err
		})
		if err != nil && ctx.Err() == nil {
			slog.Warn("jobs: progress", "job", j.ID, "err", err)
		}
	}
}
