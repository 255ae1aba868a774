"""gunicorn's settings; gunicorn reads ./gunicorn.conf.py by itself (the image and
docker-compose.yml start it in /app). Bind address and access log come from
GUNICORN_CMD_ARGS in the Dockerfile."""

from gunicorn.glogging import Logger

from stressprogram.redact import redact


class RedactingLogger(Logger):
    """The access log without secret links: request line, path, referrer and every other
    header pass through stressprogram.redact, as Django's own log lines do."""

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }


logger_class = RedactingLogger
