package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// row is a jobs row as stored.
type row struct {
	ID         int64      `db:"id"`
	TenantID   int64      `db:"tenant_id"`
	Kind       string     `db:"kind"`
	Status     string     `db:"status"`
	Done       int        `db:"progress_done"`
	Total      int        `db:"progress_total"`
	Params     string     `db:"params"`
	Input      []byte     `db:"input"`
	Result     string     `db:"result"`
	ErrorCode  string     `db:"error_code"`
	Attempts   int        `db:"attempts"`
	CreatedBy  int64      `db:"created_by"`
	CreatedAt  time.Time  `db:"created_at"`
	StartedAt  *time.Time `db:"started_at"`
	FinishedAt *time.Time `db:"finished_at"`
	Version    int        `db:"version"`
}

// cols leaves out the input: only the worker that runs a job reads it.
const cols = `id, tenant_id, kind, status, progress_done, progress_total, params, result, error_code, attempts,
	created_by, created_at, started_at, finished_at, version`

func (r row) job() Job {
	j := Job{ID: r.ID, TenantID: r.TenantID, Kind: r.Kind, Status: r.Status, Done: r.Done, Total: r.Total,
		Params: json.RawMessage(r.Params), ErrorCode: r.ErrorCode, Attempts: r.Attempts, CreatedBy: r.CreatedBy,
		CreatedAt: r.CreatedAt, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, Version: r.Version, Input: r.Input}
	if r.Result != "" {
		j.Result = json.RawMessage(r.Result)
	}
	return j
}

// Submit queues a job of a registered kind for sc's user: the row is
// committed before Submit returns, then a worker is woken. params must
// marshal to JSON; input is kept until the job finishes.
func (s *Service) Submit(ctx context.Context, sc tenant.Scope, kind string, params any, input []byte) (Job, error) {
	if _, ok := s.handlers[kind]; !ok {
		return Job{}, fmt.Errorf("jobs: no handler for kind %q", kind) // a wiring bug
	}
	if sc.Actor() == 0 {
		return Job{}, fmt.Errorf("jobs: %s submitted without a user", kind) // jobs run as a user
	}
	p, err := json.Marshal(params)
	if err != nil {
		return Job{}, fmt.Errorf("jobs: params of %s: %w", kind, err)
	}
	var j Job
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		id, err := db.Insert(ctx, q, `INSERT INTO jobs (tenant_id, kind, status, params, input, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, sc.Tenant(), kind, StatusQueued, string(p), input, sc.Actor(), db.Now())
		if err != nil {
			return err
		}
		j, err = get(ctx, q, id)
		return err
	})
	if err != nil {
		return Job{}, err
	}
	s.kick()
	return j, nil
}

// kick wakes one idle worker; a worker that is busy finds the row when it
// looks for the next one.
func (s *Service) kick() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func get(ctx context.Context, q db.Scoped, id int64) (Job, error) {
	var r row
	err := q.Get(ctx, &r, `SELECT `+cols+` FROM jobs WHERE tenant_id = ? AND id = ?`, q.Tenant, id)
	if db.IsNoRows(err) {
		return Job{}, errs.NotFound("not_found")
	}
	return r.job(), err
}

// Get reads a job of sc's tenant that sc submitted (or any, with
// jobs.configure); others are not found. A job running in this process
// shows its latest progress even before it reached the database.
func (s *Service) Get(ctx context.Context, sc tenant.Scope, id int64) (Job, error) {
	j, err := get(ctx, db.Tenant(s.db.Read(), sc.Tenant()), id)
	if err != nil {
		return Job{}, err
	}
	if j.CreatedBy != sc.Actor() && !sc.Can(PermAll) {
		return Job{}, errs.NotFound("not_found")
	}
	if j.Status == StatusRunning {
		s.mu.Lock()
		if t := s.live[id]; t != nil {
			j.Done, j.Total = t.get()
		}
		s.mu.Unlock()
	}
	return j, nil
}

// Wait returns the job once it finished, or as it is after d (or when ctx
// ends, with ctx's error).
func (s *Service) Wait(ctx context.Context, sc tenant.Scope, id int64, d time.Duration) (Job, error) {
	// Subscribe before looking, so a finish in between is not missed.
	ch := make(chan struct{})
	s.mu.Lock()
	s.waiters[id] = append(s.waiters[id], ch)
	s.mu.Unlock()
	defer s.unsubscribe(id, ch)
	j, err := s.Get(ctx, sc, id)
	if err != nil || j.Finished() {
		return j, err
	}
	timeout := time.NewTimer(d)
	defer timeout.Stop()
	// Another server may run the job: look at the row now and then too.
	poll := time.NewTicker(500 * time.Millisecond)
	defer poll.Stop()
	for {
		select {
		case <-ctx.Done():
			return j, ctx.Err()
		case <-timeout.C:
			return s.Get(ctx, sc, id)
		case <-ch:
			return s.Get(ctx, sc, id)
		case <-poll.C:
			if j, err = s.Get(ctx, sc, id); err != nil || j.Finished() {
				return j, err
			}
		}
	}
}

func (s *Service) unsubscribe(id int64, ch chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws := s.waiters[id]
	for i, w := range ws {
		if w == ch {
			ws = append(ws[:i], ws[i+1:]...)
			break
		}
	}
	if len(ws) == 0 {
		delete(s.waiters, id)
	} else {
		s.waiters[id] = ws
	}
}

// notify wakes every Wait on a finished job.
func (s *Service) notify(id int64) {
	s.mu.Lock()
	ws := s.waiters[id]
	delete(s.waiters, id)
	s.mu.Unlock()
	for _, w := range ws {
		close(w)
	}
}
