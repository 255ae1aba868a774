#!/usr/bin/env bash
# Back up the PostgreSQL database to one file (custom format: compressed, restorable table by
# table):  scripts/backup.sh FILE   (uses DATABASE_URL, as the app does)
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
file=${1:?usage: scripts/backup.sh FILE}
pg_dump --format=custom --no-owner --no-privileges --file="$file" "$DATABASE_URL"
echo "backup written to $file"
