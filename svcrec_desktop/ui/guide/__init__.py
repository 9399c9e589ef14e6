"""The guide page: the sections' forms, the notes beside them, action items, the privacy check
and the export dialog."""
