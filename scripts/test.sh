#!/usr/bin/env bash
# The whole test suite: formatting, vet, then every test on SQLite and
# PostgreSQL plus the browser tests in headless Chromium.
#   TAIHE_TEST_PG   PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test)
#   TAIHE_CHROMIUM  Chromium binary (default /usr/bin/chromium)
# When Chromium (or pdftotext, which the PDF tests read with) is missing and
# we are root on Debian, it is installed first; set TAIHE_NO_INSTALL=1 to
# prove that the browser and PDF tests then fail.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

if [[ -z "${TAIHE_NO_INSTALL:-}" && ( ! -x "${TAIHE_CHROMIUM:-/usr/bin/chromium}" || ! -x /usr/bin/pdftotext ) && $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
	echo "test: installing chromium and poppler-utils"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null
fi

unformatted=$(gofmt -l cmd internal bench)
if [[ -n "$unformatted" ]]; then
	echo "gofmt: these files need formatting:"; echo "$unformatted"; exit 1
fi
go vet ./...
go test -count=1 -timeout 30m ./... 2>&1 | tee /tmp/taihe-test.log
