package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

// pruneEvery is how often a running process deletes old finished jobs.
const pruneEvery = time.Hour

// prune deletes jobs that finished more than Keep ago: their reports
// have been read (an import's rows and its audit entry stay). Like claim
// it crosses tenants: the queue is the process's.
func (s *Service) prune(ctx context.Context) error {
	if s.Keep <= 0 {
		return nil
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM jobs WHERE status IN (?, ?) AND finished_at < ?`,
			StatusDone, StatusFailed, db.Now().Add(-s.Keep))
		return err
	})
}

// pruneDue prunes when the last prune is pruneEvery ago (one worker does).
func (s *Service) pruneDue(ctx context.Context) {
	s.mu.Lock()
	due := time.Since(s.pruned) >= pruneEvery
	if due {
		s.pruned = time.Now()
	}
	s.mu.Unlock()
	if due {
		if err := s.prune(ctx); err != nil && ctx.Err() == nil {
			slog.Error("jobs: prune", "err", err)
		}
	}
}
