from django.db import migrations

BATCH = 2000


def normalise(apps, schema_editor):
    """Fills sender_key from the address each comment was sent with, so earlier spellings of one mailbox
    (plus tags, case, punycode, invisible characters) count as one sender from now on."""
    from dialog_moderation.senders import normalise_email

    CommentModeration = apps.get_model("dialog_moderation", "CommentModeration")
    rows = CommentModeration.objects.select_related("comment").only("pk", "sender_key", "comment__user_email")
    changed = []
    for row in rows.iterator(chunk_size=BATCH):
        key = normalise_email(row.comment.user_email) if row.comment.user_email else ""
        if key != row.sender_key:
            row.sender_key = key
            changed.append(row)
        if len(changed) >= BATCH:
            CommentModeration.objects.bulk_update(changed, ["sender_key"])
            changed = []
    CommentModeration.objects.bulk_update(changed, ["sender_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("dialog_moderation", "0005_senders"),
        ("django_comments_xtd", "__first__"),
    ]

    operations = [
        migrations.RunPython(normalise, migrations.RunPython.noop),
    ]
