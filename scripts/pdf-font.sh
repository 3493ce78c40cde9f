#!/usr/bin/env bash
# Remakes internal/platform/pdf/font/wqy-microhei.ttf: font 0 (WenQuanYi
# Micro Hei) of Debian's fonts-wqy-microhei collection, as a plain TTF that
# gopdf can read (it reads no .ttc). Licence: Apache-2.0 (LICENSE beside it).
# Needs fonts-wqy-microhei and python3-fonttools (apt-get install -y them;
# Debian's python, not a pyenv one without fontTools).
set -euo pipefail
cd "$(dirname "$0")/.."
src=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
out=internal/platform/pdf/font/wqy-microhei.ttf
/usr/bin/python3 - "$src" "$out" <<'PY'
import sys
from fontTools.ttLib import TTCollection
TTCollection(sys.argv[1]).fonts[0].save(sys.argv[2])
PY
ls -l "$out"
