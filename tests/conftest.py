"""Test configuration: hypothesis profiles sized for CI (2 cores, minutes).

``ci`` (the default) draws 40 examples per property; under CI (``CI=true``) the
draws are derandomized so that a landing is reproducible.  Set
``COMMLB_HYPOTHESIS_PROFILE=thorough`` for 500 random examples per property.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow],
    derandomize=bool(os.environ.get("CI")),
)
settings.register_profile(
    "thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("COMMLB_HYPOTHESIS_PROFILE", "ci"))
