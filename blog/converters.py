"""``<year:year>`` for the archive URLs: 1 to 9999, the years a date can hold. Any other run of digits (0, 10000, a
20-digit number) is a 400 with a Swedish message rather than a date the database layer cannot build."""

from django.urls import register_converter
from django.utils.translation import gettext as _

from dialog_moderation.inputs import InputError

MIN_YEAR, MAX_YEAR = 1, 9999


class YearConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        if len(value) > 4 or not MIN_YEAR <= int(value) <= MAX_YEAR:
            raise InputError(_("The year must be between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR})
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


# Here, when the module is first imported (blog.models imports it before its routes are built): once per process.
register_converter(YearConverter, "year")
