# The production image: gunicorn serves the app and WhiteNoise its static files. The same
# image runs the Celery worker and beat (docker-compose.yml). Not built on the project's
# machines, which run no Docker engine (README: Docker Compose).

# Bootstrap, htmx and Noto Sans come from npm through the Makefile's own target.
# The full node image, not -slim, because it has make.
FROM node:22-bookworm AS vendor
WORKDIR /src
COPY Makefile package.json ./
RUN make vendor

FROM python:3.11-slim-bookworm
# gunicorn also reads /app/gunicorn.conf.py: its logger takes secret links out of the
# access log this turns on.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    GUNICORN_CMD_ARGS="--bind=0.0.0.0:8000 --access-logfile=-"

# WeasyPrint's libraries; harfbuzz-subset makes it about twice as fast.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# A home directory for fontconfig's cache and gunicorn's control socket.
RUN useradd --create-home --uid 1000 app
WORKDIR /app

# The dependencies alone first (pyproject installs no package of its own), so a code
# change does not reinstall them; built outside /app so no build files stay behind.
COPY pyproject.toml /tmp/deps/
RUN pip install /tmp/deps && rm -rf /tmp/deps

COPY . .
COPY --from=vendor /src/static/vendor static/vendor
# Translations compiled with polib; static files hashed and compressed for WhiteNoise.
# The key only lets settings load for collectstatic; the real one comes at run time.
RUN python scripts/compilemessages.py \
    && DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p var/media \
    && chown app:app var var/media

USER app
EXPOSE 8000
CMD ["gunicorn", "stressprogram.wsgi"]
