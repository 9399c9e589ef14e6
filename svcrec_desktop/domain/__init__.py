"""The method and its words, with no storage, files or Qt: sessions, notes and the guide as
values, the playbook read from resources/, the agenda and its clock, the privacy rules, the
invitation's text and the page format. Everything else stands on this layer."""
