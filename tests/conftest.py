"""Shared fixtures: the tenant personas, an instrument and an open campaign.

alice: admin of `org`; bob: viewer (read-only) of `org`; charlie: BRM of `other_org`.
"""

from __future__ import annotations

import os

import pytest

from tests.databases import MigratedTemplate

# Required with live_server + the sync Playwright API (tests/browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slowest tests first: the real-worker tests, then the browser tests, then the rest in
    their usual order. pytest-xdist hands each process its next test when it is free
    (`--maxschedchunk=1`, pyproject.toml), so the long ones spread over both processes at the
    start instead of leaving one process running a long test at the end while the other waits.
    """

    def rank(item: pytest.Item) -> int:
        if item.get_closest_marker("worker"):
            return 0
        return 1 if item.get_closest_marker("browser") else 2

    items.sort(key=rank)  # stable: the usual order within each group


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """The test processes' PostgreSQL sessions commit without waiting for the disk
    (synchronous_commit=off: ~1 ms a commit saved, and transactional tests commit every
    statement). A test database is thrown away after the run: nothing needs to survive a crash."""
    from django.conf import settings

    for database in settings.DATABASES.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            options = database.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings, django_db_blocker) -> bool:
    """True when the test database was copied from the migrated template (`MigratedTemplate`):
    pytest-django then keeps it as it is (migrate finds nothing to do) instead of creating it and
    running every migration, about 4 s of CPU per test process. `--reuse-db` as before."""
    if request.config.getvalue("reuse_db"):
        return True
    with django_db_blocker.unblock():
        return MigratedTemplate().clone()


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_keepdb, django_db_blocker):
    """The bundled instrument loaded once into the test database: each test's transaction rolls
    back to it, so the `instrument` fixture below finds it in one query instead of writing ~300
    rows. Transactional tests (the browser suite, the worker tests) commit their rows; they end
    by deleting them again (`_Baseline`) instead of Django's flush, so the next test starts from
    the same rows, the instrument included."""
    from django.test import TransactionTestCase

    from assessments.services.instruments import instrument_load

    reuse_db = request.config.getvalue("reuse_db")
    with django_db_blocker.unblock():
        if not django_db_keepdb:
            MigratedTemplate().keep()
        instrument_load()
        baseline = _Baseline.take()
    flush = TransactionTestCase._fixture_teardown

    def fixture_teardown(test_case: TransactionTestCase) -> None:
        if test_case.available_apps is not None or test_case.serialized_rollback or test_case.reset_sequences:
            flush(test_case)
            return
        databases = test_case._databases_names(include_mirrors=False)
        if not all([baseline.restore(db_name) for db_name in databases]):
            # The test changed or deleted a row of the baseline: Django's flush, then the
            # baseline's rows again.
            flush(test_case)
            instrument_load()
            for db_name in databases:
                baseline.retake(db_name)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", fixture_teardown)
        yield
    if django_db_keepdb and not reuse_db:
        with django_db_blocker.unblock():
            MigratedTemplate().drop()


class _Baseline:
    """The rows every test starts from (content types, permissions, the bundled instrument), and
    how to get back to them after a transactional test committed rows of its own.

    Django's flush empties every table (TRUNCATE), re-creates the content types and permissions
    (post_migrate) and leaves the instrument to be loaded again: about a second a test. Here only
    the rows a test added are deleted, in one transaction (the foreign keys are deferred, so the
    order does not matter): ids only grow, so they are the ones above the baseline's largest id.
    A checksum of each table that had rows proves that nothing else changed; if something did,
    `restore` says so and the caller falls back to the flush.
    """

    AUTO = {"AutoField", "BigAutoField", "SmallAutoField"}

    def __init__(self):
        # Per database: {table: (SQL condition for the rows a test added, its parameters,
        # SQL of the table's checksum or None when it was empty, the checksum)}
        self.tables: dict[str, dict[str, tuple[str, list, str | None, str | None]]] = {}

    @classmethod
    def take(cls, db_name: str = "default") -> _Baseline:
        baseline = cls()
        baseline.retake(db_name)
        return baseline

    def retake(self, db_name: str) -> None:
        from django.apps import apps
        from django.db import connections

        connection = connections[db_name]
        existing = set(connection.introspection.table_names())
        tables = {}
        with connection.cursor() as cursor:
            for model in apps.get_models(include_auto_created=True):
                meta = model._meta
                if not meta.managed or meta.proxy or meta.db_table in tables or meta.db_table not in existing:
                    continue
                table, pk = connection.ops.quote_name(meta.db_table), connection.ops.quote_name(meta.pk.column)
                # Names of the project's own tables and columns, quoted: no outside input.
                if meta.pk.get_internal_type() in self.AUTO:
                    cursor.execute(f"SELECT coalesce(max({pk}), 0), count(*) FROM {table}")  # noqa: S608
                    largest, count = cursor.fetchone()
                    added, params = f"{pk} > %s", [largest]
                else:
                    cursor.execute(f"SELECT coalesce(array_agg({pk}), '{{}}'), count(*) FROM {table}")  # noqa: S608
                    kept, count = cursor.fetchone()
                    added, params = f"NOT ({pk} = ANY(%s))", [kept]
                checksum = f"SELECT md5(string_agg(t::text, ',' ORDER BY {pk})) FROM {table} t"  # noqa: S608
                checksum_sql = checksum if count else None
                tables[meta.db_table] = (
                    f"FROM {table} WHERE {added}",
                    params,
                    checksum_sql,
                    self._checksum(cursor, checksum_sql),
                )
        self.tables[db_name] = tables

    @staticmethod
    def _checksum(cursor, sql: str | None) -> str | None:
        if sql is None:
            return None
        cursor.execute(sql)
        return cursor.fetchone()[0]

    def restore(self, db_name: str) -> bool:
        """Delete what the test added; False when rows of the baseline changed or went."""
        from django.db import connections, transaction

        tables = self.tables[db_name]
        with transaction.atomic(using=db_name), connections[db_name].cursor() as cursor:
            probes, params = [], []
            for name, (added, added_params, _, _) in tables.items():
                probes.append(f"SELECT %s WHERE EXISTS (SELECT 1 {added})")
                params += [name, *added_params]
            cursor.execute(" UNION ALL ".join(probes), params)
            for (name,) in cursor.fetchall():
                added, added_params, _, _ = tables[name]
                cursor.execute(f"DELETE {added}", added_params)
            return all(self._checksum(cursor, sql) == checksum for _, _, sql, checksum in tables.values())


@pytest.fixture(autouse=True, scope="session")
def _mail_tasks_on_a_queue_of_their_own():
    """E-mail tasks a test hands to the broker (after a commit, assessments.services.mail) go to a
    queue of this test process, deleted at the end: nothing piles up in the shared Redis, and no
    worker of another run sends them."""
    import uuid

    from django.conf import settings

    queue = f"brm-test-mail-{uuid.uuid4().hex[:12]}"
    settings.MAIL_TASK_QUEUE = queue
    yield
    if settings.CELERY_BROKER_URL.startswith("redis://"):
        import redis

        try:
            client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1)
            keys = list(client.scan_iter(match=f"*{queue}*"))
            if keys:
                client.delete(*keys)
        except redis.RedisError:
            pass


@pytest.fixture(autouse=True)
def _empty_cache_after_each_test():
    # The cache is Redis under `make test` and outlives the test's rolled-back transaction:
    # cached scores, rate-limit counters and throttles must not leak into the next test.
    yield
    from tests.helpers import cache_clear

    cache_clear()


@pytest.fixture(autouse=True)
def _english_after_each_test():
    # Respondent views activate the respondent's language for the rest of the thread, as the
    # middleware does for every request; a test that calls a service after such a request must
    # not inherit Dutch from the test before it.
    yield
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(scope="session")
def _bundled_version_and_hash() -> tuple[str, str]:
    from assessments.content import read_content

    content = read_content()
    return content["version"], content["hash"]


@pytest.fixture
def instrument(db, _bundled_version_and_hash):
    """The bundled instrument, as `instrument_load()` returns it: found by its version and hash
    (read once per session) when it is there, as it is after `django_db_setup`; read_content()
    hands out a deep copy of the whole content each time (~5 ms a test)."""
    from assessments.models import Instrument
    from assessments.services.instruments import instrument_load

    version, content_hash = _bundled_version_and_hash
    found = Instrument.objects.filter(organisation=None, version=version, content_hash=content_hash).first()
    return found or instrument_load()


@pytest.fixture
def instrument_2026(db):
    """The archived version 2026.2 (assessments/content/archive/), for tests about its content:
    a module overrides `instrument` with it (`def instrument(instrument_2026)`) to run on it."""
    from assessments.content import read_content
    from assessments.services.instruments import instrument_load

    return instrument_load(content=read_content(version="2026.2"))


@pytest.fixture
def org(db):
    from accounts.models import Organisation

    return Organisation.objects.create(name="Acme Shipping", slug="acme")


@pytest.fixture
def other_org(db):
    from accounts.models import Organisation

    return Organisation.objects.create(name="Globex Utilities", slug="globex")


def _member(django_user_model, username, organisation, role):
    from accounts.models import Membership

    user = django_user_model.objects.create_user(
        username=username, password="password", email=f"{username}@example.com"
    )
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def alice(django_user_model, org):
    return _member(django_user_model, "alice", org, "admin")


@pytest.fixture
def bob(django_user_model, org):
    return _member(django_user_model, "bob", org, "viewer")


@pytest.fixture
def brm(django_user_model, org):
    """A business relationship manager of `org`: runs campaigns and workshops, is no admin."""
    return _member(django_user_model, "dana", org, "brm")


@pytest.fixture
def charlie(django_user_model, other_org):
    return _member(django_user_model, "charlie", other_org, "brm")


@pytest.fixture
def campaign(org, instrument):
    from tests.helpers import open_campaign

    return open_campaign(org, instrument, "Round 1", departments=["Sales", "Finance"])


@pytest.fixture
def invitation(campaign):
    from assessments.services.invitations import invitation_create

    return invitation_create(campaign=campaign, side="business", email="pat@example.com", department="Sales")


@pytest.fixture
def it_invitation(campaign):
    from assessments.services.invitations import invitation_create

    return invitation_create(campaign=campaign, side="it", email="sam@example.com")
