"""Where a session starts and is found again: the sessions list, a new session, names, and
restoring a backup."""
