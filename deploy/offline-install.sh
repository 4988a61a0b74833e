#!/usr/bin/env bash
# Install from a bundle made by deploy/offline-bundle.sh, with no network, as root:
#
#   bash offline-install.sh BUNDLE_DIR [/srv/jgt]
#
# Installs the Debian packages, unpacks the application into PREFIX/app, creates the venv in
# PREFIX/venv from the bundled wheels only (--no-index), and the service user `jgt`.
# Then follow docs/deploy.md from "Configure" on.
set -euo pipefail
BUNDLE=$(cd "$1" && pwd)
PREFIX=${2:-/srv/jgt}
(cd "$BUNDLE" && sha256sum --quiet -c SHA256SUMS)
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-download "$BUNDLE"/debs/*.deb \
  || dpkg -i "$BUNDLE"/debs/*.deb
id jgt >/dev/null 2>&1 || useradd --system --home-dir "$PREFIX" --shell /usr/sbin/nologin jgt
mkdir -p "$PREFIX/app" "$PREFIX/media" "$PREFIX/static" "$PREFIX/backups" /etc/jgt
tar -xzf "$BUNDLE/app.tar.gz" -C "$PREFIX/app"
python3 -m venv "$PREFIX/venv"
"$PREFIX/venv/bin/pip" install --quiet --no-index --find-links "$BUNDLE/wheels" jiaogongti
chown -R jgt:jgt "$PREFIX/media" "$PREFIX/backups"
[ -f /etc/jgt/jgt.env ] || install -m 640 -g jgt "$PREFIX/app/deploy/jgt.env.example" /etc/jgt/jgt.env
echo "installed in $PREFIX; edit /etc/jgt/jgt.env, then docs/deploy.md § Configure"
