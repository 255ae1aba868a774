#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the (empty or existing) database of
# DATABASE_URL, replacing what is there:  scripts/restore.sh FILE
# Stop web, worker and beat first; start them again afterwards (migrations are in the dump).
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the database to restore into}"
file=${1:?usage: scripts/restore.sh FILE}
pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error \
  --dbname="$DATABASE_URL" "$file"
echo "restored $file"
