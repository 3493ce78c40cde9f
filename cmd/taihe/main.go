// Command taihe is the whole Taihe suite in one binary: the web UI, the JSON
// API and the administration commands.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
)

const usage = `taihe — business suite for small and medium enterprises

Usage:
  taihe serve [--demo] [flags]       run the server (add --demo for demo data)
  taihe migrate up|status [flags]    apply or list database migrations
  taihe backup [--out FILE] [flags]  consistent online backup
  taihe restore --from FILE [flags]  restore a backup (server stopped)
  taihe user create|reset-password|reset-mfa
                                     recovery: create an admin, reset a password or TOTP
  taihe version                      print the version

Every flag can also be set by environment (TAIHE_ADDR, TAIHE_DATA, TAIHE_DB,
TAIHE_SMTP_URL, …) or a TOML file (--config). Run "taihe serve -h" for all.
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	cmd, args := os.Args[1], os.Args[2:]
	var err error
	switch cmd {
	case "serve":
		err = serve(args)
	case "migrate":
		err = migrate(args)
	case "backup":
		err = backupCmd(args)
	case "restore":
		err = restoreCmd(args)
	case "user":
		err = userCmd(args)
	case "version", "--version", "-v":
		fmt.Println("taihe", version())
	case "help", "-h", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "taihe: unknown command %q\n\n%s", cmd, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "taihe:", describe(err))
		os.Exit(1)
	}
}

// describe turns a domain error into catalog text in the terminal's
// language (LANG), so recovery commands speak like the UI does.
func describe(err error) string {
	e, ok := errs.As(err)
	if !ok {
		return err.Error()
	}
	cat, cerr := i18n.New()
	if cerr != nil {
		return err.Error()
	}
	lang := i18n.Normalize(strings.ReplaceAll(strings.Split(os.Getenv("LANG"), ".")[0], "_", "-"))
	if lang == "" {
		lang = i18n.Default
	}
	msg := cat.T(lang, e.Code, e.Data)
	for _, f := range e.Fields {
		msg += fmt.Sprintf("\n  %s: %s", f.Field, cat.T(lang, f.Code, f.Data))
	}
	return msg
}
