from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page


class HomePage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.BlogIndexPage", "blog.NetworkIndexPage"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        from blog.models import BlogPostPage, NetworkProfilePage

        context = super().get_context(request, *args, **kwargs)
        posts = list(
            BlogPostPage.with_listing_data(
                BlogPostPage.objects.descendant_of(self).live().public().order_by("-date", "-pk")
            )[:6]
        )
        BlogPostPage.annotate_listing(posts)
        context["latest_posts"] = posts
        context["networks"] = (
            NetworkProfilePage.objects.descendant_of(self).live().public().select_related("logo").order_by("title")
        )
        return context


class PeriodicJob(models.Model):
    """When a periodic job of the task workers last ran: several workers lock its row (skipping a locked one),
    so a job runs once per interval however many workers there are."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    last_run = models.DateTimeField(_("last run"), null=True, blank=True)

    class Meta:
        verbose_name = _("recurring job")
        verbose_name_plural = _("recurring job")

    def __str__(self):
        return self.name
