"""What the application keeps in its data folder: the one SQLite database (WAL,
synchronous=FULL, 0600) with the connection, the parts that own its tables, its migrations,
search, erasure and backups; the outbox that keeps typed notes until the disk takes them; the
lock that keeps a second window out; the crash report; and the checks that the folder's disk
can keep the promise (local, with room). No SQL lives outside this package."""
