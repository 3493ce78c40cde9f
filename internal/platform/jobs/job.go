package jobs

import (
	"context"
	"embed"
	"encoding/json"
	"io/fs"
	"sync"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Statuses.
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// Module is the permission module; jobs.configure reads every user's jobs.
const Module = "jobs"

// PermAll lets a user read the jobs of every user of the tenant.
var PermAll = tenant.P(Module, tenant.Configure)

// MaxAttempts bounds how often a job is claimed (a crash in the middle
// re-queues it); the next recovery fails it instead.
const MaxAttempts = 3

// Job is one background job. Params and Result are JSON.
type Job struct {
	ID         int64           `json:"id"`
	Kind       string          `json:"kind"`
	Status     string          `json:"status"`
	Done       int             `json:"progress_done"`
	Total      int             `json:"progress_total"`
	Params     json.RawMessage `json:"params"`
	Result     json.RawMessage `json:"result,omitempty"`
	ErrorCode  string          `json:"error_code,omitempty"`
	Attempts   int             `json:"attempts"`
	CreatedBy  int64           `json:"created_by"`
	CreatedAt  time.Time       `json:"created_at"`
	StartedAt  *time.Time      `json:"started_at"`
	FinishedAt *time.Time      `json:"finished_at"`
	Version    int             `json:"version"`
	TenantID   int64           `json:"-"`
	// Input is the submitted bytes; only the handler sees them.
	Input []byte `json:"-"`
}

// Finished reports whether the job will not change any more.
func (j Job) Finished() bool { return j.Status == StatusDone || j.Status == StatusFailed }

// Handler does one kind of job as the submitter (sc). progress may be
// called as often as convenient; it is throttled. A returned errs error
// fails the job with its code; result, when not nil, is stored either way.
type Handler func(ctx context.Context, sc tenant.Scope, j Job, progress func(done, total int)) (result any, err error)

// Service queues and runs jobs. One per process.
type Service struct {
	db       *db.DB
	ids      *identity.Service
	handlers map[string]Handler
	// Workers is how many jobs run at once (default 1 on SQLite, whose
	// writer is one connection anyway, 2 on PostgreSQL). Set before Start.
	Workers int
	// Poll is how often idle workers look for rows a wake-up missed (jobs
	// submitted by another server, re-queued after a crash).
	Poll time.Duration
	// Lease is how long a running job stays claimed without a heartbeat.
	Lease time.Duration
	// Throttle is the least time between two progress writes.
	Throttle time.Duration
	// Keep is how long finished jobs (their reports) are kept; 0 keeps
	// them forever.
	Keep time.Duration

	wake    chan struct{}
	mu      sync.Mutex
	live    map[int64]*tracker
	waiters map[int64][]chan struct{}
	pruned  time.Time // the last prune
	stop    context.CancelFunc
	wg      sync.WaitGroup
}

// New builds the runner; register handlers, then Start it.
func New(d *db.DB, ids *identity.Service) *Service {
	w := 1
	if d.Dialect == db.Postgres {
		w = 2
	}
	return &Service{db: d, ids: ids, handlers: map[string]Handler{}, Workers: w,
		Poll: 5 * time.Second, Lease: 2 * time.Minute, Throttle: 250 * time.Millisecond, Keep: 30 * 24 * time.Hour,
		wake: make(chan struct{}, 1), live: map[int64]*tracker{}, waiters: map[int64][]chan struct{}{}}
}

// Register adds the handler of a kind (wiring time; a kind twice is a bug).
func (s *Service) Register(kind string, h Handler) {
	if _, dup := s.handlers[kind]; dup {
		panic("jobs: kind registered twice: " + kind)
	}
	s.handlers[kind] = h
}

// ModuleDefs is the jobs permission: configure (every user's jobs) goes to
// admins only, since job results can hold another user's file contents.
func ModuleDefs() []tenant.ModuleDef {
	return []tenant.ModuleDef{{Key: Module, Actions: []tenant.Action{tenant.Configure}}}
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// MigrationSet is the jobs table.
func MigrationSet() db.MigrationSet {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return db.MigrationSet{Module: "jobs", FS: sub}
}

//go:embed locales/*.toml
var localeFiles embed.FS

// Locales are the jobs' message catalogs.
func Locales() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locales")
	return sub
}
