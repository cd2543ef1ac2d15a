"""Stage 2, recognition: the place mentions of a text (`find_mentions`), pass by pass: candidate
spans (`spans`), what is no place here (`name_checks`), cues and confidence (`span_cues`),
streets (`streets`); spans given from outside (`given_spans`)."""
from geo.recognize.mentions import find_mentions

__all__ = ["find_mentions"]
