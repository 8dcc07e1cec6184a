"""The public "Kommentera" form. Its fields only; the bot checks (honeypot, signed form token) and everything else are
done by dialog_moderation.services.comment_submit_with_token, the same function the JSON API calls, so both paths agree."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dialog_moderation import services
from dialog_moderation.inputs import DatabaseIdField, StrictInputMixin


def form_token(page_id: int, issued_at: float | None = None) -> str:
    return services.form_token_issue(page_id=page_id, issued_at=issued_at)


class CommentForm(StrictInputMixin, forms.Form):
    name = forms.CharField(label=_("Name"), required=False, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.CharField(
        label=_("Email"), required=False, help_text=_("Never shown to others."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    text = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    consent = forms.BooleanField(
        label=_("I have read how my personal data is handled and I accept it."), required=False,
    )
    notify_on_publish = forms.BooleanField(label=_("Notify me when the comment is published"), required=False)
    followup = forms.BooleanField(label=_("Notify me of new replies in the discussion"), required=False)
    parent = DatabaseIdField(widget=forms.HiddenInput)
    website = forms.CharField(
        label=_("Leave this field empty"), required=False,
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
