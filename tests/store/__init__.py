"""Tests of bot/store/: the files, their commits, crashes and faults."""
