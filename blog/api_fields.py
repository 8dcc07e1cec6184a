"""Serializers for the fields BlogPostPage exposes through Wagtail's API."""

from rest_framework import serializers


class AuthorSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()


class NetworkSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    acronym = serializers.CharField()


class TagNamesSerializer(serializers.Field):
    def to_representation(self, manager):
        return sorted(tag.name for tag in manager.all())


class StreamHTMLSerializer(serializers.Field):
    """The StreamField rendered through the block templates, for front ends that want ready HTML."""

    def to_representation(self, stream_value):
        return str(stream_value.render_as_block())
