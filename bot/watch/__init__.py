"""Watching news sources: fetch feeds and listing pages, ingest new articles, keep state.

Nothing here imports `telegram` except `jobs.py`, which schedules passes on the bot's job queue.
"""
