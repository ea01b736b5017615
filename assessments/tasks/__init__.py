"""Celery tasks of the core, one module per sub-domain (thin: they take ids and call a service).

Celery's autodiscovery imports `assessments.tasks`, so each module is imported here.
"""

from assessments.tasks import (
    actions,  # noqa: F401
    benchmark,  # noqa: F401
    imports,  # noqa: F401
    mail,  # noqa: F401
    retention,  # noqa: F401
)
