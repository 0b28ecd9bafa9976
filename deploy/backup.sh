#!/usr/bin/env bash
# Back up Stepwise: the PostgreSQL database (pg_dump, custom format) and the uploaded files (MEDIA_ROOT) into one
# new timestamped folder, with SHA256SUMS written last (a folder without it is an unfinished backup).
#
#   deploy/backup.sh [DEST]        DEST defaults to $BACKUP_DIR, else /var/backups/stepwise
#
# Reads DATABASE_URL and MEDIA_ROOT from the environment, as the services do (set -a; . /etc/stepwise/env).
# Prints the folder it wrote on its last line. deploy/README.md "Backup and restore" has the schedule and restore.
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
folder="$dest/stepwise-$(date -u +%Y%m%dT%H%M%SZ)"

umask 077  # personal data (ID numbers, political review): readable by the backup's owner only
mkdir -p "$dest"
mkdir "$folder" || die "$folder already exists"

# One consistent snapshot of the database (pg_dump runs in a single repeatable-read transaction). Files are
# taken after it: a file uploaded in between is kept without a row, never a row without its file.
pg_dump --format=custom --compress=6 --file="$folder/database.dump" --dbname="$DATABASE_URL"
tar -C "$media" -czf "$folder/media.tar.gz" .
(cd "$folder" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "$folder"
