"""The public "Kommentera" form. It checks what only an HTML form has (honeypot, signed timestamp);
everything else is validated by moderation.services.comment_submit so the form and the API agree."""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from moderation.conf import setting
from moderation.inputs import DatabaseIdField, StrictInputMixin

FORM_SALT = "moderation.comment-form"


def form_token(page_id: int, issued_at: float | None = None) -> str:
    return signing.dumps({"p": page_id, "t": int(issued_at if issued_at is not None else time.time())}, salt=FORM_SALT)


class CommentForm(StrictInputMixin, forms.Form):
    name = forms.CharField(label=_("Namn"), required=False, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.CharField(
        label=_("E-post"), required=False, help_text=_("Visas aldrig för andra."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    text = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    consent = forms.BooleanField(
        label=_("Jag har läst hur mina personuppgifter hanteras och godkänner det."), required=False,
    )
    notify_on_publish = forms.BooleanField(label=_("Meddela mig när kommentaren publiceras"), required=False)
    followup = forms.BooleanField(label=_("Meddela mig om nya svar i diskussionen"), required=False)
    parent = DatabaseIdField(widget=forms.HiddenInput)
    website = forms.CharField(
        label=_("Lämna det här fältet tomt"), required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    ts = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, page, **kwargs):
        self.page = page
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("ts", form_token(page.pk))

    def full_clean(self):
        super().full_clean()
        # The template shows errors beside the visible fields; those of hidden ones and the honeypot go on top.
        for name in [name for name in self._errors if name in self.fields and
                     (self.fields[name].widget.is_hidden or name == "website")]:
            for message in self._errors.pop(name):
                if message not in self.non_field_errors():
                    self.add_error(None, message)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("Formuläret kunde inte skickas. Lämna fältet för robotar tomt."), code="honeypot")
        try:
            data = signing.loads(cleaned.get("ts") or "", salt=FORM_SALT)
            issued_at, page_id = int(data["t"]), int(data["p"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise forms.ValidationError(_("Formuläret är ogiltigt. Ladda om sidan och försök igen."), code="token")
        age = time.time() - issued_at
        if page_id != self.page.pk:
            raise forms.ValidationError(_("Formuläret hör till en annan sida. Ladda om sidan och försök igen."), code="token")
        if age < setting("FORM_MIN_SECONDS"):
            raise forms.ValidationError(
                _("Formuläret skickades för snabbt. Vänta några sekunder och försök igen."), code="too_fast")
        if age > setting("FORM_MAX_AGE"):
            raise forms.ValidationError(
                _("Formuläret är för gammalt. Ladda om sidan och skicka kommentaren igen."), code="expired")
        # A fresh token, so a re-rendered form can be sent again after the reader has corrected it.
        self.data = self.data.copy()
        self.data["ts"] = form_token(self.page.pk, issued_at)
        return cleaned
