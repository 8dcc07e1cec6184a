"""The host's page types: one that takes comments (the plugin's mixin), one that does not."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from dialog_moderation.models import CommentablePageMixin


class HomePage(Page):
    """The site root; no comments."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]


class ArticlePage(CommentablePageMixin, Page):
    """A page readers comment on: the mixin and the editor's switch are all a host adds."""

    lead = models.TextField(blank=True)
    body = RichTextField(blank=True)
    allow_comments = models.BooleanField(default=True)

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("body"), FieldPanel("allow_comments")]
    settings_panels = Page.settings_panels + [FieldPanel("allow_comments")]
