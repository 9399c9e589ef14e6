"""The preparation page: tasks, findings and their CSV import, people and dates, the
invitation and the agenda."""
