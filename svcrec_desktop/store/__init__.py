"""The one SQLite database a laptop keeps (WAL, synchronous=FULL, 0600): the connection, the
parts that own its tables, its migrations, search, erasure, backups, the outbox that keeps
typed notes until the disk takes them, and the lock that keeps a second window out. No SQL
lives outside this package."""
