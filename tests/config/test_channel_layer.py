"""The Redis channel layer reads longer than its blocking receive waits (redis/redis-py#4091): otherwise, on a busy
machine, the websocket consumer's receive times out, the consumer dies and the browser's socket drops."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_channel_layer_outwaits_its_own_blocking_receive():
    code = (
        "from channels.layers import get_channel_layer; layer = get_channel_layer(); "
        "print(layer.hosts[0]['socket_timeout'] > layer.brpop_timeout)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/stepwise",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALLOWED_HOSTS": "stepwise.example.edu.cn",
        "AUDIT_HMAC_KEYS": f"k1:{secrets.token_urlsafe(48)}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip().endswith("True"), result.stdout + result.stderr
