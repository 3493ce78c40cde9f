package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"time"
)

// errNotLoopback: load traffic may only go to this machine (127.0.0.0/8, ::1).
var errNotLoopback = errors.New("refusing to send load to a non-loopback address")

// checkLoopback refuses a base URL unless its host resolves only to loopback
// addresses. Every address must be loopback, since the dialer may pick any.
func checkLoopback(ctx context.Context, base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return usageError{fmt.Sprintf("-url: %v", err)}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return usageError{fmt.Sprintf("-url %q: scheme must be http or https", base)}
	}
	host := u.Hostname()
	if host == "" {
		return usageError{fmt.Sprintf("-url %q: no host", base)}
	}
	if ip := net.ParseIP(host); ip != nil {
		if !ip.IsLoopback() {
			return fmt.Errorf("%w: %s", errNotLoopback, host)
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		// Unresolvable counts as not loopback: we cannot show it is.
		return fmt.Errorf("%w: cannot resolve %s: %v", errNotLoopback, host, err)
	}
	if len(addrs) == 0 {
		return fmt.Errorf("%w: %s resolves to no address", errNotLoopback, host)
	}
	for _, a := range addrs {
		if !a.IP.IsLoopback() {
			return fmt.Errorf("%w: %s resolves to %s", errNotLoopback, host, a.IP)
		}
	}
	return nil
}

// dialLoopbackOnly runs after name resolution on every connection attempt, so
// redirects or a changed DNS answer cannot reach another host either.
func dialLoopbackOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%w: dial %s", errNotLoopback, address)
	}
	return nil
}

// newClient is shared by login, warm-up and the measured phase. No proxy: a
// proxy from the environment would carry the traffic off this machine.
func newClient(cfg Config) *http.Client {
	d := &net.Dialer{
		Timeout:   cfg.Timeout,
		KeepAlive: 30 * time.Second,
		Control:   dialLoopbackOnly,
	}
	return &http.Client{
		Timeout: cfg.Timeout,
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         d.DialContext,
			MaxIdleConnsPerHost: cfg.Conns,
			IdleConnTimeout:     90 * time.Second,
			ForceAttemptHTTP2:   false,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
