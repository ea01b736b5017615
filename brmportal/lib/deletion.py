"""Deleting rows together with the files they name.

Django deletes a row but never the file its FileField names (on purpose: a rolled-back
transaction would otherwise leave rows pointing at files that are gone). Deleting a campaign or an
organisation at its owner's request must take the files too (PDF reports, uploaded files), so
`delete_with_files` collects what the cascade will delete, exactly as `Model.delete()` does, and
removes the files of every deleted row once the transaction has committed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from django.core.files.storage import Storage
from django.db import models, router, transaction
from django.db.models.deletion import Collector

logger = logging.getLogger(__name__)


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def delete_with_files(objs: Sequence[models.Model] | models.QuerySet) -> dict[str, int]:
    """Delete `objs` (instances of one model, or a queryset) and everything that cascades from them;
    {"app_label.Model": rows deleted}. Their files go from storage after the commit."""
    objs = list(objs)
    if not objs:
        return {}
    collector = Collector(using=router.db_for_write(type(objs[0]), instance=objs[0]), origin=objs[0])
    collector.collect(objs)
    files: list[tuple[Storage, str]] = []
    for model, instances in collector.data.items():
        for field in _file_fields(model):
            files += [(field.storage, name) for obj in instances if (name := getattr(obj, field.attname))]
    # Rows Django deletes without loading them (nothing cascades from them): read their file names.
    for queryset in collector.fast_deletes:
        for field in _file_fields(queryset.model):
            names = queryset.exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
            files += [(field.storage, name) for name in names if name]
    _total, counts = collector.delete()
    transaction.on_commit(lambda: _delete_files(files))
    return {label: count for label, count in counts.items() if count}


def _delete_files(files: Iterable[tuple[Storage, str]]) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except Exception:  # a file already gone or a storage hiccup must not undo the deletion
            logger.warning("could not delete %s from storage", name, exc_info=True)


def related_row_counts(obj: models.Model) -> dict[str, int]:
    """Rows of every model that points at `obj` with a foreign key: {"app_label.Model": count}, one
    COUNT per such model (a constant number of queries, whatever the number of rows).

    Every tenant-owned model has a direct key to its organisation (and a campaign's rows to their
    campaign), so this counts what deleting `obj` takes with it, including models added later.
    """
    counts: dict[str, int] = {}
    for relation in obj._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one):
            continue
        model = relation.related_model
        count = model._default_manager.filter(**{relation.field.name: obj}).count()
        counts[model._meta.label] = max(count, counts.get(model._meta.label, 0))
    return counts
