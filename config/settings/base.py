"""Settings shared by every environment; the other modules only override.

Everything that differs between machines comes from the environment through
``config.env`` so that a bad value fails at start-up with a clear message.
"""

import re
import sys
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_database, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-embedded-key-change-me-for-any-real-deployment")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# Demo mode prints demo credentials and shows them on the login page.
DEMO_MODE = env_bool("DEMO_MODE", False)

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "core.apps.StaticFilesConfig",  # django.contrib.staticfiles, ignoring node_modules
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "treebeard",
    "channels",
    "viewflow",
    "viewflow.workflow",
    "axes",
    "core",
    "accounts",
    "workflows",
    "workflows.party",
    "workflows.community",
    "workflows.evaluation",
    "designer",
    "programmes",
    "programmes.records",
    "programmes.commitments",
    "programmes.baseline",
    "programmes.ballots",
    "programmes.studios",
    "programmes.assessment",
    "forms",
    "notifications",
    "audit",
    "dashboards",
    "exports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.client_ip.RequestFactsMiddleware",  # the client's address for every audit event written while serving
    "core.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.sessions.SessionIdleRefreshMiddleware",
    "core.middleware.ChineseFirstLocaleMiddleware",
    "core.nul.RefuseNulMiddleware",  # after the language is chosen: its 400 is translated
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.NoStoreMiddleware",  # Cache-Control: no-store for the signed-in and the API
    "core.request_memo.RequestMemoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a sign-in refused for lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "config.navigation.shell",
            ],
        },
    },
]

# Embedded default: an SQLite file. Set DATABASE_URL for PostgreSQL.
DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'stepwise.sqlite3'}")}
# A read replica (PostgreSQL streaming replica of DATABASE_URL) for the auditor console's reads; unset = none.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = env_database("DATABASE_REPLICA_URL", "")
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login name before the password is checked
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; anonymous users hold no object permissions

# Simplified Chinese first, English second. Business dates are Asia/Shanghai; instants are stored in UTC.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# ECharts comes from npm (package.json, installed by `make run` / `make test`) and is served as our own file.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
    ("vendor/sortablejs", BASE_DIR / "node_modules" / "sortablejs"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# Uploads: per-file limit and accepted types (each recognised by its content, forms.file_types): what schools hand
# in — PDF, pictures (HEIC from phones), Word, Excel, PowerPoint, WPS 文字/表格/演示, OFD and zip.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
ATTACHMENT_ALLOWED_TYPES = [
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/heic",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/kswps",
    "application/kset",
    "application/ksdps",
    "application/ofd",
    "application/zip",
]
# Per person (issue 15 item 9): uploads a minute through POST /api/v1/attachments/ (429 and Retry-After beyond), bytes
# uploaded in any 24 hours, and bytes of uploads not attached to anything yet; the periodic clean-up removes an
# upload never attached (its row and its file) once it is ATTACHMENT_ORPHAN_GRACE_HOURS old.
ATTACHMENT_UPLOAD_RATE = env_str("ATTACHMENT_UPLOAD_RATE", "20/m")
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)", ATTACHMENT_UPLOAD_RATE):
    raise ImproperlyConfigured(f"ATTACHMENT_UPLOAD_RATE must look like 20/m, not {ATTACHMENT_UPLOAD_RATE!r}")
ATTACHMENT_DAILY_QUOTA_BYTES = env_int("ATTACHMENT_DAILY_QUOTA_BYTES", 500 * 1024 * 1024)
ATTACHMENT_PENDING_QUOTA_BYTES = env_int("ATTACHMENT_PENDING_QUOTA_BYTES", 100 * 1024 * 1024)
ATTACHMENT_ORPHAN_GRACE_HOURS = env_int("ATTACHMENT_ORPHAN_GRACE_HOURS", 24)
ATTACHMENT_CLEANUP_MINUTES = env_int("ATTACHMENT_CLEANUP_MINUTES", 60)  # how often the clean-up runs
if min(ATTACHMENT_DAILY_QUOTA_BYTES, ATTACHMENT_PENDING_QUOTA_BYTES, ATTACHMENT_ORPHAN_GRACE_HOURS) < 1:
    raise ImproperlyConfigured("The attachment quotas and ATTACHMENT_ORPHAN_GRACE_HOURS must be at least 1.")
if ATTACHMENT_CLEANUP_MINUTES < 1:
    raise ImproperlyConfigured("ATTACHMENT_CLEANUP_MINUTES must be at least 1.")

