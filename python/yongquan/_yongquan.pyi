"""Type stubs of the native module ``yongquan._yongquan``."""

from os import PathLike
from typing import Any, Dict, Iterable, List, Literal, Optional, Sequence, Union, final, overload

__all__ = [
    "InputError",
    "MAX_INPUT_BYTES",
    "Matcher",
    "NOTICE",
    "RuleError",
    "SCHEMA_VERSION",
    "YongquanError",
    "__version__",
]

__version__: str
SCHEMA_VERSION: str
NOTICE: str
MAX_INPUT_BYTES: int

_Care = Literal["full", "ids", "none"]
_Lang = Literal["auto", "en", "zh"]
_Detail = Literal["full", "compact"]

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

@final
class Matcher:
    """The rule engine; immutable, usable from many threads, not picklable."""

    def __new__(
        cls,
        rules_dirs: Union[str, PathLike[str], Sequence[Union[str, PathLike[str]]], None] = None,
        region: Optional[str] = None,
        min_score: Optional[float] = None,
        allow_override: bool = False,
    ) -> "Matcher": ...
    @property
    def region(self) -> Optional[str]: ...
    @property
    def min_score(self) -> float: ...
    def match(
        self, text: str, top: int = 3, care: _Care = "full", detail: _Detail = "full"
    ) -> Dict[str, Any]: ...
    def match_many(
        self,
        texts: Iterable[str],
        top: int = 3,
        care: _Care = "ids",
        threads: Optional[int] = None,
        detail: _Detail = "compact",
    ) -> List[Dict[str, Any]]: ...
    def match_many_json(
        self,
        texts: Iterable[str],
        top: int = 3,
        care: _Care = "ids",
        threads: Optional[int] = None,
        detail: _Detail = "compact",
    ) -> List[str]: ...
    def match_many_columns(
        self,
        texts: Iterable[str],
        top: int = 3,
        care: _Care = "ids",
        threads: Optional[int] = None,
        detail: _Detail = "compact",
    ) -> Dict[str, List[Any]]: ...
    @overload
    def explain(
        self,
        text: str,
        rule: Optional[str] = None,
        format: Literal["text"] = "text",
        lang: _Lang = "auto",
    ) -> str: ...
    @overload
    def explain(
        self,
        text: str,
        rule: Optional[str] = None,
        *,
        format: Literal["json"],
        lang: _Lang = "auto",
    ) -> Dict[str, Any]: ...
    def human(self, text: str, top: int = 3, lang: _Lang = "auto") -> str: ...
    def rules(self) -> List[Dict[str, Any]]: ...
