# Type stubs for the part of whoosh-reloaded 2.7.5 that tui/search/whoosh uses (it ships none).
# Written from its source; only what the program calls, so mypy --strict checks those calls.
