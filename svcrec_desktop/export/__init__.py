"""The Word documents (python-docx): the guide, the facilitator's record, the quick card and
the invitation, each built from what export.source lets leave, and written whole or not at
all. Importing this package loads no python-docx; each document's module does."""
