#!/bin/sh
# Rebuild the Swedish catalogues of dialog_moderation, dialog_search, blog and cms: extract and merge (make.sh),
# add the Swedish Wagtail/taggit lack to the site's catalogue (upstream.py), compile. Fails listing every entry left
# untranslated or fuzzy: translate those in the app's locale/sv/LC_MESSAGES/django.po and run it again.
set -e
cd "$(dirname "$0")/../.."
scripts/i18n/make.sh
PO="dialog_moderation/locale/sv/LC_MESSAGES/django.po dialog_search/locale/sv/LC_MESSAGES/django.po blog/locale/sv/LC_MESSAGES/django.po cms/locale/sv/LC_MESSAGES/django.po"
.venv/bin/python scripts/i18n/upstream.py
msgcat --use-first --no-wrap -o cms/locale/sv/LC_MESSAGES/django.po cms/locale/sv/LC_MESSAGES/django.po cms/locale/upstream-sv.po
status=0
for po in $PO; do
  left="$(msgattrib --untranslated $po; msgattrib --only-fuzzy $po)"
  if [ -n "$left" ]; then echo "== $po: untranslated or fuzzy"; echo "$left"; status=1; fi
  msgfmt --check-format -o "${po%.po}.mo" "$po"
done
exit $status