# Redis: unset -> in-memory channel layer and in-process background work (embedded default).
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    # redis-py 8 gives up reading after 5 s by default, exactly as long as channels-redis's blocking receive
    # (BZPOPMIN, 5 s) may wait: on a busy machine the read lost the race, the consumer died and the browser's
    # socket dropped (redis/redis-py#4091; seen in tests/deploy/test_scale_out.py). Read longer than it blocks.
    # A burst of handshakes (300 sockets at once) ran the connection pool dry and every handshake then failed with
    # MaxConnectionsError (a 500): notifications.layers waits up to CHANNEL_LAYER_POOL_TIMEOUT seconds for one of
    # CHANNEL_LAYER_MAX_CONNECTIONS connections instead (issue #15 item 18).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "notifications.layers.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": 30,
                        "socket_connect_timeout": 5,
                        "max_connections": env_int("CHANNEL_LAYER_MAX_CONNECTIONS", 100),
                        "timeout": env_int("CHANNEL_LAYER_POOL_TIMEOUT", 5),
                    }
                ]
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Audit trail (audit.chain, audit.checkpoints; deploy/README.md §8) -------------------------------------------
# HMAC keys that seal the audit events and checkpoints, "id:secret" comma-separated; AUDIT_HMAC_KEY_ID names the
# one new events use (default: the first). Older ids stay listed so that the events they sealed still verify.
# The embedded run and the tests use a fixed development key that is NOT secret; production requires real ones.
DEVELOPMENT_AUDIT_HMAC_KEYS = "dev:stepwise-development-audit-key-not-secret"


def _audit_keys(value: str) -> dict[str, bytes]:
    keys = {}
    for item in value.split(","):
        key_id, _sep, secret = item.strip().partition(":")
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,16}", key_id) or not secret or key_id in keys:
            raise ImproperlyConfigured('AUDIT_HMAC_KEYS must be "id:secret,id:secret" (ids: 1-16 of A-Z a-z 0-9 _ -).')
        keys[key_id] = secret.encode()
    return keys


AUDIT_HMAC_KEYS = _audit_keys(env_str("AUDIT_HMAC_KEYS", DEVELOPMENT_AUDIT_HMAC_KEYS))
AUDIT_HMAC_KEY_ID = env_str("AUDIT_HMAC_KEY_ID", next(iter(AUDIT_HMAC_KEYS)))
if AUDIT_HMAC_KEY_ID not in AUDIT_HMAC_KEYS:
    raise ImproperlyConfigured(f"AUDIT_HMAC_KEY_ID {AUDIT_HMAC_KEY_ID!r} is not one of AUDIT_HMAC_KEYS.")
# The append-only checkpoint store: a folder outside the database (and ideally on another disk or machine).
AUDIT_CHECKPOINT_DIR = Path(env_str("AUDIT_CHECKPOINT_DIR", str(BASE_DIR / "var" / "audit-checkpoints")))
AUDIT_CHECKPOINT_MINUTES = env_int("AUDIT_CHECKPOINT_MINUTES", 60)  # how often the periodic job writes one
AUDIT_CHECKPOINT_FULL_EVERY = env_int("AUDIT_CHECKPOINT_FULL_EVERY", 24)  # a full one after this many partial ones
if AUDIT_CHECKPOINT_MINUTES < 1 or AUDIT_CHECKPOINT_FULL_EVERY < 1:
    raise ImproperlyConfigured("AUDIT_CHECKPOINT_MINUTES and AUDIT_CHECKPOINT_FULL_EVERY must be at least 1.")
