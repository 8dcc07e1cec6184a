import json

from django import template

from cms.widget_start import widget_start_element

register = template.Library()


@register.simple_tag
def widget_start(function, id=None, options_json=None):
    """``{% widget_start "initDateChooser" id=widget.attrs.id options_json=widget.config_json %}``: the element
    that starts an admin widget in place of Wagtail's inline ``<script>`` (see cms/widget_start.py)."""
    args = [] if id is None else [id]
    if options_json is not None:
        args.append(json.loads(options_json))
    return widget_start_element(function, args)
