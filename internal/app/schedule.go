package app

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// scheduler runs the periodic work that is not a queued job: the week and
// month stock snapshots (inventory.SnapshotsDue) and the expiry of
// quotations past their validity (sales.ExpireDue), checked at start and
// every hour; Close waits for a run in progress.
type scheduler struct {
	stop context.CancelFunc
	wg   sync.WaitGroup
}

func (a *App) startSchedule(ctx context.Context) {
	ctx, a.sched.stop = context.WithCancel(ctx)
	a.sched.wg.Add(1)
	go func() {
		defer a.sched.wg.Done()
		tick := time.NewTicker(time.Hour)
		defer tick.Stop()
		for {
			if err := a.Inventory.SnapshotsDue(ctx, time.Now()); err != nil && ctx.Err() == nil {
				slog.Error("stock snapshots", "err", err)
			}
			if err := a.Sales.ExpireDue(ctx, time.Now()); err != nil && ctx.Err() == nil {
				slog.Error("quotation expiry", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
}

func (a *App) stopSchedule() {
	if a.sched.stop != nil {
		a.sched.stop()
		a.sched.wg.Wait()
	}
}
