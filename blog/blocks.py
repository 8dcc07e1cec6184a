from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=255,
        help_text=_("Describe the image for someone who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blog/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blog/blocks/quote_block.html"


class BulletListBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(label=_("Item")), **kwargs)

    class Meta:
        icon = "list-ul"
        label = _("Bulleted list")
        template = "blog/blocks/bullet_list_block.html"


class ReadMoreBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Link text"), default=_("Read more …"), max_length=255)
    page = blocks.PageChooserBlock(label=_("Page on the site"), required=False)
    url = blocks.URLBlock(label=_("External address"), required=False)

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned.get("page") and not cleaned.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or enter an address."))}
            )
        return cleaned

    class Meta:
        icon = "link"
        label = _("Read more link")
        template = "blog/blocks/read_more_block.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        template="blog/blocks/paragraph_block.html",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    bullet_list = BulletListBlock()
    read_more = ReadMoreBlock()
