import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("dialog_moderation", "0006_normalise_sender_emails"),
    ]

    operations = [
        migrations.CreateModel(
            name="SenderLock",
            fields=[
                ("key", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "avsändarlås",
                "verbose_name_plural": "avsändarlås",
            },
        ),
    ]
