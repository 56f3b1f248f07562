"""The SQLite store of documents, figures and analysts' reviews, shared by the command
line (python -m store PATH... --db FILE), the dashboard and the briefing.

Modules: cli (the command line), db (schema, ingestion, reviews and their audit trail,
opening store files made by older versions), review (validating what an analyst
typed; keeping reviews on their figures across re-extraction), sidecar (the reviews
journal beside the store), recovery (rebuilding a damaged store). Depends only on `extractors`.
"""
