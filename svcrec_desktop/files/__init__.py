"""Files people carry in and out that are not Word documents: session files, the findings CSV
read from a survey export, the register as CSV, and the writer that replaces a file whole or
not at all."""