# The database role that owns the tables and runs `manage.py migrate` (production: a separate role; the services
# connect with DATABASE_URL as a role that does not own them). Unset: migrate uses DATABASE_URL.
MIGRATION_DATABASE_URL = env_str("MIGRATION_DATABASE_URL", "")
if MIGRATION_DATABASE_URL and sys.argv[1:2] == ["migrate"]:
    DATABASES["default"] = env_database("MIGRATION_DATABASE_URL", "")

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# A broker that stops answering (Redis paused, a half-open connection) must not hold up the request that committed a
# change: the publish after commit gives up within seconds and the periodic run sends the outbox (issue 9). Without
# these a publish waited ~10 s; 2 s stays above the worker's 1 s BRPOP.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 2, "socket_connect_timeout": 2}
CELERY_BEAT_SCHEDULE = {
    "memberships-sync": {"task": "accounts.tasks.memberships_sync_task", "schedule": 15 * 60},
    "api-tokens-purge": {"task": "accounts.tasks.tokens_purge_task", "schedule": 24 * 60 * 60},
    # The outbox is sent on commit; this run retries what failed (Redis or mail down) and catches stragglers.
    "notifications-deliver": {"task": "notifications.tasks.deliver_pending_task", "schedule": 30},
    "deadlines": {"task": "workflows.tasks.run_deadlines_task", "schedule": 15 * 60},
    "designer-limits": {"task": "designer.tasks.run_limits_task", "schedule": 15 * 60},  # designer.deadlines
    # Activity records: who is behind on a quota, told once per term and quota before the term ends (issue 19).
    "programme-records-reminders": {"task": "programmes.records.tasks.send_reminders_task", "schedule": 60 * 60},
    "daily-digest": {"task": "workflows.tasks.daily_digest_task", "schedule": 15 * 60},
    # Signed checkpoints of every audit chain's head and count, outside the database (audit.checkpoints).
    "audit-checkpoint": {"task": "audit.tasks.audit_checkpoint_task", "schedule": 60 * AUDIT_CHECKPOINT_MINUTES},
    # Uploads never attached to anything, older than the grace period: row and file removed (forms.services).
    "attachments-orphans": {
        "task": "forms.tasks.orphan_attachments_remove_task",
        "schedule": 60 * ATTACHMENT_CLEANUP_MINUTES,
    },
}
# Without a broker there is no beat: the web process runs the same periodic jobs in a thread.
RUN_PERIODIC_IN_PROCESS = env_bool("RUN_PERIODIC_IN_PROCESS", not REDIS_URL)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.ApiTokenAuthentication",  # expiring, hashed, revocable (issue #15 item 11)
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    # DRF's parsers, refusing a NUL character anywhere in the parsed fields (core.nul).
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "core.api.parsers.FormParser",
        "core.api.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Stepwise API",
    "DESCRIPTION": "Workflow and approval system for schools, education bureaus and party branches.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_error_responses",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "accounts.models.OrganisationKind",
        "ApplicationKindEnum": "workflows.community.models.Kind",
        "NotificationKindEnum": "notifications.models.Kind",
        "DesignedCaseStageEnum": "designer.models.Stage",
        "CommunityStageEnum": "workflows.community.models.Status",
        # The programmes (issue 19): their choice sets named kind, level and role.
        "ProgrammeKindEnum": "programmes.models.ProgrammeKind",
        "ActivityKindEnum": "programmes.models.ActivityKind",
        "PollKindEnum": "programmes.ballots.models.PollKind",
        "DistinctionKindEnum": "programmes.baseline.models.DistinctionKind",
        "StudioRoleEnum": "programmes.studios.models.StudioRole",
        "StudioActivityKindEnum": "programmes.studios.models.ActivityKind",
        "StudioLevelEnum": "programmes.studios.models.Level",
        "StudioFileKindEnum": "programmes.studios.models.FileKind",
        "PledgeKindEnum": "programmes.commitments.models.PledgeKind",
        "DistinctionLevelEnum": "programmes.baseline.models.Level",
        "RoleEnum": "accounts.roles.Role",
    },
}

# List exports (.xlsx): up to this many rows are written while the person waits; more go to a background job.
EXPORT_INLINE_MAX_ROWS = env_int("EXPORT_INLINE_MAX_ROWS", 2000)
# Saved filters (issue 15 item 10): how many one person may keep (both scopes), and how many the 待办 page and the
# auditor console show before "all saved filters" (a paginated page where they are deleted).
SAVED_FILTERS_PER_PERSON = env_int("SAVED_FILTERS_PER_PERSON", 50)
SAVED_FILTERS_SHOWN = env_int("SAVED_FILTERS_SHOWN", 20)
if SAVED_FILTERS_PER_PERSON < 1 or SAVED_FILTERS_SHOWN < 1:
    raise ImproperlyConfigured("SAVED_FILTERS_PER_PERSON and SAVED_FILTERS_SHOWN must be at least 1.")
EXPORT_MAX_RUNNING_PER_USER = 3

# Links in emails point here.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Deadline notices (notifications.deadlines): "due in N working days" once per threshold, "overdue" once, and
# escalation to the step's supervisors once it is this many working days late. The digest goes out from this hour.
DEADLINE_NOTICE_WORKING_DAYS = [int(n) for n in env_list("DEADLINE_NOTICE_WORKING_DAYS", ["3", "1"])]
ESCALATE_AFTER_WORKING_DAYS = env_int("ESCALATE_AFTER_WORKING_DAYS", 3)
DIGEST_HOUR = env_int("DIGEST_HOUR", 7)

