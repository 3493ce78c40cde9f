package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/jobs"
	"github.com/taihe-erp/taihe/internal/platform/recordtest"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// A panicking handler's stack would bury a failure's output.
func TestMain(m *testing.M) { recordtest.Main(m, slog.LevelError+1) }

const long = time.Minute // Wait's bound: a job that takes longer is a failure

// start runs the workers for the test's duration.
func start(t *testing.T, s *jobs.Service) {
	t.Helper()
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
}

// eventually polls cond until it holds (or fails the test after a minute).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(long); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("never happened: %s", what)
}

type sumParams struct {
	N int `json:"n"`
}

// TestRunsToDone: a submitted job runs as its submitter, reports progress
// (visible while it runs, in memory and in the row) and ends done with its
// result; the input is dropped once finished.
func TestRunsToDone(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := wire(t, d)
		ctx := context.Background()
		s := jobs.New(d, f.ids)
		s.Throttle = 0
		half, release := make(chan struct{}), make(chan struct{})
		ranAs := make(chan tenant.Scope, 1)
		s.Register("sum", func(ctx context.Context, sc tenant.Scope, j jobs.Job, progress func(done, total int)) (any, error) {
			ranAs <- sc
			var p sumParams
			if err := json.Unmarshal(j.Params, &p); err != nil {
				return nil, err
			}
			sum := 0
			for i := 1; i <= p.N; i++ {
				sum += i
				progress(i, p.N)
				if i == p.N/2 {
					close(half)
					<-release
				}
			}
			return map[string]any{"sum": sum, "input": string(j.Input)}, nil
		})
		start(t, s)
		j, err := s.Submit(ctx, f.admin, "sum", sumParams{N: 10}, []byte("file bytes"))
		if err != nil {
			t.Fatal(err)
		}
		if j.Status != jobs.StatusQueued && j.Status != jobs.StatusRunning || j.CreatedBy != f.admin.Actor() || string(j.Params) != `{"n":10}` {
			t.Errorf("submitted %+v", j)
		}
		<-half
		if g, err := s.Get(ctx, f.admin, j.ID); err != nil || g.Status != jobs.StatusRunning || g.Done != 5 || g.Total != 10 {
			t.Errorf("halfway (live): %+v %v", g, err)
		}
		eventually(t, "progress written to the row", func() bool {
			var n int
			_ = d.Read().Get(ctx, &n, `SELECT progress_done FROM jobs WHERE id = ?`, j.ID)
			return n == 5
		})
		if g, err := s.Wait(ctx, f.admin, j.ID, time.Millisecond); err != nil || g.Finished() {
			t.Errorf("Wait returns at its bound while the job runs: %+v %v", g, err)
		}
		close(release)
		g, err := s.Wait(ctx, f.admin, j.ID, long)
		if err != nil || g.Status != jobs.StatusDone || g.Done != 10 || g.Total != 10 || g.ErrorCode != "" ||
			g.StartedAt == nil || g.FinishedAt == nil || g.Attempts != 1 {
			t.Fatalf("finished: %+v %v", g, err)
		}
		var res struct {
			Sum   int    `json:"sum"`
			Input string `json:"input"`
		}
		if err := json.Unmarshal(g.Result, &res); err != nil || res.Sum != 55 || res.Input != "file bytes" {
			t.Errorf("result %s: %v", g.Result, err)
		}
		ran := <-ranAs
		if ran.Actor() != f.admin.Actor() || ran.Tenant() != f.admin.Tenant() || !ran.Can(jobs.PermAll) {
			t.Errorf("handler ran as %d/%d, want the submitter", ran.Tenant(), ran.Actor())
		}
		var input []byte
		if err := d.Read().Get(ctx, &input, `SELECT input FROM jobs WHERE id = ?`, j.ID); err != nil || input != nil {
			t.Errorf("input kept after the job finished: %q %v", input, err)
		}
	}, jobs.MigrationSet())
}

type report struct {
	Rows int `json:"rows"`
}

