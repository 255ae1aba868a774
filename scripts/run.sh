#!/usr/bin/env bash
# The embedded mode of `make run`: web server plus a Celery worker that also runs beat.
# Without REDIS_URL the worker uses the filesystem queue under var/. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-1}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
.venv/bin/celery -A stressprogram worker --beat --loglevel=INFO --concurrency=2 \
  --schedule=var/celerybeat-schedule &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT INT TERM
cat <<MSG

  Stressprogram runs at http://$HOST:$PORT/

  Demo logins (password: demo)
    hr                          HR-admin, sees every workplace
    leder, amir, tr             Plejecenter Solhøj (manager, AMiR, TR)
    medarbejder1 … medarbejder12  employees at Plejecenter Solhøj
    leder2, amir2               Hjemmeplejen Nord (manager, AMiR)
    medarbejder21 … medarbejder32 employees at Hjemmeplejen Nord

  E-mails are printed here by the worker. Ctrl-C stops everything.

MSG
.venv/bin/python manage.py runserver "$HOST:$PORT"
