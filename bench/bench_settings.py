"""Benchmark-only settings: the portal's own, with WhiteNoise's non-manifest storage.

Used by bench/load.py only when `collectstatic` fails with the production storage
(CompressedManifestStaticFilesStorage), e.g. a vendored JS file naming a source map that is
not there. Static files are still compressed and served by WhiteNoise; only the hashed names
are missing, which does not change the cost of a questionnaire page.
"""

from brmportal.settings import *  # noqa: F403
from brmportal.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}}
