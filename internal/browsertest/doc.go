// Package browsertest drives the real staff UI in headless Chromium through
// chromedp: sign-in, lockout, TOTP, forms, language switch, disabling a user
// with reassignment and password reset, each against a freshly seeded app on
// a loopback port. It holds only tests. One Chromium serves the whole
// package (TAIHE_CHROMIUM, default /usr/bin/chromium); a missing or broken
// browser fails the package instead of skipping it.
package browsertest
