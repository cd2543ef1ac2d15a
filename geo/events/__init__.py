"""Stage 4, events: typed, dated, located events of an article (`extract`), from the taxonomy
table (`taxonomy`), trigger patterns (`triggers`), sentence cues (`cues`), dates (`dates`), the
event's place (`places`), and a learned classifier where the rules stop (`classifier`)."""
from geo.events.extractor import extract

__all__ = ["extract"]
