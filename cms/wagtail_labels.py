"""Labels Wagtail 8.0.1 leaves to Django's pretty_name (English, untranslatable): given the msgid Wagtail's own
catalogue already translates. Kept to the fields our editors meet; remove each when Wagtail labels it."""

from django.utils.translation import gettext_lazy as _


def label_wagtail_fields():
    from wagtail.users.forms import PagePermissionsForm

    # The page chooser of the group editor's page permissions: no label, so Django shows "Page".
    PagePermissionsForm.base_fields["page"].label = _("Page")
