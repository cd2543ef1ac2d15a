"""The gazetteer's name index: folded name key -> posting slot (and the key's word frequency).

Half a million keys in a Python dict take 0.35 s to rebuild from the cache on every start,
most of the whole load. Here the keys are one sorted newline-joined string, split on load
(0.06 s), and found by binary search; answers are memoised, because news repeats its names
and the recogniser asks about the same capitalised words again and again.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left

MEMO_LIMIT = 200_000  # memoised answers kept before the memo starts over
FUZZY_MIN_LEN = 7     # one-typo matching only for names this long (no fuzzy hits on short ones)


def remember(memo: dict, key: str, answer):
    """Memoise `answer`, starting the memo over when it is full; returns `answer`."""
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = answer
    return answer


ROMANISATION_LETTERS = "aeiouyjhwvkcsz"


class NameIndex:
    """Read-only mapping of name keys to int slots, with `zipf(key)`, `has_prefix(p)` and
    `first_word(w)`."""

    def __init__(self, keys: list[str], slots: array, zipf: array) -> None:
        self._keys = keys      # sorted
        self._slots = slots    # slot of keys[i]
        self._zipf = zipf      # English word frequency of keys[i] (Zipf scale), 0 when rare
        self._memo: dict[str, int] = {}
        self._first_words: dict[str, tuple[bool, bool]] = {}  # memo of first_word()

    @classmethod
    def build(cls, slots_by_key: dict[str, int], zipf_by_key: dict[str, float]) -> dict:
        """The marshal-able parts of an index (see `from_parts`)."""
        keys = sorted(slots_by_key)
        if any("\n" in k for k in keys):
            raise ValueError("a name key contains a newline")
        return {"keys": "\n".join(keys),
                "slots": array("q", (slots_by_key[k] for k in keys)).tobytes(),
                "zipf": array("d", (zipf_by_key.get(k, 0.0) for k in keys)).tobytes()}

    @classmethod
    def from_parts(cls, parts: dict) -> NameIndex:
        slots, zipf = array("q"), array("d")
        slots.frombytes(parts["slots"])
        zipf.frombytes(parts["zipf"])
        keys = parts["keys"].split("\n") if parts["keys"] else []
        return cls(keys, slots, zipf)

    def forget(self) -> None:
        """Drop the memoised answers (the benchmark times every pass from cold answers)."""
        self._memo.clear()
        self._first_words.clear()

    def _position(self, key: str) -> int:
        """Position of `key` in the sorted keys, or -1."""
        found = self._memo.get(key)
        if found is None:
            i = bisect_left(self._keys, key)
            found = remember(self._memo, key, i if i < len(self._keys) and self._keys[i] == key else -1)
        return found

    def get(self, key: str, default: int | None = None) -> int | None:
        i = self._position(key)
        return self._slots[i] if i >= 0 else default

    def one_letter_from(self, key: str) -> list[str]:
        """The keys one letter dropped from `key`, or one letter of those that romanisations
        trade (vowels, y, j, h, w, v, k, c, s, z: 'Vysokopillia'/'Vysokopillya', 'Haradh'/'Harad')
        inserted or replaced; looked up without the memo: a rare question, whose hundreds of
        misses would only crowd it."""
        keys, letters = self._keys, ROMANISATION_LETTERS
        variants = {key[:i] + key[i + 1:] for i in range(len(key))}
        variants.update(key[:i] + c + key[i + 1:] for i in range(len(key)) for c in letters)
        variants.update(key[:i] + c + key[i:] for i in range(len(key) + 1) for c in letters)
        variants.discard(key)
        found = []
        for v in variants:
            i = bisect_left(keys, v)
            if i < len(keys) and keys[i] == v:
                found.append(v)
        return sorted(found)

    def __contains__(self, key: str) -> bool:
        return self._position(key) >= 0

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self):
        return iter(self._keys)

    def items(self):
        return zip(self._keys, self._slots, strict=True)

    def zipf(self, key: str) -> float:
        """How common the key is as an English word (Zipf scale; 0.0 when rare or unknown)."""
        i = self._position(key)
        return float(self._zipf[i]) if i >= 0 else 0.0

    def first_word(self, word: str) -> tuple[bool, bool]:
        """(is `word` a key, does a longer key start with `word` and a space): the two
        questions the recogniser asks of every capitalised word, answered by one search.
        ('new' -> (True, True): 'new', 'new york'.)"""
        found = self._first_words.get(word)
        if found is None:
            keys = self._keys
            i = bisect_left(keys, word)
            is_key = i < len(keys) and keys[i] == word
            prefix = word + " "
            # keys starting with `prefix` come right after `word` itself (only a control
            # character after `word` would sort between): a second search is seldom needed
            j = i + is_key
            if j < len(keys) and keys[j].startswith(word) and keys[j] < prefix:
                j = bisect_left(keys, prefix, j)
            found = remember(self._first_words, word,
                             (is_key, j < len(keys) and keys[j].startswith(prefix)))
        return found

    def has_prefix(self, prefix: str) -> bool:
        """Does any key start with `prefix`? ('new ' -> yes: 'new york')."""
        memo_key = "\0" + prefix  # keys never contain NUL: the same memo serves both questions
        found = self._memo.get(memo_key)
        if found is None:
            i = bisect_left(self._keys, prefix)
            found = remember(self._memo, memo_key,
                             1 if i < len(self._keys) and self._keys[i].startswith(prefix) else -1)
        return found > 0
