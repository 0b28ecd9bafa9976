#!/usr/bin/env bash
# Restore a folder written by deploy/backup.sh into an EMPTY database, an empty MEDIA_ROOT and an empty
# AUDIT_CHECKPOINT_DIR, then check it: the checksums first (nothing is touched if they fail), then that this
# checkout's migrations match the data (manage.py migrate --check) and that the audit trail's hash chains are
# intact and hold everything the backed-up checkpoints recorded (manage.py verify_audit).
#
#   deploy/restore.sh FOLDER
#
# Reads DATABASE_URL (the new, empty database: createdb it first), MEDIA_ROOT, AUDIT_CHECKPOINT_DIR,
# AUDIT_HMAC_KEYS and DJANGO_SETTINGS_MODULE from the environment; runs manage.py with $PYTHON (default
# .venv/bin/python) from the checkout this script is in. Exit status 0 only when everything restored and checked.
set -euo pipefail

die() { echo "restore.sh: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: deploy/restore.sh FOLDER"
folder=$(cd "$1" && pwd) || die "no folder $1"
[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set"
media=${MEDIA_ROOT:-/var/lib/stepwise/media}
checkout=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$checkout/.venv/bin/python}
checkpoints=${AUDIT_CHECKPOINT_DIR:-$checkout/var/audit-checkpoints}
export AUDIT_CHECKPOINT_DIR=$checkpoints
# Every manage.py below acts on the restored database, whatever MIGRATION_DATABASE_URL says.
unset MIGRATION_DATABASE_URL

[ -f "$folder/SHA256SUMS" ] || die "$folder has no SHA256SUMS: not a finished backup"
(cd "$folder" && sha256sum --check --quiet --strict SHA256SUMS) \
    || die "checksums do not match: the backup was damaged or changed after it was written"

tables=$(psql --no-psqlrc --tuples-only --no-align --dbname="$DATABASE_URL" \
    --command="SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
[ "$tables" = 0 ] || die "the database already has $tables tables: restore only into a new, empty database"
if [ -d "$media" ] && [ -n "$(ls -A "$media")" ]; then
    die "MEDIA_ROOT $media is not empty"
fi
if [ -d "$checkpoints" ] && [ -n "$(ls -A "$checkpoints")" ]; then
    die "AUDIT_CHECKPOINT_DIR $checkpoints is not empty"
fi

# All or nothing; objects belong to the user restoring (the dump's owner may not exist on this server).
pg_restore --exit-on-error --single-transaction --no-owner --no-privileges \
    --dbname="$DATABASE_URL" "$folder/database.dump"
mkdir -p "$media"
tar -C "$media" -xzf "$folder/media.tar.gz"
mkdir -p "$checkpoints"
if [ -f "$folder/checkpoints.tar.gz" ]; then
    tar -C "$checkpoints" -xzf "$folder/checkpoints.tar.gz"
else
    echo "restore.sh: WARNING: this backup has no audit checkpoints; the trail is checked by its chains only" >&2
fi

cd "$checkout"
"$python" manage.py migrate --check \
    || die "the data and this checkout's migrations differ: restore with the release the backup was taken on"
"$python" manage.py verify_audit \
    || die "the audit trail of the restored data is broken or lacks what its checkpoints recorded (see above)"
echo "restored $folder"
