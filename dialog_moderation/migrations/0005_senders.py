from django.db import migrations, models


class Migration(migrations.Migration):
    """The normalised sender (dialog_moderation.senders.normalise_email) replaces the lower-cased address, and decisions
    record when erasure redacted their reason."""

    dependencies = [
        ("dialog_moderation", "0004_comment_log_entries"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="commentmoderation", name="moderation_email_submitted"),
        migrations.RenameField("commentmoderation", "sender_email", "sender_key"),
        migrations.AlterField(
            model_name="commentmoderation",
            name="sender_key",
            field=models.CharField(blank=True, db_index=True, max_length=254,
                                   verbose_name="avsändare (normaliserad e-post)"),
        ),
        migrations.AddIndex(
            model_name="commentmoderation",
            index=models.Index(fields=["sender_key", "submitted_at"], name="moderation_sender_submitted"),
        ),
        migrations.AddField(
            model_name="commentdecision",
            name="redacted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="personuppgifter borttagna"),
        ),
    ]
