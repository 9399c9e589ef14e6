"""Where a session starts and is found again: the sessions list, a new session, names, and
restoring a backup."""

PREPARATION = "preparation"  # where a session opens at its preparation (a finding was found)
