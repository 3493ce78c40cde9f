// Package config reads Taihe's settings: defaults, then an optional TOML
// file, then TAIHE_* environment variables, then flags (each later source
// wins). The result is a plain struct passed down; nothing reads the
// environment after start-up.
package config

import (
	"flag"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is every setting of the binary.
type Config struct {
	Addr          string        `toml:"addr" env:"TAIHE_ADDR" flag:"addr" usage:"listen address"`
	Data          string        `toml:"data" env:"TAIHE_DATA" flag:"data" usage:"data directory (SQLite database, backups)"`
	DB            string        `toml:"db" env:"TAIHE_DB" flag:"db" usage:"database: empty for SQLite in the data directory, or postgres://…"`
	SMTPURL       string        `toml:"smtp_url" env:"TAIHE_SMTP_URL" flag:"smtp-url" usage:"SMTP server for mail: smtp://user:pass@host:port?tls=starttls"`
	MailFrom      string        `toml:"mail_from" env:"TAIHE_MAIL_FROM" flag:"mail-from" usage:"sender address of mail"`
	BaseURL       string        `toml:"base_url" env:"TAIHE_BASE_URL" flag:"base-url" usage:"public URL, printed at start and used in mail"`
	SecureCookies bool          `toml:"secure_cookies" env:"TAIHE_SECURE_COOKIES" flag:"secure-cookies" usage:"mark cookies Secure (serve behind HTTPS)"`
	TrustProxy    bool          `toml:"trust_proxy" env:"TAIHE_TRUST_PROXY" flag:"trust-proxy" usage:"take client addresses from X-Forwarded-For"`
	LoginPerIP    int           `toml:"login_per_ip_per_minute" env:"TAIHE_LOGIN_PER_IP" flag:"login-per-ip" usage:"sign-in attempts allowed per client address per minute"`
	SessionMaxAge time.Duration `toml:"session_max_age" env:"TAIHE_SESSION_MAX_AGE" flag:"session-max-age" usage:"longest life of a sign-in session"`
	LogLevel      string        `toml:"log_level" env:"TAIHE_LOG_LEVEL" flag:"log-level" usage:"debug, info, warn or error"`
}

// Defaults are the zero-configuration settings.
func Defaults() Config {
	return Config{
		Addr: "127.0.0.1:8080", Data: "./taihe-data", MailFrom: "taihe@localhost",
		LoginPerIP: 30, SessionMaxAge: 7 * 24 * time.Hour, LogLevel: "info",
	}
}

// Load builds the configuration for a subcommand from args (after the
// subcommand name). extra lets a subcommand add its own flags to fs first.
func Load(fs *flag.FlagSet, args []string) (Config, error) {
	c := Defaults()
	file := fs.String("config", os.Getenv("TAIHE_CONFIG"), "optional TOML config file (TAIHE_CONFIG)")
	v := reflect.ValueOf(&c).Elem()
	t := v.Type()
	// Register flags with empty defaults; only flags actually set override.
	set := map[string]*string{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := f.Tag.Get("flag")
		usage := fmt.Sprintf("%s (%s; default %v)", f.Tag.Get("usage"), f.Tag.Get("env"), v.Field(i).Interface())
		s := new(string)
		set[name] = s
		if f.Type.Kind() == reflect.Bool {
			fs.Var(boolFlag{s}, name, usage) // --secure-cookies works without =true
		} else {
			fs.StringVar(s, name, "", usage)
		}
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if *file != "" {
		if _, err := toml.DecodeFile(*file, &c); err != nil {
			return c, fmt.Errorf("config file %s: %w", *file, err)
		}
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if s, ok := os.LookupEnv(f.Tag.Get("env")); ok {
			if err := setField(v.Field(i), s); err != nil {
				return c, fmt.Errorf("%s: %w", f.Tag.Get("env"), err)
			}
		}
	}
	var ferr error
	fs.Visit(func(fl *flag.Flag) {
		p, ok := set[fl.Name]
		if !ok {
			return
		}
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).Tag.Get("flag") == fl.Name {
				if err := setField(v.Field(i), *p); err != nil && ferr == nil {
					ferr = fmt.Errorf("-%s: %w", fl.Name, err)
				}
			}
		}
	})
	return c, ferr
}

// boolFlag is a string-backed flag that may stand alone ("--trust-proxy").
type boolFlag struct{ s *string }

func (b boolFlag) String() string {
	if b.s == nil {
		return ""
	}
	return *b.s
}
func (b boolFlag) Set(v string) error { *b.s = v; return nil }
func (b boolFlag) IsBoolFlag() bool   { return true }

func setField(f reflect.Value, s string) error {
	switch f.Interface().(type) {
	case string:
		f.SetString(s)
	case bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return err
		}
		f.SetBool(b)
	case int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return err
		}
		f.SetInt(int64(n))
	case time.Duration:
		d, err := time.ParseDuration(s)
		if err != nil {
			return err
		}
		f.SetInt(int64(d))
	}
	return nil
}
