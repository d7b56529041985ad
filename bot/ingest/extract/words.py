"""Long vocabularies written as one string of words, so they read as prose."""


def word_list(text: str) -> tuple[str, ...]:
    """A word list written as one string, for the long lists in the finders."""
    return tuple(text.split())
