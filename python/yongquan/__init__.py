"""yongquan: an explainable, rule-based symptom matcher for the acupuncture
point KI 1 (YongQuan, 湧泉).

Educational decision support, not a diagnosis. Emergencies ("red flags") are
flagged whatever ranks first: always read ``doc["red_flags"]`` and
``doc["triage"]``.

A thin shell over the Rust library, as the ``yongquan`` command line is::

    import yongquan
    m = yongquan.Matcher(region="uk")
    doc = m.match("insomnia, night sweats")     # = yongquan match --format json
    docs = m.match_many(lines, threads=2)        # = yongquan match --batch, minus "line"

See ``python/README.md`` and the JSON contract in the project's README.
"""

from ._yongquan import (
    MAX_INPUT_BYTES,
    NOTICE,
    SCHEMA_VERSION,
    InputError,
    Matcher,
    RuleError,
    YongquanError,
    __version__,
)

__all__ = [
    "MAX_INPUT_BYTES",
    "NOTICE",
    "SCHEMA_VERSION",
    "InputError",
    "Matcher",
    "RuleError",
    "YongquanError",
    "__version__",
]
