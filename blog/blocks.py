from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Bild"))
    alt_text = blocks.CharBlock(
        label=_("Alternativtext"),
        max_length=255,
        help_text=_("Beskriv bilden för den som inte ser den."),
    )
    caption = blocks.CharBlock(label=_("Bildtext"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "blog/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citat"))
    attribution = blocks.CharBlock(label=_("Vem sade det"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Citat")
        template = "blog/blocks/quote_block.html"


class BulletListBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(label=_("Punkt")), **kwargs)

    class Meta:
        icon = "list-ul"
        label = _("Punktlista")
        template = "blog/blocks/bullet_list_block.html"


class ReadMoreBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Länktext"), default=_("Läs mer …"), max_length=255)
    page = blocks.PageChooserBlock(label=_("Sida på webbplatsen"), required=False)
    url = blocks.URLBlock(label=_("Extern adress"), required=False)

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned.get("page") and not cleaned.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Välj en sida eller ange en adress."))}
            )
        return cleaned

    class Meta:
        icon = "link"
        label = _("Läs mer-länk")
        template = "blog/blocks/read_more_block.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Stycke"),
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        template="blog/blocks/paragraph_block.html",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    bullet_list = BulletListBlock()
    read_more = ReadMoreBlock()
