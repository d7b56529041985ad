"""Tests for the extraction package, one module per finder."""
