"""Tests of the briefing engine: commands, resolution, briefings."""
