"""Type stubs of the native module ``yongquan._yongquan``."""

from os import PathLike
from typing import Any, Dict, Iterable, List, Literal, Optional, Sequence, Union, overload

__version__: str
SCHEMA_VERSION: str
NOTICE: str
MAX_INPUT_BYTES: int

Care = Literal["full", "ids", "none"]
Lang = Literal["auto", "en", "zh"]

class YongquanError(ValueError):
    """Base of the errors yongquan raises."""

class RuleError(YongquanError):
    """Rule files cannot be read or are invalid.

    The message lists every problem as ``severity: file:line:column: message``;
    ``diagnostics`` (when the files could be read) holds them as dicts with
    ``severity``, ``file``, ``line``, ``column``, ``message`` and ``help``.
    """

    diagnostics: List[Dict[str, Any]]

class InputError(YongquanError):
    """A description the library refuses: empty or blank, or over MAX_INPUT_BYTES."""

class Matcher:
    """The rule engine; immutable, usable from many threads, not picklable."""

    def __init__(
        self,
        rules_dirs: Optional[Sequence[Union[str, PathLike[str]]]] = None,
        region: Optional[str] = None,
        min_score: Optional[float] = None,
        allow_override: bool = False,
    ) -> None: ...
    @property
    def region(self) -> Optional[str]: ...
    @property
    def min_score(self) -> float: ...
    def match(self, text: str, top: int = 3, care: Care = "full") -> Dict[str, Any]: ...
    def match_many(
        self,
        texts: Iterable[str],
        top: int = 3,
        care: Care = "ids",
        threads: Optional[int] = None,
    ) -> List[Dict[str, Any]]: ...
    @overload
    def explain(
        self,
        text: str,
        rule: Optional[str] = None,
        format: Literal["text"] = "text",
        lang: Lang = "auto",
    ) -> str: ...
    @overload
    def explain(
        self,
        text: str,
        rule: Optional[str] = None,
        *,
        format: Literal["json"],
        lang: Lang = "auto",
    ) -> Dict[str, Any]: ...
    def human(self, text: str, top: int = 3, lang: Lang = "auto") -> str: ...
    def rules(self) -> List[Dict[str, Any]]: ...