// TestFailures: a domain error fails the job with its code and data (or the
// handler's own result), any other error or a panic fails it as internal,
// and the worker goes on with the next job.
func TestFailures(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := wire(t, d)
		ctx := context.Background()
		s := jobs.New(d, f.ids)
		s.Register("invalid", func(context.Context, tenant.Scope, jobs.Job, func(int, int)) (any, error) {
			return nil, errs.Invalid(errs.Field("rows[3].name", "field.required"))
		})
		s.Register("rejected", func(context.Context, tenant.Scope, jobs.Job, func(int, int)) (any, error) {
			return report{Rows: 7}, errs.Conflict("import.rejected", "Count", 2)
		})
		s.Register("broken", func(context.Context, tenant.Scope, jobs.Job, func(int, int)) (any, error) {
			return nil, errors.New("disk on fire")
		})
		s.Register("panics", func(context.Context, tenant.Scope, jobs.Job, func(int, int)) (any, error) {
			var m map[string]int
			m["x"]++
			return nil, nil
		})
		s.Register("ok", func(context.Context, tenant.Scope, jobs.Job, func(int, int)) (any, error) { return "fine", nil })
		start(t, s)
		run := func(kind string) jobs.Job {
			t.Helper()
			j, err := s.Submit(ctx, f.admin, kind, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if j, err = s.Wait(ctx, f.admin, j.ID, long); err != nil || !j.Finished() {
				t.Fatalf("%s: %+v %v", kind, j, err)
			}
			return j
		}

		j := run("invalid")
		var body jobs.ErrorBody
		if err := json.Unmarshal(j.Result, &body); j.Status != jobs.StatusFailed || j.ErrorCode != "validation" || err != nil ||
			len(body.Fields) != 1 || body.Fields[0].Field != "rows[3].name" || body.Fields[0].Code != "field.required" {
			t.Errorf("domain error: %+v %s", j, j.Result)
		}
		j = run("rejected")
		if j.Status != jobs.StatusFailed || j.ErrorCode != "import.rejected" || string(j.Result) != `{"rows":7}` {
			t.Errorf("domain error with a result: %+v %s", j, j.Result)
		}
		for _, kind := range []string{"broken", "panics"} {
			if j := run(kind); j.Status != jobs.StatusFailed || j.ErrorCode != "jobs.internal" || j.Result != nil {
				t.Errorf("%s: %+v %s", kind, j, j.Result)
			}
		}
		if j := run("ok"); j.Status != jobs.StatusDone || string(j.Result) != `"fine"` {
			t.Errorf("the worker survives a panic: %+v", j)
		}
		// The API view translates the code with the error's data.
		v := jobs.ViewOf(f.cat, "en", run("invalid"))
		if v.ErrorMessage == "" || v.ErrorMessage == "validation" {
			t.Errorf("error message %q", v.ErrorMessage)
		}
		if _, err := s.Submit(ctx, f.admin, "nobody-handles-this", nil, nil); err == nil {
			t.Error("a kind without a handler was queued")
		}
	}, jobs.MigrationSet())
}

// TestRestartRecovery: rows a dead process left running are run again on
// Start (SQLite: every one; PostgreSQL: those whose lease ran out, while a
// live lease belongs to another server); a job claimed too often fails.
func TestRestartRecovery(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := wire(t, d)
		ctx := context.Background()
		var mu sync.Mutex
		runs := map[string]int{}
		ran := func(name string) int { mu.Lock(); defer mu.Unlock(); return runs[name] }
		handler := func(_ context.Context, _ tenant.Scope, j jobs.Job, _ func(int, int)) (any, error) {
			mu.Lock()
			runs[string(j.Input)]++
			mu.Unlock()
			return string(j.Input), nil
		}
		// The process that died: it queued four jobs and had claimed them.
		dead := jobs.New(d, f.ids)
		dead.Register("work", handler)
		ids := map[string]int64{}
		for _, name := range []string{"expired", "live", "poison", "queued"} {
			j, err := dead.Submit(ctx, f.admin, "work", nil, []byte(name))
			if err != nil {
				t.Fatal(err)
			}
			ids[name] = j.ID
		}
		set := func(name string, attempts int, lease time.Duration) {
			if _, err := d.WriterRaw().ExecContext(ctx, rebind(d, `UPDATE jobs SET status = 'running', started_at = ?,
				attempts = ?, lease_until = ? WHERE id = ?`), db.Now(), attempts, db.Now().Add(lease), ids[name]); err != nil {
				t.Fatal(err)
			}
		}
		set("expired", 1, -time.Minute)
		set("live", 1, time.Hour)
		set("poison", jobs.MaxAttempts, -time.Minute)

		s := jobs.New(d, f.ids)
		s.Register("work", handler)
		start(t, s)
		wait := func(name string) jobs.Job {
			j, err := s.Wait(ctx, f.admin, ids[name], long)
			if err != nil {
				t.Fatal(err)
			}
			return j
		}
		for _, name := range []string{"expired", "queued"} {
			if j := wait(name); j.Status != jobs.StatusDone || string(j.Result) != fmt.Sprintf("%q", name) {
				t.Errorf("%s: %+v", name, j)
			}
		}
		if j := wait("poison"); j.Status != jobs.StatusFailed || j.ErrorCode != "jobs.abandoned" || ran("poison") != 0 {
			t.Errorf("poison: %+v, ran %d times", j, ran("poison"))
		}
		if d.Dialect == db.Postgres {
			// Another server holds it: left alone until its lease runs out.
			if j, _ := s.Get(ctx, f.admin, ids["live"]); j.Status != jobs.StatusRunning || ran("live") != 0 {
				t.Errorf("a live lease was taken over: %+v", j)
			}
		} else if j := wait("live"); j.Status != jobs.StatusDone || ran("live") != 1 {
			t.Errorf("SQLite has one server, its running rows are dead: %+v", j)
		}
	}, jobs.MigrationSet())
}

