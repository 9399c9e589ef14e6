"""The meeting pages: the script and its steps, the note-taker's capture pane and saved notes,
and the presenter window for the room."""
