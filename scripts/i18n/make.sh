#!/bin/sh
# Extract the catalogues of the site's apps and the moderation plugin (English msgids).
# The admin helper's files are extracted too once they carry English msgids.
set -e
cd "$(dirname "$0")/../.."
for app in dialog_moderation blog cms; do
  # A fresh extraction each time: merging into the old catalogue would carry fuzzy guesses (fill.py gives the Swedish).
  rm -f $app/locale/sv/LC_MESSAGES/django.po
  (cd $app && DJANGO_SETTINGS_MODULE=cms.settings.test PYTHONPATH=.. ../.venv/bin/python ../manage.py makemessages -l sv --no-obsolete --no-location --no-wrap $MAKEMESSAGES_IGNORE)
done
