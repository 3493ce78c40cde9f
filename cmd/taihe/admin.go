package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/backup"
	"github.com/taihe-erp/taihe/internal/platform/config"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/identity"
)

func migrate(args []string) error {
	if len(args) == 0 || (args[0] != "up" && args[0] != "status") {
		return errors.New("usage: taihe migrate up|status [flags]")
	}
	cfg, err := config.Load(flag.NewFlagSet("migrate", flag.ExitOnError), args[1:])
	if err != nil {
		return err
	}
	ctx := context.Background()
	d, err := db.Open(ctx, cfg.DB, cfg.Data)
	if err != nil {
		return err
	}
	defer d.Close()
	if args[0] == "up" {
		n, err := d.Migrate(ctx, app.MigrationSets())
		if err != nil {
			return err
		}
		fmt.Printf("applied %d migration(s)\n", n)
		return nil
	}
	ms, err := d.Status(ctx, app.MigrationSets())
	if err != nil {
		return err
	}
	for _, m := range ms {
		state := "pending"
		if m.Applied != nil {
			state = "applied " + m.Applied.Format(time.RFC3339)
		}
		fmt.Printf("%-10s %04d_%-30s %s\n", m.Module, m.Version, m.Name, state)
	}
	return nil
}

func backupCmd(args []string) error {
	fs := flag.NewFlagSet("backup", flag.ExitOnError)
	out := fs.String("out", "", "backup file (default: <data>/backups/taihe-<time>.db or .dump)")
	cfg, err := config.Load(fs, args)
	if err != nil {
		return err
	}
	ctx := context.Background()
	d, err := db.Open(ctx, cfg.DB, cfg.Data)
	if err != nil {
		return err
	}
	defer d.Close()
	dest := *out
	if dest == "" {
		ext := ".db"
		if d.Dialect == db.Postgres {
			ext = ".dump"
		}
		dest = filepath.Join(cfg.Data, "backups", "taihe-"+time.Now().UTC().Format("20060102-150405")+ext)
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o750); err != nil {
		return err
	}
	if err := backup.Backup(ctx, d, dest); err != nil {
		return err
	}
	fmt.Println("backup written to", dest)
	return nil
}

func restoreCmd(args []string) error {
	fs := flag.NewFlagSet("restore", flag.ExitOnError)
	from := fs.String("from", "", "backup file to restore")
	cfg, err := config.Load(fs, args)
	if err != nil {
		return err
	}
	if *from == "" {
		return errors.New("restore needs --from FILE")
	}
	if err := backup.Restore(context.Background(), cfg.DB, cfg.Data, *from); err != nil {
		return err
	}
	fmt.Println("restored from", *from)
	return nil
}

// userCmd is for recovery when nobody can sign in: create an admin, reset a
// password or turn off a user's TOTP directly in the database, audited as
// the system actor.
func userCmd(args []string) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "reset-password" && args[0] != "reset-mfa") {
		return errors.New("usage: taihe user create|reset-password|reset-mfa --tenant CODE --username NAME [--password PW] [--admin]")
	}
	fs := flag.NewFlagSet("user "+args[0], flag.ExitOnError)
	tenantCode := fs.String("tenant", "", "tenant code (empty: platform operator)")
	username := fs.String("username", "", "username")
	password := fs.String("password", "", "new password (or TAIHE_NEW_PASSWORD)")
	admin := fs.Bool("admin", true, "create: give the tenant admin role")
	cfg, err := config.Load(fs, args[1:])
	if err != nil {
		return err
	}
	if *password == "" {
		*password = os.Getenv("TAIHE_NEW_PASSWORD")
	}
	if *username == "" || (*password == "" && args[0] != "reset-mfa") {
		return errors.New("--username and --password are required")
	}
	ctx := context.Background()
	a, err := app.New(ctx, cfg, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	var tid int64
	if err := a.DB.Read().Get(ctx, &tid, `SELECT id FROM tenants WHERE code = ?`, *tenantCode); err != nil {
		return fmt.Errorf("tenant %q not found", *tenantCode)
	}
	sc := a.IDs.SystemScope(tid, *tenantCode)
	if args[0] == "create" {
		in := identity.UserInput{Username: *username, DisplayName: username, Password: *password}
		if *admin && *tenantCode != "" {
			rid, err := access.RoleIDByCode(ctx, a.DB.Read(), tid, access.RoleAdmin)
			if err != nil {
				return err
			}
			in.RoleIDs = []int64{rid}
		}
		err = a.DB.InTx(ctx, func(tx *db.Tx) error {
			_, err := a.IDs.BootstrapUser(ctx, tx, sc, tid, in)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Println("user created:", *username)
		return nil
	}
	var uid int64
	if err := a.DB.Read().Get(ctx, &uid, `SELECT id FROM users WHERE tenant_id = ? AND username = ?`, tid, *username); err != nil {
		return fmt.Errorf("user %q not found", *username)
	}
	if args[0] == "reset-mfa" {
		if err := a.IDs.ResetMFA(ctx, sc, uid); err != nil {
			return err
		}
		fmt.Println("two-factor authentication turned off; the user signs in with the password and enrols again")
		return nil
	}
	if err := a.IDs.SetPassword(ctx, sc, uid, *password); err != nil {
		return err
	}
	fmt.Println("password reset; the user's sessions and API tokens were ended")
	return nil
}
