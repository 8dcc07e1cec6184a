#!/bin/sh
# Extract the catalogues of the site's apps and the moderation plugin (English msgids), merged into the existing
# Swedish catalogues (which are the source of truth: translate new entries there). dialog_search has its own
# catalogue, extracted the same way by its own line below.
set -e
cd "$(dirname "$0")/../.."
for app in dialog_moderation dialog_search blog cms; do
  (cd $app && DJANGO_SETTINGS_MODULE=cms.settings.test PYTHONPATH=.. ../.venv/bin/python ../manage.py makemessages -l sv --no-obsolete --no-location --no-wrap)
done