# Email: the console in the embedded run; production points the default mailer at SMTP.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "stepwise@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # daphne's runserver logs each request itself; do not print it a second time through the root logger.
    "loggers": {
        "django.channels.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Eager tasks in the embedded run would log every delivery run; keep Celery and kombu to warnings.
        "celery": {"level": "WARNING"},
        "kombu": {"level": "ERROR"},
        # django-axes: failed sign-ins and lockouts are warnings; its start-up banner is not worth a line.
        "axes": {"level": "WARNING"},
    },
}
REMIND_INTERVAL_HOURS = env_int("REMIND_INTERVAL_HOURS", 24)
# Comments one person may write ("N/s|m|h|d", default 10 a minute; workflows.services.CommentRate): 429 beyond.
COMMENT_RATE = env_str("COMMENT_RATE", "10/m")
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)", COMMENT_RATE):
    raise ImproperlyConfigured(f"COMMENT_RATE must look like 10/m, not {COMMENT_RATE!r}")

# School-community applications (Process B, DOMAIN §3): the default start-of-year deadline ("MM-DD") when the
# bureau has set none for a school year, and what a 协作型 member school's feature plan gets (§3.6 B4):
# "warn" (accepted, flagged as not scored), "refuse", or "assess" (scored like the other types).
COMMUNITY_APPLICATION_DEADLINE = env_str("COMMUNITY_APPLICATION_DEADLINE", "09-30")
COMMUNITY_COLLABORATION_FEATURES = env_str("COMMUNITY_COLLABORATION_FEATURES", "warn")
if COMMUNITY_COLLABORATION_FEATURES not in ("warn", "refuse", "assess"):
    raise ImproperlyConfigured("COMMUNITY_COLLABORATION_FEATURES must be warn, refuse or assess")

# --- Security (等保2.0 三级, OWASP ASVS L2) ---------------------------------------------------------------------
# Proxies in front of Django whose X-Forwarded-For is trusted (0: REMOTE_ADDR is the client; nginx: 1).
# core.client_ip reads the client address with it for lockout, rate limits and the audit trail.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXIES

# The cache holds rate-limit counters: Redis when there is one (shared by every process), else this process's memory.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "stepwise",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Lockout (django-axes): 5 failed sign-ins for one login name from one address lock that pair for 30 minutes,
# on the login page, the admin and POST /api/v1/auth/token/ alike. Attempts during a lockout do not extend it.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are already in the audit trail (audit.logins)
# Failed sign-ins per client address ("N/s|m|h|d", default 10 a minute; core.throttling), whatever the login names:
# beyond them the address is refused (429, Retry-After) until the oldest failure is that old. Successful sign-ins
# are never counted, so a school signing in from behind one NAT address is not slowed.
LOGIN_FAILURE_RATE = env_str("LOGIN_FAILURE_RATE", "10/m")
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)", LOGIN_FAILURE_RATE):
    raise ImproperlyConfigured(f"LOGIN_FAILURE_RATE must look like 10/m, not {LOGIN_FAILURE_RATE!r}")
if env_str("LOGIN_RATE", ""):
    raise ImproperlyConfigured("LOGIN_RATE counted every sign-in attempt; it is now LOGIN_FAILURE_RATE (failures).")

# API tokens (accounts.tokens): every sign-in at POST /api/v1/auth/token/ issues a new one, valid this many hours;
# a person keeps at most API_TOKENS_PER_USER valid tokens (the oldest are revoked). Sign-out through the API and a
# password change revoke them.
API_TOKEN_HOURS = env_int("API_TOKEN_HOURS", 8)
API_TOKENS_PER_USER = env_int("API_TOKENS_PER_USER", 10)
if API_TOKEN_HOURS < 1 or API_TOKENS_PER_USER < 1:
    raise ImproperlyConfigured("API_TOKEN_HOURS and API_TOKENS_PER_USER must be at least 1.")
# Activation links (accounts.activation): a person added or imported, or whose access was reset, sets their own
# password through a one-time link valid this many days; a new link revokes the previous one.
ACTIVATION_DAYS = env_int("ACTIVATION_DAYS", 7)
if not 1 <= ACTIVATION_DAYS <= 90:
    raise ImproperlyConfigured("ACTIVATION_DAYS must be between 1 and 90.")
# Open websockets per person (notifications.consumers); one more handshake is refused with close code 4429.
WEBSOCKET_MAX_PER_USER = env_int("WEBSOCKET_MAX_PER_USER", 10)

# Sessions end after 30 idle minutes and when the browser closes. A request pushes the expiry on when the last push
# is a minute old (core.sessions), not on every request: one session write a minute per person instead of one per
# request; a session ends 29 to 30 minutes after its last request.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60)
SESSION_REFRESH_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token, Swagger UI gets it rendered in
CSRF_COOKIE_SAMESITE = "Lax"

# Content Security Policy (Django's middleware; core.csp adds the page's own websocket origin to connect-src).
# Scripts and style sheets come from our static files; an inline <script>/<style> needs the request's nonce
# ({% csp_nonce_attr %}, as Django's admin does). style attributes stay allowed (style-src-attr): the
# organisation tree indents with them and chart libraries write them.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
