"""gunicorn settings for the web process (deploy/systemd/jgt-web.service).

Read from the environment (/etc/jgt/jgt.env): JGT_BIND (default 127.0.0.1:8000; a unix socket
is `unix:/run/jgt/gunicorn.sock`), JGT_WEB_WORKERS (default 2 × cores + 1), JGT_WEB_TIMEOUT
(seconds, default 120: the longest synchronous request, e.g. a CSV export).
"""

import multiprocessing
import os

bind = os.environ.get("JGT_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("JGT_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("JGT_WEB_TIMEOUT", "120"))
graceful_timeout = 30
# A worker is replaced after this many requests (a slow leak cannot grow forever).
max_requests = 2000
max_requests_jitter = 200
# nginx on the same machine (or the machines listed) may set X-Forwarded-*.
forwarded_allow_ips = os.environ.get("JGT_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("JGT_WEB_LOGLEVEL", "info")
# gunicorn's control socket (runtime commands) is not used: systemd signals the master.
control_socket_disable = True
