"""One frozen, validated settings object. Environment variables are read only here."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from geo.errors import ConfigurationError

PROJECT_DIR = Path(__file__).resolve().parent.parent
GAZETTEER_DIR = PROJECT_DIR / "gazetteer"


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the gazetteer's inputs and its compiled cache live.

    cache_dir        folder for the compiled name index (built on first use)
    curated_csv      our curated entries (gazetteer/curated.csv)
    user_csv         optional user entries in the same format; they win ties
    added_dir        places added with `python -m geo gazetteer add` (kept across rebuilds)
    db               the event store: a SQLite file path or a SQLAlchemy URL
    network          may the library use the network (URLs, feeds, online geocoding)?
    geocoder         geopy service for the online fallback; geocoder_domain its host
    """

    cache_dir: Path = GAZETTEER_DIR / "cache"
    curated_csv: Path = GAZETTEER_DIR / "curated.csv"
    user_csv: Path | None = None
    added_dir: Path = GAZETTEER_DIR / "added"
    db: str = str(PROJECT_DIR / "data" / "newsmap.db")
    network: bool = False
    geocoder: str = "nominatim"
    geocoder_domain: str | None = None

    def __post_init__(self) -> None:
        for name in ("cache_dir", "curated_csv", "user_csv", "added_dir"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Path):
                object.__setattr__(self, name, Path(value))
        if self.user_csv is not None and not self.user_csv.is_file():
            raise ConfigurationError(
                f"user gazetteer {self.user_csv} does not exist — create it (same columns as "
                f"gazetteer/curated.csv) or unset NEWSMAP_USER_GAZETTEER")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        """Settings from NEWSMAP_CACHE_DIR, NEWSMAP_USER_GAZETTEER, NEWSMAP_GAZETTEER_ADDED and
        NEWSMAP_DB, else defaults."""
        env = os.environ if environ is None else environ
        kwargs: dict[str, Path | str | bool] = {}
        if env.get("NEWSMAP_CACHE_DIR"):
            kwargs["cache_dir"] = Path(env["NEWSMAP_CACHE_DIR"])
        if env.get("NEWSMAP_USER_GAZETTEER"):
            kwargs["user_csv"] = Path(env["NEWSMAP_USER_GAZETTEER"])
        if env.get("NEWSMAP_GAZETTEER_ADDED"):
            kwargs["added_dir"] = Path(env["NEWSMAP_GAZETTEER_ADDED"])
        if env.get("NEWSMAP_DB"):
            kwargs["db"] = env["NEWSMAP_DB"]
        if env.get("NEWSMAP_NETWORK", "").lower() in ("1", "true", "yes", "on"):
            kwargs["network"] = True
        if env.get("NEWSMAP_GEOCODER"):
            kwargs["geocoder"] = env["NEWSMAP_GEOCODER"]
        if env.get("NEWSMAP_GEOCODER_DOMAIN"):
            kwargs["geocoder_domain"] = env["NEWSMAP_GEOCODER_DOMAIN"]
        return cls(**kwargs)  # type: ignore[arg-type]  # each key set with its field's type above
