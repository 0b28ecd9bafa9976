#!/usr/bin/env bash
# Back up Stepwise: the audit checkpoint store (AUDIT_CHECKPOINT_DIR, after writing a fresh checkpoint), the
# PostgreSQL database (pg_dump, custom format) and the uploaded files (MEDIA_ROOT) into one new timestamped folder,
# with SHA256SUMS written last (a folder without it is an unfinished backup).
#
#   deploy/backup.sh [DEST]        DEST defaults to $BACKUP_DIR, else /var/backups/stepwise
#
# Reads DATABASE_URL, MEDIA_ROOT, AUDIT_CHECKPOINT_DIR (and, for the checkpoint, DJANGO_SETTINGS_MODULE and
# AUDIT_HMAC_KEYS) from the environment, as the services do (set -a; . /etc/stepwise/env); runs manage.py with
# $PYTHON (default .venv/bin/python) from the checkout this script is in. Prints the folder it wrote on its last
# line. deploy/README.md "Backup and restore" has the schedule and restore.
set -euo pipefail

die() { echo "backup.sh: $*" >&2; exit 1; }

[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set"
case "$DATABASE_URL" in
    postgres://* | postgresql://*) ;;
    *) die "DATABASE_URL must be a postgres:// or postgresql:// URL" ;;
esac
media=${MEDIA_ROOT:-/var/lib/stepwise/media}
[ -d "$media" ] || die "MEDIA_ROOT $media is not a folder"
dest=${1:-${BACKUP_DIR:-/var/backups/stepwise}}
checkout=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$checkout/.venv/bin/python}
checkpoints=${AUDIT_CHECKPOINT_DIR:-$checkout/var/audit-checkpoints}
folder="$dest/stepwise-$(date -u +%Y%m%dT%H%M%SZ)"

umask 077  # personal data (ID numbers, political review): readable by the backup's owner only
mkdir -p "$dest"
mkdir "$folder" || die "$folder already exists"

# The audit checkpoints first (a fresh one, written after verifying the trail): the dump taken next holds at least
# every event they record, so the restored copy verifies against them. A trail that does not verify gets no new
# checkpoint (the backup goes on: it is evidence too) and the problem is reported here.
(cd "$checkout" && "$python" manage.py audit_checkpoint >&2) \
    || echo "backup.sh: WARNING: no new audit checkpoint (manage.py audit_checkpoint failed, see above)" >&2
mkdir -p "$checkpoints"
tar -C "$checkpoints" -czf "$folder/checkpoints.tar.gz" .
# One consistent snapshot of the database (pg_dump runs in a single repeatable-read transaction). Files are
# taken after it: a file uploaded in between is kept without a row, never a row without its file.
pg_dump --format=custom --compress=6 --file="$folder/database.dump" --dbname="$DATABASE_URL"
tar -C "$media" -czf "$folder/media.tar.gz" .
(cd "$folder" && sha256sum checkpoints.tar.gz database.dump media.tar.gz > SHA256SUMS)
echo "$folder"
