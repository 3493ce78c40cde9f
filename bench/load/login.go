package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// session is what a login gave us: the API token and the cookies it set.
type session struct {
	token  string
	cookie string // ready for a Cookie header
}

// login POSTs {"tenant","username","password"} to /api/v1/auth/login. The
// credentials never appear in errors.
func login(ctx context.Context, hc *http.Client, base, creds string) (session, error) {
	tenant, user, pass, err := splitLogin(creds)
	if err != nil {
		return session{}, err
	}
	body, err := json.Marshal(map[string]string{
		"tenant": tenant, "username": user, "password": pass,
	})
	if err != nil {
		return session{}, err
	}
	u := strings.TrimRight(base, "/") + "/api/v1/auth/login"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return session{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return session{}, fmt.Errorf("login: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return session{}, fmt.Errorf("login: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		return session{}, fmt.Errorf("login: %s: %s", resp.Status, snippet(raw))
	}

	var s session
	var out struct {
		Token string `json:"token"`
	}
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			return session{}, fmt.Errorf("login: response is not JSON: %w", err)
		}
	}
	s.token = out.Token
	var cookies []string
	for _, c := range resp.Cookies() {
		if c.Value == "" || c.MaxAge < 0 {
			continue // a deletion, not a session
		}
		cookies = append(cookies, (&http.Cookie{Name: c.Name, Value: c.Value}).String())
	}
	s.cookie = strings.Join(cookies, "; ")
	return s, nil
}

// splitLogin splits "tenant/username/password"; the password may contain "/".
func splitLogin(creds string) (tenant, user, pass string, err error) {
	parts := strings.SplitN(creds, "/", 3)
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return "", "", "", usageError{`-login must be "tenant/username/password"`}
	}
	return parts[0], parts[1], parts[2], nil
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
