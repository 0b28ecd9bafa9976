# API tokens that expire and are stored hashed (issue #15, item 11); DRF's authtoken is no longer used.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_security_admin_role"),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key_hash", models.CharField(editable=False, max_length=64, unique=True)),
                ("prefix", models.CharField(editable=False, max_length=8, verbose_name="key starts with")),
                ("created_at", models.DateTimeField(verbose_name="issued at")),
                ("expires_at", models.DateTimeField(verbose_name="expires at")),
                ("last_used_at", models.DateTimeField(blank=True, null=True, verbose_name="last used at")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked at")),
                ("ip", models.GenericIPAddressField(blank=True, null=True, verbose_name="issued to address")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_tokens",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "verbose_name": "API token",
                "verbose_name_plural": "API tokens",
                "indexes": [models.Index(fields=["user", "expires_at"], name="accounts_ap_user_id_d53731_idx")],
            },
        ),
    ]
