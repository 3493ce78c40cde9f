package identity

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/taihe-erp/taihe/internal/platform/errs"
)

func TestIPAllowlist(t *testing.T) {
	for _, c := range []struct {
		list, ip string
		want     bool
	}{
		{"", "203.0.113.9", true}, // no list: everyone
		{"10.0.0.0/8", "10.1.2.3", true},
		{"10.0.0.0/8", "127.0.0.1", false},
		{"10.0.0.0/8, 192.168.1.7", "192.168.1.7", true},
		{"10.0.0.0/8\n192.168.1.7", "192.168.1.8", false},
		{"192.168.1.0/24\r\n2001:db8::/32", "2001:db8::1", true},
		{"192.168.1.0/24", "::ffff:192.168.1.20", true}, // IPv4-mapped IPv6 is the same address
		{"10.0.0.0/8", "not-an-ip", false},
		{"10.0.0.0/8", "", false},
		{"garbage", "10.1.2.3", false}, // a broken list refuses rather than allows
	} {
		if got := ipAllowed(c.list, c.ip); got != c.want {
			t.Errorf("ipAllowed(%q, %q) = %v, want %v", c.list, c.ip, got, c.want)
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "300.1.1.1", "example.com"} {
		if _, err := parseAllowlist(bad); err == nil {
			t.Errorf("parseAllowlist(%q) accepted", bad)
		}
	}
}

func TestMatchStepRefusesReplayAndDrift(t *testing.T) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Taihe", AccountName: "t", Period: totpPeriod, Digits: otp.DigitsSix})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 8, 30, 10, 0, time.UTC)
	cur := now.Unix() / totpPeriod
	code := func(step int64) string {
		c, err := totp.GenerateCode(key.Secret(), time.Unix(step*totpPeriod, 0))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, c := range []struct {
		name  string
		step  int64
		last  int64
		ok    bool
		gives int64
	}{
		{"current step", cur, 0, true, cur},
		{"one step behind (clock drift)", cur - 1, 0, true, cur - 1},
		{"one step ahead", cur + 1, 0, true, cur + 1},
		{"two steps behind", cur - 2, 0, false, 0},
		{"two steps ahead", cur + 2, 0, false, 0},
		{"already used step", cur, cur, false, 0},
		{"older than the last used", cur - 1, cur, false, 0},
		{"newer than the last used", cur + 1, cur, true, cur + 1},
	} {
		step, ok := matchStep(key.Secret(), code(c.step), now, c.last)
		if ok != c.ok || (ok && step != c.gives) {
			t.Errorf("%s: matchStep = %d, %v; want %d, %v", c.name, step, ok, c.gives, c.ok)
		}
	}
	for _, bad := range []string{"", "12345", "1234567", code(cur) + " "} {
		if _, ok := matchStep(key.Secret(), bad, now, 0); ok {
			t.Errorf("matchStep accepted %q", bad)
		}
	}
	if _, ok := matchStep("", code(cur), now, 0); ok {
		t.Error("matchStep accepted a code without a secret")
	}
}

func TestPasswordHashing(t *testing.T) {
	h := HashPassword("Taihe-2026 太和")
	if !regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`).MatchString(h) {
		t.Errorf("hash %q is not the documented PHC argon2id string", h)
	}
	if h == HashPassword("Taihe-2026 太和") {
		t.Error("two hashes of one password are equal: no salt")
	}
	if !VerifyPassword(h, "Taihe-2026 太和") {
		t.Error("the right password does not verify")
	}
	for _, wrong := range []string{"", "taihe-2026 太和", "Taihe-2026 太", "Taihe-2026 太和 "} {
		if VerifyPassword(h, wrong) {
			t.Errorf("%q verifies", wrong)
		}
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=x$c2FsdA$aGFzaA",
		strings.Replace(h, "$argon2id$", "$bcrypt$", 1)} {
		if VerifyPassword(bad, "Taihe-2026 太和") {
			t.Errorf("malformed hash %q verifies", bad)
		}
	}
}

func TestPasswordStrength(t *testing.T) {
	p := DefaultPolicy() // 8 characters, 2 classes
	for pw, want := range map[string]string{
		"Abcdefg1":                      "",
		"abcdefgh":                      "password.classes",
		"ABCDEFGH":                      "password.classes",
		"12345678":                      "password.classes",
		"Ab1":                           "password.too_short",
		"密码密码密码密码":                      "password.classes", // one class (other)
		"密码密码密码密码1":                     "",
		strings.Repeat("a", 8):          "password.classes",
		"Aa" + strings.Repeat("b", 127): "field.too_long",
	} {
		err := checkStrength(p, "password", pw)
		got := ""
		if e, ok := errs.As(err); ok {
			got = e.Fields[0].Code
		}
		if got != want {
			t.Errorf("checkStrength(%q) = %q, want %q", pw, got, want)
		}
	}
	// Length counts characters, not bytes.
	p.MinLength, p.MinClasses = 4, 1
	if err := checkStrength(p, "password", "太和"); err == nil {
		t.Error("two Chinese characters (6 bytes) pass a 4-character minimum")
	}
}

func TestIPLimiter(t *testing.T) {
	l := newIPLimiter(3)
	for i := 0; i < 3; i++ {
		if ok, _ := l.allow("192.0.2.1"); !ok {
			t.Fatalf("attempt %d refused within the burst", i+1)
		}
	}
	ok, wait := l.allow("192.0.2.1")
	if ok || wait <= 0 || wait > 20*time.Second+time.Second {
		t.Errorf("4th attempt: ok=%v wait=%v, want refused with a wait of up to 20s", ok, wait)
	}
	if ok, _ := l.allow("192.0.2.2"); !ok {
		t.Error("another address shares the first one's budget")
	}
	// A refused attempt does not use up budget.
	if ok, _ := l.allow("192.0.2.1"); ok {
		t.Error("refused attempts refilled the budget")
	}
}

func TestRecoveryCodes(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		c := recoveryCode()
		if !regexp.MustCompile(`^[a-z2-7]{4}-[a-z2-7]{4}$`).MatchString(c) {
			t.Fatalf("recovery code %q", c)
		}
		if seen[c] {
			t.Fatalf("recovery code %q repeated", c)
		}
		seen[c] = true
		if normalizeRecovery(" "+strings.ToUpper(c)+" ") != strings.ReplaceAll(c, "-", "") {
			t.Errorf("normalizeRecovery does not accept %q typed in capitals", c)
		}
	}
	if numericCode(6) == numericCode(6) && numericCode(6) == numericCode(6) {
		t.Error("reset codes repeat")
	}
	if c := numericCode(6); !regexp.MustCompile(`^\d{6}$`).MatchString(c) {
		t.Errorf("reset code %q", c)
	}
}
