import hashlib

from django.db import migrations, models


def hash_secrets(apps, schema_editor):
    """Keep each secret's SHA-256 instead of the secret: the addresses already in phones keep
    working, and the database no longer opens them."""
    CalendarToken = apps.get_model("plans", "CalendarToken")
    for token in CalendarToken.objects.only("pk", "secret"):
        token.secret_hash = hashlib.sha256(token.secret.encode()).hexdigest()
        token.save(update_fields=["secret_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0006_calendar_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="calendartoken",
            name="secret_hash",
            field=models.CharField(default="", max_length=64, verbose_name="SHA-256 of the secret"),
            preserve_default=False,
        ),
        # A secret cannot be recovered from its hash: going back leaves those addresses dead.
        migrations.RunPython(hash_secrets, migrations.RunPython.noop),
        migrations.RemoveField(model_name="calendartoken", name="secret"),
    ]
