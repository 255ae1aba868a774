#!/usr/bin/env bash
# The embedded mode of `make run`: web server plus a Celery worker that also runs beat.
# Without REDIS_URL the worker uses the filesystem queue under var/. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-1}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
# Links in e-mails point at this server unless SITE_URL says otherwise.
export SITE_URL="${SITE_URL:-http://$HOST:$PORT}"

# Both run in the background so that a signal to this script alone (not only Ctrl-C to the
# whole terminal group) stops them at once; when either of them ends, the other is stopped.
pids=()
stop() {
  trap - EXIT INT TERM
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A thread pool, not prefork: prefork's pool processes die on a TERM sent to the whole
# process group (`timeout make run`, a closing terminal) and the worker then hangs on exit.
.venv/bin/celery -A stressprogram worker --beat --pool=threads --concurrency=2 \
  --loglevel=INFO --schedule="${VAR_DIR:-var}/celerybeat-schedule" &
pids+=($!)
cat <<MSG

  Stressprogram runs at http://$HOST:$PORT/

  Demo logins (password: demo)
    hr                            HR-admin, sees every workplace
    leder, amir, tr               Plejecenter Solhøj (manager, AMiR, TR)
    medarbejder1 … medarbejder12  employees at Plejecenter Solhøj
    leder2, amir2                 Hjemmeplejen Nord (manager, AMiR)
    medarbejder21 … medarbejder32 employees at Hjemmeplejen Nord

  E-mails are printed here by the worker. Ctrl-C stops everything.

MSG
.venv/bin/python manage.py runserver "$HOST:$PORT" &
pids+=($!)
wait -n
