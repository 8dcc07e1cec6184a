#!/bin/sh
# Rebuild the Swedish catalogues of dialog_moderation, blog and cms: extract (English msgids), fill the Swedish,
# add the Swedish Wagtail/taggit lack to the site's catalogue, compile. Fails if any msgstr is empty or fuzzy.
# MAKEMESSAGES_IGNORE: files to leave out (the admin helper's files while they still carry Swedish msgids).
set -e
cd "$(dirname "$0")/../.."
scripts/i18n/make.sh
PO="dialog_moderation/locale/sv/LC_MESSAGES/django.po blog/locale/sv/LC_MESSAGES/django.po cms/locale/sv/LC_MESSAGES/django.po"
.venv/bin/python scripts/i18n/fill.py $PO $FILL_EXTRA
.venv/bin/python scripts/i18n/upstream.py
msgcat --use-first --no-wrap -o cms/locale/sv/LC_MESSAGES/django.po cms/locale/sv/LC_MESSAGES/django.po cms/locale/upstream-sv.po
for po in $PO; do
  test -z "$(msgattrib --untranslated $po)" && test -z "$(msgattrib --only-fuzzy $po)"
  msgfmt --check-format -o "${po%.po}.mo" "$po"
done
