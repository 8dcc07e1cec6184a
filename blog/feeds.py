"""The RSS 2.0 feed of a blog at /blogg/feed/."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed


class BlogFeed(Feed):
    feed_type = Rss201rev2Feed
    limit = 20

    def __init__(self, blog):
        super().__init__()
        self.blog = blog

    def title(self):
        return self.blog.title

    def link(self):
        return self.blog.url

    def description(self):
        return self.blog.presentation

    def items(self):
        from blog.models import BlogPostPage

        return BlogPostPage.with_listing_data(self.blog.posts())[: self.limit]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.full_url

    def item_author_name(self, item):
        return item.author.name if item.author_id else self.blog.title

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(8, 0)))

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]
