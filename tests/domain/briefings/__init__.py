"""Tests of the briefing engine, one module per module of bot/domain/briefings."""
