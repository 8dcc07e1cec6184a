from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def widget_start_script():
    return format_html('<script src="{}"></script>', static("cms/js/widget-start.js"))
