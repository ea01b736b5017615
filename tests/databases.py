"""The test databases of a run: copies of a migrated template (tests/conftest.py uses it)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path


class MigratedTemplate:
    """A PostgreSQL database holding every migration of the project, named after a hash of the
    migration files and the Django version (`brm_migrated_<hash>`): each test process's database
    is a copy of it (CREATE DATABASE ... TEMPLATE), made in a fraction of a second. The first run
    after a migration changes makes it from its freshly migrated test database (`keep`), and
    drops the templates of older migrations."""

    PREFIX = "brm_migrated_"

    def __init__(self):
        import django
        from django.apps import apps
        from django.conf import settings
        from django.db import connection

        self.connection = connection
        self.enabled = connection.vendor == "postgresql"
        digest = hashlib.sha256(django.get_version().encode())
        for app in apps.get_app_configs():
            folder = Path(app.path) / "migrations"
            if Path(app.path).is_relative_to(settings.BASE_DIR) and folder.is_dir():
                for path in sorted(folder.glob("*.py")):
                    digest.update(path.name.encode() + path.read_bytes())
        self.name = self.PREFIX + digest.hexdigest()[:16]

    def _execute(self, *sql: str) -> list[tuple]:
        with self.connection.creation._nodb_cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
            return cursor.fetchall() if cursor.description else []

    def _exists(self, name: str) -> bool:
        with self.connection.creation._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None

    def clone(self) -> bool:
        """Make this process's test database a copy of the template; False when there is none."""
        from django.db import DatabaseError

        if not self.enabled or not self._exists(self.name):
            return False
        quote = self.connection.ops.quote_name
        test_name = self.connection.creation._get_test_db_name()
        # Two test processes may copy the template at the same moment; PostgreSQL then refuses
        # one ("being accessed by other users") for an instant.
        for attempt in range(20):
            try:
                self._execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
                self._execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(self.name)}")
                return True
            except DatabaseError:
                if attempt == 19:
                    return False
                time.sleep(0.1 + 0.05 * attempt)
        return False

    def keep(self) -> None:
        """Copy the freshly migrated test database into the template (under a name of this
        process, then renamed, so no one copies a half-made template), and drop older ones."""
        from django.db import DatabaseError

        if not self.enabled or self._exists(self.name):
            return
        quote = self.connection.ops.quote_name
        source = self.connection.settings_dict["NAME"]
        part = f"{self.name}_{os.getpid()}"
        self.connection.close()  # a database being copied must have no session
        try:
            self._execute(f"CREATE DATABASE {quote(part)} TEMPLATE {quote(source)}")
            self._execute(f"ALTER DATABASE {quote(part)} RENAME TO {quote(self.name)}")
        except DatabaseError:  # the other test process was first, or a session was open: next run
            self._execute(f"DROP DATABASE IF EXISTS {quote(part)}")
            return
        older = self._execute(
            f"SELECT datname FROM pg_database WHERE datname LIKE '{self.PREFIX}%%' AND datname <> '{self.name}'"  # noqa: S608
        )
        for (name,) in older:
            if name.removeprefix(self.PREFIX).isalnum():  # finished templates only, not a part
                try:
                    self._execute(f"DROP DATABASE IF EXISTS {quote(name)}")
                except DatabaseError:  # being copied by another run: next time
                    pass

    def drop(self) -> None:
        """Drop this process's copy at the end (pytest-django keeps a database it did not create)."""
        name = self.connection.settings_dict["NAME"]
        self.connection.close()
        # FORCE: a session a test left open (a thread of the live server) must not keep it.
        self._execute(f"DROP DATABASE IF EXISTS {self.connection.ops.quote_name(name)} WITH (FORCE)")
