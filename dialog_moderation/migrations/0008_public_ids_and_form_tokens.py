import secrets

from django.db import migrations, models

import dialog_moderation.models

PUBLIC_ID_MIN = 2**32
PUBLIC_ID_MAX = 2**53


def give_existing_comments_public_ids(apps, schema_editor):
    CommentModeration = apps.get_model("dialog_moderation", "CommentModeration")
    taken = set()
    for moderation in CommentModeration.objects.only("pk").iterator():
        public_id = PUBLIC_ID_MIN + secrets.randbelow(PUBLIC_ID_MAX - PUBLIC_ID_MIN)
        while public_id in taken:
            public_id = PUBLIC_ID_MIN + secrets.randbelow(PUBLIC_ID_MAX - PUBLIC_ID_MIN)
        taken.add(public_id)
        CommentModeration.objects.filter(pk=moderation.pk).update(public_id=public_id)


class Migration(migrations.Migration):

    dependencies = [
        ("dialog_moderation", "0007_sender_locks"),
    ]

    operations = [
        migrations.AddField(
            model_name="commentmoderation",
            name="public_id",
            field=models.BigIntegerField(editable=False, null=True, verbose_name="publikt id"),
        ),
        migrations.RunPython(give_existing_comments_public_ids, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="commentmoderation",
            name="public_id",
            field=models.BigIntegerField(
                default=dialog_moderation.models.new_public_id, editable=False,
                help_text="Id som läsare ser (API, ankare, svarslänkar); databasens id visas bara för moderatorer.",
                unique=True, verbose_name="publikt id"),
        ),
        migrations.CreateModel(
            name="FormTokenUse",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("nonce", models.CharField(max_length=32, unique=True)),
                ("page_id", models.PositiveIntegerField()),
                ("issued_at", models.DateTimeField(db_index=True)),
                ("uses", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "användning av formulärnyckel",
                "verbose_name_plural": "användningar av formulärnycklar",
            },
        ),
    ]