func rebind(d *db.DB, q string) string {
	if d.Dialect != db.Postgres {
		return q
	}
	out, n := []byte{}, 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = append(out, fmt.Sprintf("$%d", n)...)
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}

// TestGetIsolation: a job is seen by its submitter and by tenant admins
// (jobs.configure), never by another user or another tenant.
func TestGetIsolation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := wire(t, d)
		ctx := context.Background()
		s := jobs.New(d, f.ids)
		s.Register("noop", func(context.Context, tenant.Scope, jobs.Job, func(int, int)) (any, error) { return nil, nil })
		_, sales := f.user(t, "lilei", access.RoleSales)
		_, manager := f.user(t, "hanmei", access.RoleManager)
		j, err := s.Submit(ctx, sales, "noop", nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			sc   tenant.Scope
			ok   bool
		}{
			{"submitter", sales, true},
			{"tenant admin", f.admin, true},
			{"manager of the same tenant", manager, false},
			{"another tenant's admin", f.other, false},
		} {
			_, err := s.Get(ctx, c.sc, j.ID)
			if c.ok && err != nil || !c.ok && errs.KindOf(err) != errs.KindNotFound {
				t.Errorf("%s: %v", c.name, err)
			}
		}
	}, jobs.MigrationSet())
}

// TestDisabledUser: a job whose submitter was disabled before it ran fails
// with a code the UI can show.
func TestDisabledUser(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := wire(t, d)
		ctx := context.Background()
		s := jobs.New(d, f.ids)
		var ran atomic.Bool
		s.Register("noop", func(context.Context, tenant.Scope, jobs.Job, func(int, int)) (any, error) {
			ran.Store(true)
			return nil, nil
		})
		u, sales := f.user(t, "lilei", access.RoleSales)
		j, err := s.Submit(ctx, sales, "noop", nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.ids.Disable(ctx, f.admin, u.ID, u.Version, 0); err != nil {
			t.Fatal(err)
		}
		start(t, s)
		j, err = s.Wait(ctx, f.admin, j.ID, long)
		if err != nil || j.Status != jobs.StatusFailed || j.ErrorCode != "jobs.user_disabled" || ran.Load() {
			t.Errorf("disabled submitter: %+v %v (ran %v)", j, err, ran.Load())
		}
	}, jobs.MigrationSet())
}

func TestCatalog(t *testing.T) {
	cat, err := i18n.New(jobs.Locales())
	if err != nil {
		t.Fatal(err)
	}
	i18n.CheckComplete(t, cat)
}

// TestPrune: at start, finished jobs older than Keep are deleted; newer
// ones and queued ones stay.
func TestPrune(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		f := wire(t, d)
		ctx := context.Background()
		old := jobs.New(d, f.ids)
		block := make(chan struct{})
		t.Cleanup(func() { close(block) })
		wait := func(ctx context.Context, _ tenant.Scope, _ jobs.Job, _ func(int, int)) (any, error) {
			select { // the queued job is still running when the test looks
			case <-block:
			case <-ctx.Done():
			}
			return nil, ctx.Err()
		}
		old.Register("wait", wait)
		ids := map[string]int64{}
		for _, name := range []string{"old-done", "old-failed", "recent", "queued"} {
			j, err := old.Submit(ctx, f.admin, "wait", nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			ids[name] = j.ID
		}
		finish := func(name, status string, ago time.Duration) {
			if _, err := d.WriterRaw().ExecContext(ctx, rebind(d, `UPDATE jobs SET status = ?, finished_at = ? WHERE id = ?`),
				status, db.Now().Add(-ago), ids[name]); err != nil {
				t.Fatal(err)
			}
		}
		finish("old-done", jobs.StatusDone, 31*24*time.Hour)
		finish("old-failed", jobs.StatusFailed, 40*24*time.Hour)
		finish("recent", jobs.StatusDone, 29*24*time.Hour)

		s := jobs.New(d, f.ids)
		s.Register("wait", wait)
		start(t, s)
		for name, want := range map[string]bool{"old-done": false, "old-failed": false, "recent": true, "queued": true} {
			var n int
			if err := d.Read().Get(ctx, &n, rebind(d, `SELECT count(*) FROM jobs WHERE id = ?`), ids[name]); err != nil {
				t.Fatal(err)
			}
			if (n == 1) != want {
				t.Errorf("%s: kept=%v, want %v", name, n == 1, want)
			}
		}
	}, jobs.MigrationSet())
}
