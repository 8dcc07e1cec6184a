"""gunicorn's configuration for `make serve` (scripts/serve.sh) and `make loadtest`: `gunicorn -c gunicorn.conf.py`.

No response names the server software. gunicorn has no setting for its `Server: gunicorn` header, so this file,
which the arbiter runs before it forks the workers, takes the header out: HTTP/1.x responses are written without
it (``Response.default_headers``), and the name HTTP/2 responses would add when the app sent none is empty.
The command line's options (bind, workers, logs) apply beside it.
"""

from gunicorn.http import wsgi

wsgi.SERVER = ""
_default_headers = wsgi.Response.default_headers


def _headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _headers_without_server
