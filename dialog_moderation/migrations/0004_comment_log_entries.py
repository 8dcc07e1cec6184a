"""Comment decisions get their own audit log model (CommentLogEntry), shown in the site history only to moderators.

Entries written before (Wagtail's PageLogEntry on the comment's page, or ModelLogEntry) are moved: copied into the
new table and deleted from Wagtail's, so editors without the moderation permission no longer read them.
"""

import django.core.serializers.json
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


ACTION_PREFIX = "moderation.comment."
FIELDS = ("action", "data", "timestamp", "uuid", "user_id", "revision_id", "content_changed", "deleted")


def _comment_id(entry, comment_type_id):
    if getattr(entry, "content_type_id", None) == comment_type_id and getattr(entry, "object_id", None):
        return int(entry.object_id)
    value = (entry.data or {}).get("comment_id")
    return int(value) if isinstance(value, int) or (isinstance(value, str) and value.isdigit()) else None


def move_to_comment_log(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    CommentLogEntry = apps.get_model("dialog_moderation", "CommentLogEntry")
    CommentModeration = apps.get_model("dialog_moderation", "CommentModeration")
    XtdComment = apps.get_model("django_comments_xtd", "XtdComment")
    comment_type, _ = ContentType.objects.get_or_create(app_label="django_comments_xtd", model="xtdcomment")
    for model_name in ("PageLogEntry", "ModelLogEntry"):
        OldEntry = apps.get_model("wagtailcore", model_name)
        moved = []
        for entry in OldEntry.objects.filter(action__startswith=ACTION_PREFIX).iterator():
            comment_id = _comment_id(entry, comment_type.pk)
            if comment_id is None:
                continue  # not about one comment: left where it is
            page_id = getattr(entry, "page_id", None)
            if page_id is None:
                page_id = CommentModeration.objects.filter(comment_id=comment_id).values_list("page_id", flat=True).first()
            if page_id is None:
                object_pk = XtdComment.objects.filter(pk=comment_id).values_list("object_pk", flat=True).first()
                page_id = int(object_pk) if object_pk and object_pk.isdigit() else None
            if page_id is None:
                continue
            CommentLogEntry.objects.create(
                comment_id=comment_id, page_id=page_id, content_type=comment_type, label=f"Kommentar #{comment_id}",
                **{name: getattr(entry, name) for name in FIELDS},
            )
            moved.append(entry.pk)
        OldEntry.objects.filter(pk__in=moved).delete()


def move_back_to_page_log(apps, schema_editor):
    CommentLogEntry = apps.get_model("dialog_moderation", "CommentLogEntry")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    Page = apps.get_model("wagtailcore", "Page")
    for entry in CommentLogEntry.objects.iterator():
        page = Page.objects.filter(pk=entry.page_id).first()
        PageLogEntry.objects.create(
            page_id=entry.page_id, content_type_id=page.content_type_id if page else None,
            label=page.title if page else entry.label, **{name: getattr(entry, name) for name in FIELDS},
        )
    CommentLogEntry.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_comments_xtd', '0008_auto_20200920_2037'),
        ('dialog_moderation', '0003_scope_fail_closed'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CommentLogEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.TextField()),
                ('action', models.CharField(blank=True, db_index=True, max_length=255)),
                ('data', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                ('timestamp', models.DateTimeField(db_index=True, verbose_name='timestamp (UTC)')),
                ('uuid', models.UUIDField(blank=True, editable=False, help_text='Log entries that happened as part of the same user action are assigned the same UUID', null=True)),
                ('content_changed', models.BooleanField(db_index=True, default=False)),
                ('deleted', models.BooleanField(default=False)),
                ('comment', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='django_comments_xtd.xtdcomment', verbose_name='kommentar')),
                ('content_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contenttypes.contenttype', verbose_name='content type')),
                ('page', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='sida')),
                ('revision', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='wagtailcore.revision')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'logghändelse för kommentar',
                'verbose_name_plural': 'logghändelser för kommentarer',
                'ordering': ['-timestamp', '-id'],
                'abstract': False,
                'indexes': [models.Index(fields=['uuid', 'action', '-timestamp'], name='dialog_mode_uuid_84c839_idx')],
            },
        ),
        migrations.RunPython(move_to_comment_log, move_back_to_page_log),
    ]
