#!/usr/bin/env bash
# Gather everything an intranet server without internet needs, on a machine that has internet
# and the same system (Debian 12 "bookworm", amd64, Python 3.11):
#
#   bash deploy/offline-bundle.sh [OUT_DIR]        # default: dist/jgt-offline
#
# OUT_DIR/wheels    every Python package of pyproject.toml as a wheel (pip wheel)
# OUT_DIR/debs      the Debian packages with all their dependencies (apt-get download)
# OUT_DIR/app.tar.gz the application source (git archive of HEAD)
# OUT_DIR/SHA256SUMS checksums of all of it
# Copy OUT_DIR to the server (USB disk) and run deploy/offline-install.sh there.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-dist/jgt-offline}
PY=${PYTHON:-python3}
# Runtime: Python venv, PostgreSQL, nginx, Pango + a CJK font for PDFs.
DEBS=(python3 python3-venv postgresql nginx-light libpango-1.0-0 libpangoft2-1.0-0 fonts-wqy-microhei)

mkdir -p "$OUT/wheels" "$OUT/debs"
echo "== wheels ($OUT/wheels)"
"$PY" -m pip wheel --quiet --wheel-dir "$OUT/wheels" .

echo "== Debian packages with their dependencies ($OUT/debs)"
mapfile -t all < <(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances "${DEBS[@]}" | grep -E '^[a-z0-9]' | sort -u)
# Virtual packages have no .deb of their own: keep the names apt can download.
mapfile -t real < <(for p in "${all[@]}"; do apt-cache show --no-all-versions "$p" >/dev/null 2>&1 && echo "$p"; done)
(cd "$OUT/debs" && apt-get download "${real[@]}" >/dev/null)

echo "== application source"
git archive --format=tar.gz -o "$OUT/app.tar.gz" HEAD
cp deploy/offline-install.sh "$OUT/"
(cd "$OUT" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)
echo "$(ls "$OUT/wheels" | wc -l) wheels, $(ls "$OUT/debs" | wc -l) Debian packages in $OUT"
