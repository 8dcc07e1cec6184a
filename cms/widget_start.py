"""Admin widgets started without inline scripts, so the admin's Content-Security-Policy needs no 'unsafe-inline'.

Wagtail 8 still starts a few admin widgets with an inline ``<script>`` after their HTML: the choosers (image,
document, page, snippet, task), the date and time pickers and the inline panels (wagtail/wagtail#1288, #7053).
Here they render an inert element instead, which the Stimulus controller in cms/static/cms/js/widget-start.js
turns into the same call. The choosers are changed below (BaseChooser.render, from CmsConfig.ready); the pickers
and panels by the templates under cms/templates/wagtailadmin/.
"""

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail.admin.widgets import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser

_wagtail_chooser_render = BaseChooser.render


def widget_start_element(function: str, args: list) -> SafeString:
    """The element that calls ``function(*args)`` (``new function(*args)`` for a class) once it is in the page."""
    return format_html(
        '<span hidden data-controller="widget-start" data-widget-start-function-value="{}" '
        'data-widget-start-args-value="{}"></span>',
        function,
        json.dumps(args),
    )


def _chooser_render(self, name, value, attrs=None, renderer=None):
    """BaseChooser.render, ending in widget_start_element instead of ``<script>new ImageChooser(…)</script>``."""
    own_start_up = type(self).render_js_init is not BaseChooser.render_js_init
    if own_start_up and not isinstance(self, AdminTaskChooser):
        # A chooser that starts in a way we do not know: rendered as Wagtail does (the policy will report it).
        return _wagtail_chooser_render(self, name, value, attrs, renderer)
    if not attrs or "id" not in attrs:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute")
    id_ = attrs["id"]
    value_data = self.get_value_data(value)
    if isinstance(self, AdminTaskChooser):
        start = widget_start_element("createTaskChooser", [id_])
    else:
        start = widget_start_element(self.js_constructor, [id_, self.get_js_init_options(id_, name, value_data)])
    return self.render_html(name, value_data, attrs) + start


def start_choosers_without_inline_scripts() -> None:
    BaseChooser.render = _chooser_render
