"""Developer machine and the demo: `make run`. SQLite unless DATABASE_URL says otherwise.

Debug is off by default so the demo shows the project's own Chinese 403/404/500 pages; WhiteNoise
serves the static files straight from the source folders. `make run DEBUG=1` turns debug on.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
