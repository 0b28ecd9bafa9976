"""Settings shared by every environment; the other modules only override.

Everything that differs between machines comes from the environment through
``config.env`` so that a bad value fails at start-up with a clear message.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

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
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "treebeard",
    "channels",
    "viewflow",
    "viewflow.workflow",
    "core",
    "accounts",
    "workflows",
    "workflows.party",
    "workflows.community",
    "workflows.evaluation",
    "forms",
    "notifications",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "core.context_processors.shell",
            ],
        },
    },
]

# Embedded default: an SQLite file. Set DATABASE_URL for PostgreSQL.
DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'stepwise.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
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
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# Uploads: per-file limit and accepted types (checked by forms.services).
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
ATTACHMENT_ALLOWED_TYPES = [
    "application/pdf",
    "image/jpeg",
    "image/png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/msword",
    "application/vnd.ms-excel",
]

# Redis: unset -> in-memory channel layer and in-process background work (embedded default).
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_BEAT_SCHEDULE = {
    "memberships-sync": {"task": "accounts.tasks.memberships_sync_task", "schedule": 15 * 60},
    # The outbox is sent on commit; this run retries what failed (Redis or mail down) and catches stragglers.
    "notifications-deliver": {"task": "notifications.tasks.deliver_pending_task", "schedule": 30},
    "deadlines": {"task": "workflows.tasks.run_deadlines_task", "schedule": 15 * 60},
    "daily-digest": {"task": "workflows.tasks.daily_digest_task", "schedule": 15 * 60},
}
# Without a broker there is no beat: the web process runs the same periodic jobs in a thread.
RUN_PERIODIC_IN_PROCESS = env_bool("RUN_PERIODIC_IN_PROCESS", not REDIS_URL)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
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
    },
}

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
    },
}
REMIND_INTERVAL_HOURS = env_int("REMIND_INTERVAL_HOURS", 24)

# School-community applications (Process B, DOMAIN §3): the default start-of-year deadline ("MM-DD") when the
# bureau has set none for a school year, and what a 协作型 member school's feature plan gets (§3.6 B4):
# "warn" (accepted, flagged as not scored), "refuse", or "assess" (scored like the other types).
COMMUNITY_APPLICATION_DEADLINE = env_str("COMMUNITY_APPLICATION_DEADLINE", "09-30")
COMMUNITY_COLLABORATION_FEATURES = env_str("COMMUNITY_COLLABORATION_FEATURES", "warn")
if COMMUNITY_COLLABORATION_FEATURES not in ("warn", "refuse", "assess"):
    raise ImproperlyConfigured("COMMUNITY_COLLABORATION_FEATURES must be warn, refuse or assess")
