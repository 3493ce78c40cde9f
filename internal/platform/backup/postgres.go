package backup

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"strings"
)

// libpqParams are the URI parameters pg_dump understands. pgx passes any
// other parameter to the server as a setting (search_path, timezone…) or
// uses it itself (pool_max_conns…); libpq rejects the URI for either.
var libpqParams = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "passfile": true,
	"require_auth": true, "channel_binding": true, "connect_timeout": true, "client_encoding": true,
	"options": true, "application_name": true, "fallback_application_name": true,
	"keepalives": true, "keepalives_idle": true, "keepalives_interval": true, "keepalives_count": true,
	"tcp_user_timeout": true, "gssencmode": true, "sslmode": true, "sslnegotiation": true,
	"sslcompression": true, "sslcert": true, "sslkey": true, "sslcertmode": true, "sslpassword": true,
	"sslrootcert": true, "sslcrl": true, "sslcrldir": true, "sslsni": true, "requirepeer": true,
	"ssl_min_protocol_version": true, "ssl_max_protocol_version": true, "krbsrvname": true,
	"gsslib": true, "gssdelegation": true, "service": true, "target_session_attrs": true,
	"load_balance_hosts": true,
}

// pgTarget is a pgx DSN translated for the PostgreSQL client tools.
type pgTarget struct {
	uri     string   // libpq URI without password or pgx-only parameters
	schemas []string // from search_path: the only schemas dumped or restored
	env     []string // PGPASSWORD, so the password is not visible in ps
}

// pgTargetOf keeps a search_path as --schema: a Taihe install (or a test)
// living in its own schema is dumped and restored alone, not the whole
// database around it.
func pgTargetOf(dsn string) (pgTarget, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return pgTarget{}, fmt.Errorf("backup: bad PostgreSQL DSN: %w", err)
	}
	var t pgTarget
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			t.env = append(t.env, "PGPASSWORD="+pw)
		}
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	for _, s := range strings.Split(q.Get("search_path"), ",") {
		s = strings.Trim(strings.TrimSpace(s), `"`)
		if s != "" && s != "$user" {
			t.schemas = append(t.schemas, s)
		}
	}
	for k := range q {
		if !libpqParams[k] {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	t.uri = u.String()
	return t, nil
}

func (t pgTarget) schemaArgs() []string {
	var args []string
	for _, s := range t.schemas {
		args = append(args, "--schema="+s)
	}
	return args
}

func backupPostgres(ctx context.Context, dsn, dest string) error {
	t, err := pgTargetOf(dsn)
	if err != nil {
		return err
	}
	tmp, err := tempBeside(dest)
	if err != nil {
		return err
	}
	args := append([]string{"--format=custom", "--file=" + tmp, "--dbname=" + t.uri}, t.schemaArgs()...)
	if _, err := run(ctx, t.env, "pg_dump", args...); err != nil {
		os.Remove(tmp)
		return err
	}
	return commitFile(tmp, dest)
}

// restorePostgres runs in one transaction with --exit-on-error: a restore
// that fails half-way rolls back and leaves the old data, instead of a
// database that is neither.
func restorePostgres(ctx context.Context, dsn, src string) error {
	t, err := pgTargetOf(dsn)
	if err != nil {
		return err
	}
	if err := checkPGArchive(ctx, src, t.schemas); err != nil {
		return err
	}
	if err := createSchemas(ctx, dsn, t.schemas); err != nil {
		return err
	}
	args := append([]string{"--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
		"--dbname=" + t.uri}, t.schemaArgs()...)
	_, err = run(ctx, t.env, "pg_restore", append(args, src)...)
	return err
}

// createSchemas makes sure the target schemas exist: pg_restore --schema
// restores the objects inside a schema but never the schema itself, so
// restoring into a lost schema would otherwise fail.
func createSchemas(ctx context.Context, dsn string, schemas []string) error {
	if len(schemas) == 0 {
		return nil
	}
	c, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer c.Close()
	for _, s := range schemas {
		if _, err := c.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS "`+strings.ReplaceAll(s, `"`, `""`)+`"`); err != nil {
			return fmt.Errorf("backup: create schema %s: %w", s, err)
		}
	}
	return nil
}

// checkPGArchive reads the archive's table of contents. Besides refusing a
// file that is not a Taihe backup, it catches a schema mismatch: pg_restore
// --schema=b on an archive of schema a restores nothing and reports success.
func checkPGArchive(ctx context.Context, src string, schemas []string) error {
	head := make([]byte, 5)
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || string(head) != "PGDMP" {
		return fmt.Errorf("backup: %s is not a PostgreSQL backup (pg_dump custom format)", src)
	}
	toc, err := run(ctx, nil, "pg_restore", "--list", src)
	if err != nil {
		return err
	}
	found := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(toc))
	for sc.Scan() {
		// e.g. "215; 1259 16390 TABLE public schema_migrations postgres"
		f := strings.Fields(sc.Text())
		if len(f) >= 6 && !strings.HasPrefix(f[0], ";") && f[3] == "TABLE" && f[5] == "schema_migrations" {
			found[f[4]] = true
		}
	}
	if len(found) == 0 {
		return fmt.Errorf("backup: %s is not a Taihe backup (no schema_migrations table)", src)
	}
	for _, s := range schemas {
		if !found[s] {
			return fmt.Errorf("backup: %s holds no Taihe schema %q (it has %v)", src, s, keys(found))
		}
	}
	return nil
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// run executes a PostgreSQL client tool and returns its standard output; its
// error output goes into the error, since that is where pg_dump explains.
func run(ctx context.Context, env []string, tool string, args ...string) ([]byte, error) {
	path, err := exec.LookPath(tool)
	if err != nil {
		return nil, fmt.Errorf("backup: %s not found; install the postgresql-client package: %w", tool, err)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("backup: %s: %w: %s", tool, err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}
