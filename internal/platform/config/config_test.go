package config

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Flags beat the environment, which beats the file, which beats defaults.
func TestPrecedence(t *testing.T) {
	file := filepath.Join(t.TempDir(), "taihe.toml")
	if err := os.WriteFile(file, []byte("addr = \"0.0.0.0:9000\"\ndata = \"/srv/taihe\"\nlog_level = \"warn\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TAIHE_DATA", "/env/data")
	t.Setenv("TAIHE_SESSION_MAX_AGE", "2h")
	c, err := Load(flag.NewFlagSet("serve", flag.ContinueOnError), []string{"-config", file, "--secure-cookies", "-log-level", "debug"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" || c.Data != "/env/data" || c.LogLevel != "debug" || c.SessionMaxAge != 2*time.Hour || !c.SecureCookies {
		t.Fatalf("got %+v", c)
	}
	if c.MailFrom != "taihe@localhost" {
		t.Fatalf("default lost: %+v", c)
	}
}

func TestBadValue(t *testing.T) {
	t.Setenv("TAIHE_LOGIN_PER_IP", "many")
	if _, err := Load(flag.NewFlagSet("serve", flag.ContinueOnError), nil); err == nil {
		t.Fatal("a non-number must be refused")
	}
}
