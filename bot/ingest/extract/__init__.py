"""Pull one dialogue out of an article: when, where, who, what, and the sentences behind it."""

from bot.ingest.extract.dates import find_event_date
from bot.ingest.extract.extraction import LEAD_PARAGRAPHS, Extraction, extract
from bot.ingest.extract.mechanisms import find_mechanism
from bot.ingest.extract.money import find_commitments
from bot.ingest.extract.participants import find_people
from bot.ingest.extract.places import CITIES, find_place, normalise_place
from bot.ingest.extract.summary import SUMMARY_MAX, choose_summary
from bot.ingest.extract.topics import find_positions, find_topics

__all__ = [
    "CITIES",
    "LEAD_PARAGRAPHS",
    "SUMMARY_MAX",
    "Extraction",
    "choose_summary",
    "extract",
    "find_commitments",
    "find_event_date",
    "find_mechanism",
    "find_people",
    "find_place",
    "find_positions",
    "find_topics",
    "normalise_place",
]
